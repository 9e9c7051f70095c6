import ArgumentParser
import ScourCore

/// Durations on the command line read exactly as in a playbook (`500ms`, `30s`, `5m`), by the
/// same parser, so `--backoff 2s` and `backoff = 2s` cannot disagree.
extension Duration: @retroactive ExpressibleByArgument {
    public init?(argument: String) {
        self.init(scourLiteral: argument)
    }

    public var defaultValueDescription: String { scourLiteral }
}

/// A host count or a share of hosts: `5` or `10%`.
extension Share: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }
}

/// Sizes on the command line read as in a playbook: `512MiB`, `2GiB`.
extension ByteSize: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(parsing: argument)
    }

    public var defaultValueDescription: String { description }
}
