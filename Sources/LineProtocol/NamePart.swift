/// The places a name can stand in a line-protocol point; each has its own escaping rules.
public enum NamePart: String, Sendable, CaseIterable {
    case measurement = "measurement"
    case tagKey = "tag key"
    case tagValue = "tag value"
    case fieldKey = "field key"
}
