import ScourEngine
import ScourSSH

/// The JSON document of `scour exec --format json` (docs/cli.md documents its fields).
struct ExecReport: Encodable {
    struct Host: Encodable {
        /// How the command went on one host, as the report's `status` field says it.
        enum Status: String, Encodable {
            case ok, nonzero, unreachable, failed
        }

        var name: String
        var address: String
        var status: Status
        var exitCode: Int32?
        var signal: String?
        var stdout: String?
        var stderr: String?
        var error: String?
        var errorKind: String?
        var transient: Bool?
        var connectAttempts: Int?
        var elapsedMs: Int64
    }

    struct Summary: Encodable {
        var hosts: Int
        var ok: Int
        var nonzero: Int
        var unreachable: Int
        var failed: Int
    }

    var formatVersion = 1
    var command: String
    var hosts: [Host]
    var summary: Summary
    var elapsedMs: Int64

    init(command: String, outcomes: [HostCommandOutcome], elapsed: Duration) {
        self.command = command
        hosts = outcomes.sorted { $0.host.name < $1.host.name }.map(Self.host)
        let counts = HostCommandSummary(outcomes)
        summary = Summary(
            hosts: counts.total, ok: counts.succeeded, nonzero: counts.nonZero,
            unreachable: counts.unreachable, failed: counts.failed)
        elapsedMs = elapsed.scourMilliseconds
    }

    private static func host(_ outcome: HostCommandOutcome) -> Host {
        var host = Host(
            name: outcome.host.name, address: outcome.host.address, status: .ok,
            elapsedMs: outcome.elapsed.scourMilliseconds)
        switch outcome.result {
        case .completed(let exec):
            host.stdout = exec.stdoutText
            host.stderr = exec.stderrText
            switch exec.exit {
            case .code(let code):
                host.exitCode = code
                host.status = code == 0 ? .ok : .nonzero
            case .signal(let signal):
                host.signal = signal
                host.status = .nonzero
            }
        case .unreachable(let error, let attempts):
            host.status = .unreachable
            host.connectAttempts = attempts
            host.describe(error)
        case .failed(let error):
            host.status = .failed
            host.describe(error)
        }
        return host
    }
}

extension ExecReport.Host {
    fileprivate mutating func describe(_ error: SSHError) {
        self.error = error.message
        errorKind = "\(error.kind)"
        transient = error.isTransient
    }
}

extension ExecReport {
    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", command, hosts, summary, elapsedMs = "elapsed_ms"
    }
}

extension ExecReport.Host {
    enum CodingKeys: String, CodingKey {
        case name, address, status, signal, stdout, stderr, error, transient
        case exitCode = "exit_code", errorKind = "error_kind", connectAttempts = "connect_attempts"
        case elapsedMs = "elapsed_ms"
    }
}
