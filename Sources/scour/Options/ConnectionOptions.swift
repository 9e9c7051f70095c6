import ArgumentParser
import Foundation
import ScourEngine

/// How to reach hosts: the flags every command that connects shares (docs/cli.md).
struct ConnectionOptions: ParsableArguments {
    @Option(name: .customLong("known-hosts"), help: ArgumentHelp(
        "OpenSSH known_hosts file host keys are checked against.", valueName: "file"))
    var knownHostsFile: String = ConnectionOptions.homeDirectory + "/.ssh/known_hosts"

    @Flag(help: "Record the keys of hosts not yet in known_hosts (trust on first use). A changed key is refused regardless.")
    var acceptNewHostKeys = false

    @Option(name: .customLong("identity"), help: ArgumentHelp(
        "Private key to log in with; overrides the inventory's key, ssh-agent and ~/.ssh/id_ed25519.",
        valueName: "file"))
    var identityFile: String?

    @Option(help: ArgumentHelp("Login name; overrides the inventory's ansible_user.", valueName: "name"))
    var user: String?

    @Option(help: ArgumentHelp("Deadline for connecting, key exchange and login together.", valueName: "duration"))
    var connectTimeout: Duration = .seconds(10)

    @Option(help: "Retries of a transient connection failure (refused, reset, timed out, unreachable). Default: 2, or the playbook's rollout.")
    var retries: Int?

    @Option(help: ArgumentHelp(
        "Base delay of the exponential backoff between retries (with jitter, capped at 1m). Default: 1s, or the playbook's rollout.",
        valueName: "duration"))
    var backoff: Duration?

    func validate() throws {
        guard (retries ?? 0) >= 0 else { throw ValidationError("--retries must be 0 or more") }
        guard connectTimeout > .zero else { throw ValidationError("--connect-timeout must be positive") }
    }

    /// The settings, with `retry` where `--retries` and `--backoff` were not given.
    func settings(retry: RetryPolicy = RetryPolicy(retries: 2, base: .seconds(1))) -> ConnectionSettings {
        ConnectionSettings(
            knownHostsFile: knownHostsFile,
            acceptNewHostKeys: acceptNewHostKeys,
            identityFile: identityFile,
            user: user,
            connectTimeout: connectTimeout,
            retry: RetryPolicy(retries: retries ?? retry.retries, base: backoff ?? retry.base),
            homeDirectory: Self.homeDirectory,
            agentSocket: ProcessInfo.processInfo.environment["SSH_AUTH_SOCK"]
        )
    }

    /// What a run records of these flags (for `resume` and `restore`).
    var record: RunRecord.Connection {
        RunRecord.Connection(knownHostsFile: Self.absolute(knownHostsFile), acceptNewHostKeys: acceptNewHostKeys,
                             identityFile: identityFile.map(Self.absolute), user: user,
                             connectTimeout: connectTimeout)
    }

    static func absolute(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.path }

    static var homeDirectory: String {
        ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()
    }
}
