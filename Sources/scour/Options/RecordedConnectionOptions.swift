import ArgumentParser
import Foundation
import ScourCore
import ScourEngine

/// How commands on a recorded run (`resume`, `restore`) reach its hosts: as the run did — the
/// same flags, bastions and ssh_config file — unless a flag says otherwise.
struct RecordedConnectionOptions: ParsableArguments {
    @Option(name: .customLong("known-hosts"), help: ArgumentHelp("Instead of the run's known_hosts file.", valueName: "file"))
    var knownHostsFile: String?

    @Option(name: .customLong("identity"), help: ArgumentHelp("Instead of the run's private key.", valueName: "file"))
    var identityFile: String?

    @Flag(help: "Ask once, on the terminal, for the passphrase of encrypted key files.")
    var askKeyPassphrase = false

    @Option(help: ArgumentHelp("Instead of the run's login name.", valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp("Instead of the run's bastions (user@host[:port][,next...]).", valueName: "hops"))
    var jump: String?

    @Option(name: [.customShort("F"), .customLong("ssh-config")], help: ArgumentHelp("Instead of the run's ssh_config file.", valueName: "file"))
    var sshConfigFile: String?

    @Option(help: ArgumentHelp("Instead of the run's connect deadline.", valueName: "duration"))
    var connectTimeout: Duration?

    @Option(help: ArgumentHelp(
        "Memory all hosts' answers may take in the controller at once (each host's answers have caps of their own). Default: 512MiB.",
        valueName: "size"))
    var memoryLimit: ByteSize?

    func validate() throws {
        try ConnectionOptions.validate(memoryLimit)
        if let identityFile, identityFile.hasSuffix(".pub") {
            throw ValidationError(ConnectionSettings.publicKeyMessage(identityFile, origin: "--identity"))
        }
        try validateIdentityFlag(identityFile)
        if let jump { _ = try Self.chain(jump) }
        _ = try ConnectionOptions.sshConfig(at: sshConfigFile, explicit: true)
        if askKeyPassphrase { _ = try ConnectionOptions.keyPassphrase() }
    }

    /// The run's settings with the flags given. The run's ssh_config is read again (it may have
    /// changed since); one that no longer reads is reported and not used.
    func settings(_ record: RunRecord.Connection, retry: RetryPolicy) -> ConnectionSettings {
        let recordedTimeout = record.connectTimeoutGiven == false ? nil : Duration(scourLiteral: record.connectTimeout)
        return ConnectionSettings(
            knownHostsFile: knownHostsFile ?? (record.knownHostsGiven == false ? nil : record.knownHostsFile),
            acceptNewHostKeys: record.acceptNewHostKeys,
            identityFile: identityFile ?? record.identityFile,
            user: user ?? record.user,
            connectTimeout: connectTimeout ?? recordedTimeout,
            retry: retry,
            homeDirectory: ConnectionOptions.homeDirectory,
            agentSocket: ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"],
            jumps: (jump ?? record.jumps).flatMap { try? Self.chain($0) },
            sshConfig: Self.sshConfig(sshConfigFile ?? record.sshConfig),
            keyPassphrase: askKeyPassphrase ? try? ConnectionOptions.keyPassphrase() : nil,
            answerBudget: ConnectionOptions.answerBudget(memoryLimit))
    }

    private static func sshConfig(_ path: String?) -> SSHConfig? {
        do { return try ConnectionOptions.sshConfig(at: path, explicit: true) } catch {
            FileHandle.standardError.write(Data("scour: warning: \(HostText.terminal("\(error)")); connecting without it\n".utf8))
            return nil
        }
    }

    private static func chain(_ text: String) throws -> [JumpHost] {
        do { return try JumpHost.parseChain(text) } catch { throw ValidationError("--jump: \(error.message)") }
    }
}
