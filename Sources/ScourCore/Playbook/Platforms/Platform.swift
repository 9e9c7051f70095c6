/// How steps are carried out on a host: POSIX shell, or PowerShell.
public enum Platform: String, Sendable, Hashable, CaseIterable {
    case linux, windows

    /// What the analysis knows about the platform. Adding a platform is adding its case, its
    /// line here and its file of rules beside this one (and its `HostShell` in ScourHost).
    var rules: any PlatformRules {
        switch self {
        case .linux: LinuxRules()
        case .windows: WindowsRules()
        }
    }

    /// The platforms in words, for messages that list them: `linux or windows`.
    static func listed(_ word: (Platform) -> String = \.rawValue) -> String {
        let words = allCases.map(word)
        return words.count == 1 ? words[0] : words.dropLast().joined(separator: ", ") + " or " + words.last!
    }
}
