/// Colour for status words on a terminal; plain text when stdout is not a terminal or NO_COLOR
/// is set (https://no-color.org).
struct Paint {
    var enabled: Bool

    func red(_ s: String) -> String { wrap(s, "31") }
    func green(_ s: String) -> String { wrap(s, "32") }

    private func wrap(_ s: String, _ code: String) -> String {
        enabled ? "\u{1B}[1;\(code)m\(s)\u{1B}[0m" : s
    }
}
