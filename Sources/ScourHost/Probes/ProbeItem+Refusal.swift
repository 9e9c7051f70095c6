extension ProbeItem {
    /// Why this item must not be sent to a host at all, or nil. A refused item is rendered as
    /// an `error` record computed on the controller, so the answer still accounts for it and
    /// the planner reports the reason instead of a guess. `namesAreCommandArguments`: the
    /// shell passes names to commands as arguments (POSIX: pgrep, dpkg-query, systemctl), where
    /// a leading `-` would be an option.
    package func refusal(namesAreCommandArguments: Bool) -> String? {
        if values.contains(where: { $0.unicodeScalars.contains("\0") }) {
            return "contains a NUL character, which no remote path or name can hold"
        }
        switch self {
        case .glob(_, let maxMatches) where maxMatches < 1:
            return "max_matches must be at least 1"
        case .content(_, let limit) where limit < 0:
            return "content limit must not be negative"
        case .globContents(_, let maxMatches, let limit):
            if maxMatches < 1 { return "max_matches must be at least 1" }
            return limit < 0 ? "content limit must not be negative" : nil
        case .contentGlob(_, _, let maxMatches, let lineLimit):
            if maxMatches < 1 { return "max_matches must be at least 1" }
            return lineLimit < 1 ? "the line limit must be at least 1 byte" : nil
        case .processes(let name, let executable, let commandLine, let maxMatches):
            if maxMatches < 1 { return "max_matches must be at least 1" }
            if name == nil && executable == nil && commandLine == nil {
                return "no criterion: at least one of name, executable and command line is needed"
            }
            if [name, executable, commandLine].contains("") { return "a criterion is empty" }
            return nil
        case .command(_, let timeout) where timeout < 1:
            return "command timeout must be at least 1 second"
        case .package(let name) where namesAreCommandArguments && !name.allSatisfy(Self.isPackageNameCharacter):
            // dpkg-query and rpm read a name as a pattern; real names have none of its syntax.
            return "not a package name (letters, digits and . + _ : ~ - only)"
        case .package(let name), .service(let name):
            // Such a name would reach dpkg-query/systemctl as an option.
            if namesAreCommandArguments && name.hasPrefix("-") { return "a name may not begin with '-'" }
            return name.isEmpty ? "the name is empty" : nil
        default:
            return nil
        }
    }

    private static func isPackageNameCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || ".+_:~-".contains(character))
    }

    /// The playbook-supplied strings in this item.
    private var values: [String] {
        switch self {
        case .facts: []
        case .file(let path), .content(let path, _): [path]
        case .glob(let pattern, _), .globContents(let pattern, _, _): [pattern]
        case .contentGlob(let pattern, let regex, _, _): [pattern, regex]
        case .processes(let name, let executable, let commandLine, _): [name, executable, commandLine].compactMap { $0 }
        case .package(let name), .service(let name): [name]
        case .command(let run, _): [run]
        case .hotfix(let id): [id]
        }
    }
}
