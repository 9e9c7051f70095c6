import Foundation
import Logging
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSSH
import ScourSyntax
import ScourTransport
import Synchronization
import TestSupport
import Testing

/// `remove_lines` acting on a windows host, which cannot run here: the real handler and
/// `RemoteHost` over a transport that records what is sent and answers as PowerShell would.
/// The transcript is pinned in `Golden/Actions/remove-lines-windows.ps1` (reviewed there, and
/// parsed by `PowerShellSyntaxTests`); `SCOUR_UPDATE_GOLDENS=1` rewrites it.
@Suite struct RemoveLinesWindowsActTests {
    static let hosts = #"C:\Windows\System32\drivers\etc\hosts"#
    static let odd = #"C:\ProgramData\it's ‘odd’ $(x)\run.cmd"#
    static let validate = "Select-String -Quiet -Pattern localhost -LiteralPath (Join-Path $env:SystemRoot 'System32/drivers/etc/hosts')"
    static let golden = ScourCLI.packageRoot.appending(path: "Tests/Golden/Actions/remove-lines-windows.ps1")

    /// Records each script and upload; answers a replace script with the backup line, and a
    /// script holding `failing` with exit 1.
    final class RecordingTransport: Transport {
        let transcript = Mutex<[String]>([])
        let written = Mutex<[UInt8]>([])
        let failing: String?
        init(failing: String?) { self.failing = failing }

        var isOpen: Bool { true }

        func exec(
            _ command: String, sudo: SudoHandshake?, stdin: [UInt8]?, timeout: Duration?, stdoutLimit: OutputLimit, stderrLimit: OutputLimit
        ) async throws -> ExecResult {
            let script = String(decoding: stdin ?? [], as: UTF8.self)
            transcript.withLock { $0.append("#### script (on stdin of the shell's constant command line)\n\(script)") }
            if let failing, script.contains(failing) { return ExecResult(stdout: [], stderr: Array("no\n".utf8), exit: .code(1)) }
            guard script.contains(ConfigEdit.backupLinePrefix) else { return ExecResult(stdout: [], stderr: [], exit: .code(0)) }
            let line = #"{"sha256":"\#(String(repeating: "b", count: 64))","written":"\#(SHA256.hex(of: written.withLock { $0 }))","#
                + #""mode":"Archive","owner":"BUILTIN\\Administrators","group":"NT AUTHORITY\\SYSTEM","mtime":1000000000}"#
            return ExecResult(stdout: Array((ConfigEdit.backupLinePrefix + line + "\n").utf8), stderr: [], exit: .code(0))
        }

        func converse(
            with command: String, sudo: SudoHandshake?, request: [UInt8], marker: String, timeout: Duration?,
            stdoutLimit: OutputLimit, stderrLimit: OutputLimit
        ) async throws -> ShellAnswer {
            Issue.record("a windows host's scripts each have an exec of their own, never a kept shell")
            throw SSHError(kind: .channelFailure, host: "w", message: "no kept shell on windows")
        }

        func write(localFile: String, to remotePath: String, permissions: Int32) async throws -> Int {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: localFile)))
            written.withLock { $0 = bytes }
            transcript.withLock { $0.append("#### sftp write \(remotePath) (mode \(String(permissions, radix: 8))): \(bytes.count) bytes, sha256 \(SHA256.hex(of: bytes))\n") }
            return bytes.count
        }

        func close() async {}
    }

    private func act(failing: String?) async throws -> (Result<ActionResult, Error>, [String]) {
        let text = #"""
            playbook "w" {
              platform = windows
              remove_lines "persistence" {
                paths    = ['\#(Self.hosts)', "\#(Self.odd.replacingOccurrences(of: "\\", with: "\\\\"))", 'C:\absent.txt']
                pattern  = 'kworker'
                validate = "\#(Self.validate)"
              }
            }
            """#
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/w.scour", text: text), purpose: .execute)
        let playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
        let step = try #require(playbook.steps.first?.action as? RemoveLines)
        var observation = HostObservation()
        let files = [Self.hosts: "127.0.0.1 localhost\r\n10.9.9.9 update.kworker.example\r\n", Self.odd: "@echo off\r\nstart C:\\kworker.exe\r\nexit"]
        for (path, content) in files {
            observation.files[path] = FileObservation(kind: .regular, stat: FileStat(size: 1, mode: "Archive", uid: nil, gid: nil, mtime: 0, owner: "o", group: "g"),
                                                      sha256: SHA256.hex(of: Array(content.utf8)))
            observation.contents[path] = ContentObservation(kind: .regular, bytes: Data(content.utf8))
        }
        observation.contents[#"C:\absent.txt"#] = ContentObservation(kind: .absent)
        let context = StepContext(playbook: playbook, evaluation: EvaluationContext(detected: [], params: [:], host: [:], changed: false), patchSizes: [:])
        var check = StepPlan(name: "persistence", kind: RemoveLines.keyword, action: .ok, reason: "")
        step.decide(observation, context, into: &check)
        #expect(check.action == .change && check.changes.count == 2, "\(check)")

        let transport = RecordingTransport(failing: failing)
        let remote = RemoteHost(host: InventoryHost(name: "w1", address: "10.0.0.9", platform: .windows),
                                connector: HostConnector(settings: ConnectionSettings(knownHostsFile: "/k", homeDirectory: "/tmp"),
                                                         logger: Logger(label: "test"), dial: { _, _ in transport }))
        let run = "20261125-054357-dd5f"
        // What the executor does: the journal's start record first, then the action with it.
        let start = step.start(check, step: "persistence", observation: observation, context: context, run: run)
        #expect(start.editing?.map(\.path) == check.changes.compactMap(\.path))
        let acting = StepActing(step: "persistence", check: check, remote: remote, observation: observation, context: context, start: start,
                                timeout: .seconds(30), resuming: false, verificationItems: step.verificationItems(context),
                                runID: run, logger: Logger(label: "test"))
        let result: Result<ActionResult, Error>
        do { result = .success(try await step.act(acting)) } catch { result = .failure(error) }
        // The probe before any script is the connector's business, not the step's.
        return (result, transport.transcript.withLock { $0 })
    }

    @Test func each_file_is_uploaded_replaced_and_recorded_then_validated() async throws {
        let (result, transcript) = try await act(failing: nil)
        let edits = try result.get().configEdits ?? []
        #expect(edits.map(\.path) == [Self.hosts, Self.odd])
        #expect(edits.first?.sha256After == SHA256.hex(of: Array("127.0.0.1 localhost\r\n".utf8)), "CRLF kept, the kworker line gone")
        #expect(edits.last?.sha256After == SHA256.hex(of: Array("@echo off\r\nexit".utf8)))
        #expect(edits.allSatisfy { $0.owner == #"BUILTIN\Administrators"# && $0.backup.hasPrefix(#"C:\ProgramData\Scour\backups\20261125-054357-dd5f\"#) })
        #expect(transcript.last?.contains("Select-String -Quiet") == true, "validated last")
        #expect(!transcript.contains { $0.contains("Put-Back ") }, "nothing put back")

        let (failed, failedTranscript) = try await act(failing: "Select-String")
        guard case .failure(let error) = failed else { Issue.record("a failing validate must fail the step"); return }
        #expect("\(error)" == "validation `\(Self.validate)` failed (exit 1); the originals of \(Self.hosts), \(Self.odd) were put back")
        let putBack = failedTranscript.filter { $0.contains("Put-Back ") }
        #expect(putBack.count == 2, "both files put back")
        #expect(putBack.first?.contains("run.cmd") == true, "the last replaced first")

        let rendered = "# remove_lines on windows: what the step sends, in order (# lines are the transcript's)\n"
            + (transcript + ["# ---- the same step when validate fails: every file put back, the last one first\n"] + failedTranscript.suffix(3))
            .map { $0.hasSuffix("\n") ? $0 : $0 + "\n" }.joined(separator: "\n")
        if ProcessInfo.processInfo.environment["SCOUR_UPDATE_GOLDENS"] == "1" { try Data(rendered.utf8).write(to: Self.golden) }
        #expect(rendered == (try String(contentsOf: Self.golden, encoding: .utf8)), "run with SCOUR_UPDATE_GOLDENS=1 and review the diff")
    }
}
