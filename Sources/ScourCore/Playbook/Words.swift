/// Plain-words renderings shared by `scour explain` and `scour plan`.
extension Indicator {
    public var words: String {
        switch self {
        case .file(let path, nil): "the file \(path) exists"
        case .file(let path, let digest?): "the file \(path) exists with SHA-256 \(digest.prefix(12))…"
        case .content(let path, let pattern, nil): "a line of \(path) matches /\(pattern)/"
        case .content(let path, let pattern, let maxMatches?): "a line of a file matching \(path) (at most \(maxMatches) files) matches /\(pattern)/"
        case .process(let name, nil, nil): "a process named \(name ?? "") runs"
        case .process(let name, let executable, let commandLine):
            "a process with \(KillProcess.criteria(name: name, executable: executable, commandLine: commandLine)) runs"
        case .mapping(let target, let alias, let handler):
            "the \(target.words) maps " + [alias.map { "the URL \($0)" }, handler.map { "the extension \($0) to a handler" }]
                .compactMap { $0 }.joined(separator: " and ")
        case .command(let run, let expectExit): "`\(run)` exits with \(expectExit)"
        }
    }
}

extension InstalledCheck {
    public var words: String {
        switch self {
        case .file(let path): "the file \(path) exists"
        case .package(let name, nil): "the package \(name) is installed"
        case .package(let name, let constraint?): "the package \(name) \(constraint) is installed"
        case .hotfix(let id): "the hotfix \(id) is installed"
        case .command(let command): "`\(command)` succeeds"
        }
    }
}

extension MappingTarget {
    public var words: String {
        switch server {
        case .apache, .nginx: "\(server.name) config \(config)"
        case .iis: "IIS site \"\(site ?? "")\" in \(config)"
        }
    }
}
