import ArgumentParser
import Foundation
import ScourEngine

/// How commands on a recorded run (`resume`, `restore`) reach its hosts: as the run did,
/// unless a flag says otherwise.
struct RecordedConnectionOptions: ParsableArguments {
    @Option(name: .customLong("known-hosts"), help: ArgumentHelp("Instead of the run's known_hosts file.", valueName: "file"))
    var knownHostsFile: String?

    @Option(name: .customLong("identity"), help: ArgumentHelp("Instead of the run's private key.", valueName: "file"))
    var identityFile: String?

    @Option(help: ArgumentHelp("Instead of the run's login name.", valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp("Instead of the run's connect deadline.", valueName: "duration"))
    var connectTimeout: Duration?

    func settings(_ record: RunRecord.Connection, retry: RetryPolicy) -> ConnectionSettings {
        ConnectionSettings(
            knownHostsFile: knownHostsFile ?? record.knownHostsFile,
            acceptNewHostKeys: record.acceptNewHostKeys,
            identityFile: identityFile ?? record.identityFile,
            user: user ?? record.user,
            connectTimeout: connectTimeout ?? Duration(scourLiteral: record.connectTimeout) ?? .seconds(10),
            retry: retry,
            homeDirectory: ConnectionOptions.homeDirectory,
            agentSocket: ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"])
    }
}
