import ArgumentParser
import Foundation
import ScourCore
import ScourEngine
import ScourTransport
import Synchronization

/// How to reach hosts: the flags every command that connects shares (docs/cli.md).
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("known-hosts"), help: ArgumentHelp(
        "OpenSSH known_hosts file host keys are checked against. Default: the ssh_config's UserKnownHostsFile, else ~/.ssh/known_hosts.",
        valueName: "file"))
    var knownHostsFile: String?

    @Flag(help: "Record the keys of hosts not yet in known_hosts (trust on first use). A changed key is refused regardless.")
    var acceptNewHostKeys = false

    @Option(name: .customLong("identity"), help: ArgumentHelp(
        "Private key to log in with; overrides the inventory's key, the ssh_config's, ssh-agent and ~/.ssh/id_ed25519.",
        valueName: "file"))
    var identityFile: String?

    @Flag(help: "Ask once, on the terminal, for the passphrase of encrypted key files (keys in ssh-agent need none).")
    var askKeyPassphrase = false

    @Option(help: ArgumentHelp("Login name; overrides the inventory's ansible_user and the ssh_config's User.", valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp(
        "Reach hosts through these bastions, first hop first: user@host[:port][,next...]. Overrides the inventory's and the ssh_config's ProxyJump (none too), as ssh's -J does.",
        valueName: "hops"))
    var jump: String?

    @Option(name: [.customShort("F"), .customLong("ssh-config")], help: ArgumentHelp(
        "OpenSSH client configuration to read. Default: ~/.ssh/config when it exists.", valueName: "file"))
    var sshConfigFile: String?

    @Flag(help: "Read no ssh_config file.")
    var noSSHConfig = false

    @Option(help: ArgumentHelp(
        "Deadline for connecting (through every bastion), key exchange and login together. Default: the ssh_config's ConnectTimeout, else 10s.",
        valueName: "duration"))
    var connectTimeout: Duration?

    @Option(help: "Retries of a transient connection failure (refused, reset, timed out, unreachable). Default: 2, or the playbook's rollout.")
    var retries: Int?

    @Option(help: ArgumentHelp(
        "Base delay of the exponential backoff between retries (with jitter, capped at 1m). Default: 1s, or the playbook's rollout.",
        valueName: "duration"))
    var backoff: Duration?

    @Option(help: ArgumentHelp(
        "Memory all hosts' answers may take in the controller at once (each host's answers have caps of their own). Default: 512MiB.",
        valueName: "size"))
    var memoryLimit: ByteSize?

    func validate() throws {
        guard (retries ?? 0) >= 0 else { throw ValidationError("--retries must be 0 or more") }
        try Self.validate(memoryLimit)
        guard (connectTimeout ?? .seconds(1)) > .zero else { throw ValidationError("--connect-timeout must be positive") }
        if let identityFile, identityFile.hasSuffix(".pub") {
            throw ValidationError(ConnectionSettings.publicKeyMessage(identityFile, origin: "--identity"))
        }
        try validateIdentityFlag(identityFile)
        _ = try jumps()
        guard !(noSSHConfig && sshConfigFile != nil) else { throw ValidationError("--ssh-config and --no-ssh-config exclude each other") }
        _ = try Self.sshConfig(at: sshConfigPath(), explicit: sshConfigFile != nil)
        if askKeyPassphrase { _ = try Self.keyPassphrase() }
    }

    /// The settings, with `retry` where `--retries` and `--backoff` were not given. What could
    /// fail — the ssh_config, `--jump`, the passphrase prompt — was done by `validate`, once.
    func settings(retry: RetryPolicy = RetryPolicy(retries: 2, base: .seconds(1))) -> ConnectionSettings {
        ConnectionSettings(
            knownHostsFile: knownHostsFile,
            acceptNewHostKeys: acceptNewHostKeys,
            identityFile: identityFile,
            user: user,
            connectTimeout: connectTimeout,
            retry: RetryPolicy(retries: retries ?? retry.retries, base: backoff ?? retry.base),
            homeDirectory: Self.homeDirectory,
            agentSocket: ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"],
            jumps: try? jumps(),
            sshConfig: try? Self.sshConfig(at: sshConfigPath(), explicit: sshConfigFile != nil),
            keyPassphrase: askKeyPassphrase ? try? Self.keyPassphrase() : nil,
            answerBudget: Self.answerBudget(memoryLimit))
    }

    /// The one budget of a command's answers (`--memory-limit`).
    static func answerBudget(_ memoryLimit: ByteSize?) -> AnswerBudget {
        AnswerBudget(limit: memoryLimit.map { Int(clamping: $0.bytes) } ?? AnswerBudget.defaultLimit)
    }

    static func validate(_ memoryLimit: ByteSize?) throws {
        guard let memoryLimit, memoryLimit.bytes < 16 << 20 else { return }
        throw ValidationError("--memory-limit must be at least 16MiB (\(memoryLimit) given)")
    }

    /// What a run records of these flags (for `resume` and `restore`).
    var record: RunRecord.Connection {
        var record = RunRecord.Connection(
            knownHostsFile: Self.absolute(knownHostsFile ?? Self.homeDirectory + "/.ssh/known_hosts"),
            acceptNewHostKeys: acceptNewHostKeys, identityFile: identityFile.map(Self.absolute), user: user,
            connectTimeout: connectTimeout ?? .seconds(10))
        record.knownHostsGiven = knownHostsFile != nil
        record.connectTimeoutGiven = connectTimeout != nil
        record.jumps = jump
        record.sshConfig = sshConfigPath().map(Self.absolute)
        return record
    }

    /// The ssh_config to read: `-F`, else `~/.ssh/config` when it exists, else none.
    func sshConfigPath() -> String? {
        if noSSHConfig { return nil }
        if let sshConfigFile { return sshConfigFile }
        let path = Self.homeDirectory + "/.ssh/config"
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    private func jumps() throws -> [JumpHost]? {
        guard let jump else { return nil }
        do { return try JumpHost.parseChain(jump) } catch { throw ValidationError("--jump: \(error.message)") }
    }

    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    static var homeDirectory: String {
        ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    }

    /// The ssh_config at `path`, read once per command (validation and settings share it).
    /// A file named with `-F` must exist; errors name the file and line.
    static func sshConfig(at path: String?, explicit: Bool) throws -> SSHConfig? {
        guard let path else { return nil }
        if let loaded = loadedConfigs.withLock({ $0[path] }) { return loaded }
        guard explicit || FileManager.default.fileExists(atPath: path) else { return nil }
        let config: SSHConfig
        do { config = try SSHConfig.load(path: path, home: homeDirectory) } catch {
            // Invalid input, not a usage error: exit 65 with the file:line, no usage text.
            FileHandle.standardError.write(Data("scour: \(HostText.terminal(error.description))\n".utf8))
            throw ExitCode.invalidInput
        }
        loadedConfigs.withLock { $0[path] = config }
        return config
    }
    private static let loadedConfigs = Mutex<[String: SSHConfig]>([:])

    /// The key passphrase, asked for once per command.
    static func keyPassphrase() throws -> String {
        if let asked = askedPassphrase.withLock({ $0 }) { return asked }
        let answer: String
        do { answer = try SecretPrompt.ask("Passphrase for the key files: ", flag: "--ask-key-passphrase") } catch {
            throw ValidationError("\(error)")
        }
        askedPassphrase.withLock { $0 = answer }
        return answer
    }
    private static let askedPassphrase = Mutex<String?>(nil)
}
