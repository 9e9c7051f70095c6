extension Indicator {
    /// The indicator with each path, pattern and name passed through `resolve`
    /// (`Playbook.resolved(in:host:)`).
    func resolvingStrings(_ resolve: (String) -> String) -> Indicator {
        switch self {
        case .file(let path, let sha256): .file(path: resolve(path), sha256: sha256)
        case .content(let path, let pattern, let maxMatches): .content(path: resolve(path), pattern: resolve(pattern), maxMatches: maxMatches)
        case .process(let name, let executable, let commandLine):
            .process(name: name.map(resolve), executable: executable.map(resolve), commandLine: commandLine.map(resolve))
        case .mapping(let target, let alias, let handler): .mapping(target.resolvingStrings(resolve), alias: alias, handler: handler)
        case .command: self
        }
    }
}

extension MappingTarget {
    func resolvingStrings(_ resolve: (String) -> String) -> MappingTarget {
        MappingTarget(server: server, config: resolve(config), site: site.map(resolve))
    }
}
