import Foundation
import XCTest

/// The dashboards checked offline against Grafana's dashboard JSON model (schemaVersion 39, as
/// Grafana 10.4–11 write it) as far as that can be done without Grafana, which is not
/// installable here: required keys and their types, panel types, gridPos on the 24-column grid
/// without overlaps, unique panel ids and refIds, datasource references that resolve to a
/// datasource variable of the right plugin, every `$variable` defined, and threshold steps.
/// What Grafana itself would add (rendering, the datasource plugins' query editors, migrations)
/// is not checked.
extension MonitoringTests {
    static let panelTypes: Set<String> = ["stat", "timeseries", "logs", "table", "gauge", "bargauge", "text", "row", "state-timeline"]
    /// Grafana's built-in variables and the InfluxQL alias patterns the dashboards use.
    static let builtInVariables: Set<String> = [
        "__range", "__interval", "__rate_interval", "timeFilter", "col", "tag_job", "tag_database",
        "tag_operation",
    ]

    func testDashboardsFollowGrafanasJSONModel() throws {
        for (file, plugin) in [("influxdump.json", "prometheus"), ("influxdump-influxql.json", "influxdb")] {
            let d = try MonitoringFiles.dashboard(file)
            checkTopLevel(d, file)
            let variables = (d["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
            let names = variables.compactMap { $0["name"] as? String }
            XCTAssertEqual(Set(names).count, names.count, "\(file): variable names unique")
            // Datasource variables: name → plugin type.
            var sources: [String: String] = [:]
            for v in variables where v["type"] as? String == "datasource" { sources[v["name"] as? String ?? ""] = v["query"] as? String }
            XCTAssertEqual(Set(sources.values), [plugin, "loki"], "\(file): a \(plugin) and a Loki datasource variable")
            for v in variables { checkVariable(v, sources: sources, file) }
            let defined = Set(names).union(Self.builtInVariables)
            var ids: Set<Int> = []
            var boxes: [(x: Int, y: Int, w: Int, h: Int)] = []
            for p in MonitoringFiles.panels(d) {
                let title = "\(file) panel \(p["title"] as? String ?? "?")"
                let id = p["id"] as? Int ?? 0
                XCTAssertTrue(id > 0 && ids.insert(id).inserted, "\(title): a unique id")
                XCTAssertTrue(Self.panelTypes.contains(p["type"] as? String ?? ""), "\(title): type \(p["type"] ?? "none")")
                XCTAssertFalse((p["title"] as? String ?? "").isEmpty, "\(file): a panel without title")
                if let box = checkGridPos(p["gridPos"], title) {
                    for other in boxes
                    where box.x < other.x + other.w && other.x < box.x + box.w && box.y < other.y + other.h && other.y < box.y + box.h {
                        XCTFail("\(title): overlaps another panel")
                    }
                    boxes.append(box)
                }
                checkDatasource(p["datasource"], sources: sources, title)
                checkTargets(p, sources: sources, defined: defined, title)
                if p["type"] as? String != "logs" { checkFieldConfig(p["fieldConfig"], title) }
                XCTAssertNotNil(p["options"] as? [String: Any], "\(title): options")
            }
        }
    }

    func checkTopLevel(_ d: [String: Any], _ file: String) {
        XCTAssertFalse((d["title"] as? String ?? "").isEmpty, "\(file): title")
        let uid = d["uid"] as? String ?? ""
        // Grafana's rule for uids: at most 40 characters of [a-zA-Z0-9-_].
        XCTAssertTrue(
            !uid.isEmpty && uid.count <= 40 && uid.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) }, uid)
        XCTAssertEqual(d["schemaVersion"] as? Int, 39, "\(file): schemaVersion")
        XCTAssertTrue(d.keys.contains("id") && d["id"] is NSNull, "\(file): id null, so provisioning and import assign one")
        for key in ["editable"] { XCTAssertNotNil(d[key] as? Bool, "\(file): \(key)") }
        for key in ["version", "graphTooltip"] { XCTAssertNotNil(d[key] as? Int, "\(file): \(key)") }
        for key in ["refresh", "timezone"] { XCTAssertNotNil(d[key] as? String, "\(file): \(key)") }
        XCTAssertNotNil(d["tags"] as? [String], "\(file): tags")
        let time = d["time"] as? [String: String]
        XCTAssertTrue(time?["from"] != nil && time?["to"] != nil, "\(file): time.from and time.to")
        XCTAssertNotNil((d["annotations"] as? [String: Any])?["list"] as? [[String: Any]], "\(file): annotations.list")
        XCTAssertNotNil(d["panels"] as? [[String: Any]], "\(file): panels")
    }

    func checkVariable(_ v: [String: Any], sources: [String: String], _ file: String) {
        let name = v["name"] as? String ?? "?"
        let type = v["type"] as? String ?? ""
        XCTAssertTrue(
            ["query", "datasource", "custom", "constant", "interval", "textbox"].contains(type), "\(file) $\(name): type \(type)")
        XCTAssertTrue([0, 1, 2].contains(v["refresh"] as? Int ?? -1), "\(file) $\(name): refresh 0, 1 or 2")
        guard type == "query" else { return }
        checkDatasource(v["datasource"], sources: sources, "\(file) $\(name)")
        XCTAssertFalse((v["definition"] as? String ?? "").isEmpty, "\(file) $\(name): definition")
        if v["includeAll"] as? Bool == true { XCTAssertEqual(v["allValue"] as? String, ".*", "\(file) $\(name): All is a regex") }
    }

    /// `{type, uid: "${var}"}` where `var` is a datasource variable of that plugin type.
    func checkDatasource(_ ref: Any?, sources: [String: String], _ what: String) {
        guard let ref = ref as? [String: String], let type = ref["type"], let uid = ref["uid"] else {
            return XCTFail("\(what): datasource is not {type, uid}")
        }
        let variable = uid.hasPrefix("${") && uid.hasSuffix("}") ? String(uid.dropFirst(2).dropLast()) : ""
        XCTAssertEqual(sources[variable], type, "\(what): datasource uid \(uid) names a \(type) datasource variable")
    }

    func checkGridPos(_ pos: Any?, _ what: String) -> (x: Int, y: Int, w: Int, h: Int)? {
        guard let p = pos as? [String: Int], let x = p["x"], let y = p["y"], let w = p["w"], let h = p["h"] else {
            XCTFail("\(what): gridPos needs integer x, y, w, h")
            return nil
        }
        XCTAssertTrue(x >= 0 && y >= 0 && w >= 1 && h >= 1 && x + w <= 24, "\(what): gridPos \(p) on the 24-column grid")
        return (x, y, w, h)
    }

    func checkTargets(_ p: [String: Any], sources: [String: String], defined: Set<String>, _ what: String) {
        let targets = p["targets"] as? [[String: Any]] ?? []
        XCTAssertFalse(targets.isEmpty, "\(what): targets")
        let refIds = targets.compactMap { $0["refId"] as? String }
        XCTAssertEqual(Set(refIds).count, targets.count, "\(what): unique refIds")
        for t in targets {
            checkDatasource(t["datasource"], sources: sources, what)
            let query = t["expr"] as? String ?? t["query"] as? String ?? ""
            XCTAssertFalse(query.isEmpty, "\(what): an empty query")
            for name in Self.variableNames(query) + Self.variableNames(t["legendFormat"] as? String ?? "") {
                XCTAssertTrue(defined.contains(name), "\(what): $\(name) is not defined")
            }
        }
    }

    func checkFieldConfig(_ config: Any?, _ what: String) {
        let defaults = (config as? [String: Any])?["defaults"] as? [String: Any]
        XCTAssertNotNil(defaults, "\(what): fieldConfig.defaults")
        XCTAssertNotNil((config as? [String: Any])?["overrides"] as? [Any], "\(what): fieldConfig.overrides")
        let steps = (defaults?["thresholds"] as? [String: Any])?["steps"] as? [[String: Any]] ?? []
        XCTAssertTrue(steps.first.map { $0["value"] is NSNull } ?? false, "\(what): the first threshold step has value null")
        let values = steps.dropFirst().compactMap { ($0["value"] as? NSNumber)?.doubleValue }
        XCTAssertEqual(values, values.sorted(), "\(what): threshold steps increase")
        XCTAssertEqual(values.count, steps.count - 1, "\(what): every later step has a number")
    }

    /// `$name` and `${name}` in a query (not `$1` or `$labels`-style template text of the rules).
    static func variableNames(_ s: String) -> [String] {
        var out: [String] = []
        let chars = Array(s)
        var i = 0
        while i < chars.count {
            defer { i += 1 }
            guard chars[i] == "$", i + 1 < chars.count else { continue }
            var j = i + 1
            let braced = chars[j] == "{"
            if braced { j += 1 }
            var name = ""
            while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { name.append(chars[j]); j += 1 }
            // `$` closing an InfluxQL regex (`/^$job$/`) or a Prometheus anchor is not a variable.
            if !name.isEmpty, name.first?.isNumber == false { out.append(name) }
        }
        return out
    }
}
