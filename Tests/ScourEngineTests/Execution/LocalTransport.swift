import Foundation
import ScourSSH
@testable import ScourEngine

/// A `Transport` to this machine: each exec is `/bin/sh -c COMMAND` run here. Through it the
/// executor's real scripts (probe, `run`, `unless`) run without SSH, for fast tests of the run's
/// life; the lab tests prove the SSH path. Playbooks given to it touch only scratch folders.
final class LocalTransport: Transport {
    var isOpen: Bool { true }

    func exec(_ command: String, stdin: [UInt8]?, timeout: Duration?, stdoutLimit: OutputLimit, stderrLimit: OutputLimit) async throws -> ExecResult {
        let result = try LocalCommand("/bin/sh", ["-c", command]).run(stdin: stdin.map { Data($0) })
        return ExecResult(stdout: Array(result.stdout.utf8), stderr: Array(result.stderr.utf8), exit: .code(result.status))
    }

    func write(localFile: String, to remotePath: String, permissions: Int32) async throws -> Int {
        try FileManager.default.copyItem(atPath: localFile, toPath: remotePath)
        return (try FileManager.default.attributesOfItem(atPath: remotePath)[.size] as? Int) ?? 0
    }

    func close() async {}
}
