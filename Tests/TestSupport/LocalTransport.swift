import Foundation
import ScourLab
import ScourSSH
import ScourTransport

/// A `Transport` to this machine: each exec is `/bin/sh -c COMMAND` run here. Through it the
/// executor's real scripts (probe, `run`, `unless`) run without SSH, for fast tests of the run's
/// life; the lab tests prove the SSH path. Playbooks given to it touch only scratch folders.
/// A shell kept across scripts (`converse`) is started afresh for each, its answer read as the
/// session reads it (`AnswerStream`).
public final class LocalTransport: Transport {
    public init() {}

    public var isOpen: Bool { true }

    /// The command waits on a thread of its own (`LocalCommand`'s async `run`), as a session's
    /// calls do: Swift's pool (two threads here) stays free for the test's other tasks (one that
    /// interrupts the run).
    public func exec(
        _ command: String, sudo: SudoHandshake?, stdin: [UInt8]?, timeout: Duration?, stdoutLimit: OutputLimit, stderrLimit: OutputLimit
    ) async throws -> ExecResult {
        guard sudo == nil else { throw SSHError(kind: .channelFailure, host: "localhost", message: "LocalTransport runs no sudo") }
        let result = try await LocalCommand("/bin/sh", ["-c", command]).run(stdin: stdin.map { Data($0) })
        return ExecResult(stdout: Array(result.stdout.utf8), stderr: Array(result.stderr.utf8), exit: .code(result.status))
    }

    public func converse(
        with command: String, sudo: SudoHandshake?, request: [UInt8], marker: String, timeout: Duration?,
        stdoutLimit: OutputLimit, stderrLimit: OutputLimit
    ) async throws -> ShellAnswer {
        let ran = try await exec(command, sudo: sudo, stdin: request, timeout: timeout, stdoutLimit: .standard, stderrLimit: .standard)
        var stdout = AnswerStream(marker: marker, ending: .status, limit: stdoutLimit)
        var stderr = AnswerStream(marker: marker, ending: .bare, limit: stderrLimit)
        try stdout.consume(ran.stdout[...])
        try stderr.consume(ran.stderr[...])
        guard let status = stdout.status, stderr.isComplete else {
            try stdout.finish()
            try stderr.finish()
            return .shellEnded(ExecResult(stdout: stdout.output.bytes, stderr: stderr.output.bytes, exit: ran.exit))
        }
        return .answered(ExecResult(stdout: stdout.output.bytes, stderr: stderr.output.bytes, exit: .code(status)))
    }

    public func write(localFile: String, to remotePath: String, permissions: Int32) async throws -> Int {
        try FileManager.default.copyItem(atPath: localFile, toPath: remotePath)
        return (try FileManager.default.attributesOfItem(atPath: remotePath)[.size] as? Int) ?? 0
    }

    public func close() async {}
}
