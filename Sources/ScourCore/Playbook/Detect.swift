/// `detect "NAME" { … }`: indicators of compromise, probed read-only.
public struct DetectBlock: Sendable, Hashable {
    public enum Match: String, Sendable, Hashable {
        /// The block matches when any indicator does.
        case any
        /// Only when every indicator does.
        case all
    }

    public var name: String
    public var match: Match
    public var indicators: [Indicator]
}

public enum Indicator: Sendable, Hashable {
    /// The file exists (and, with `sha256`, has that content).
    case file(path: String, sha256: String?)
    /// A line of the file matches the extended regular expression. With `maxMatches`, `path`
    /// is a glob: a line of any of the files it matches (at most that many) does.
    case content(path: String, pattern: String, maxMatches: Int?)
    /// A running process matches every criterion given (at least one), as `kill_process`
    /// matches: the name exactly, the executable's path exactly or as a glob, the command line
    /// by an extended regular expression.
    case process(name: String?, executable: String?, commandLine: String?)
    /// The web server's configuration maps the URL path or the handler extension.
    case mapping(MappingTarget, alias: String?, handler: String?)
    /// The command exits with `expectExit`.
    case command(run: Template, expectExit: Int)
}

public enum WebServer: String, Sendable, Hashable, CaseIterable {
    case apache, nginx, iis

    /// As people write it: `Apache`, `nginx`, `IIS`.
    public var name: String {
        switch self {
        case .apache: "Apache"
        case .nginx: "nginx"
        case .iis: "IIS"
        }
    }
}

/// A web server configuration file (and, for IIS, the site inside it).
public struct MappingTarget: Sendable, Hashable {
    public static let iisDefaultConfig = #"C:\Windows\System32\inetsrv\config\applicationHost.config"#

    public var server: WebServer
    public var config: String
    public var site: String?
}
