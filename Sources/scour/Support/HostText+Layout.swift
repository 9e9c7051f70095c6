import ScourCore

extension HostText {
    /// Text that may span lines (a command, a diff line with tabs) shown as text: tabs and
    /// newlines kept as layout, every other unsafe character escaped (`terminalLines`), and each
    /// line after the first indented by `continuation`, so none can pass for one of Scour's own.
    static func layout(_ text: String, continuation: String) -> String {
        terminalLines(text).split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + continuation)
    }
}
