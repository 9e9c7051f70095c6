import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourLab
import TestSupport
import Testing

/// The scripts `kill_process` sends: pinned for both platforms, and the POSIX one run here on
/// real processes — one that exits on TERM, one that ignores it, a pid that is no longer the
/// planned process, and one that becomes another program during the grace period.
@Suite(.serialized) struct ProcessKillTests {
    static let directory = ScourCLI.packageRoot.appending(path: "Tests/Golden/Actions")

    @Test(arguments: [(Platform.linux, "kill-process.sh"), (Platform.windows, "kill-process.ps1")])
    func scripts_match_golden(platform: Platform, file: String) throws {
        let targets = platform == .linux
            ? [ProcessTarget(pid: 4242, start: "8812345", executable: "/opt/.kworker/kworkerds", name: "kworkerds"),
               ProcessTarget(pid: 4243, start: "", executable: nil, name: "it's ‘odd’ $(x)")]
            : [ProcessTarget(pid: 4242, start: "2026-12-01T13:11:26.0000000Z", executable: #"C:\Users\Public\it's ‘odd’ $(x).exe"#, name: "miner"),
               ProcessTarget(pid: 4243, start: "", executable: nil, name: "miner")]
        let rendered = platform.shell.killProcesses(targets, grace: .milliseconds(2500))
        let url = Self.directory.appending(path: file)
        if ProcessInfo.processInfo.environment["SCOUR_UPDATE_GOLDENS"] == "1" { try Data(rendered.utf8).write(to: url) }
        #expect(rendered == (try String(contentsOf: url, encoding: .utf8)), "run with SCOUR_UPDATE_GOLDENS=1 and review the diff")
    }

    /// A copy of `sleep` under a recognisable name, started (optionally ignoring TERM).
    private func start(ignoringTerm: Bool, in folder: String) throws -> (Process, ProcessTarget) {
        let executable = folder + "/scourvictim"
        if !FileManager.default.fileExists(atPath: executable) { try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: executable) }
        // The test runner's blocked signals would be inherited: the victim starts with none
        // blocked, as a process on a host does (and TERM ignored when asked).
        let launcher = """
            import os, signal, sys
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            signal.signal(signal.SIGTERM, signal.SIG_IGN if sys.argv[2] == "ignore" else signal.SIG_DFL)
            os.execv(sys.argv[1], [sys.argv[1], "1000"])
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", launcher, executable, ignoringTerm ? "ignore" : "default"]
        try process.run()
        // Until the exec happened, the pid is still the shell.
        let deadline = Date().addingTimeInterval(5)
        while (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.processIdentifier)/exe")) != executable,
              Date() < deadline {
            usleep(10_000)
        }
        let stat = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
        let start = String(stat[stat.range(of: ") ", options: .backwards)!.upperBound...].split(separator: " ")[19])
        return (process, ProcessTarget(pid: Int(process.processIdentifier), start: start, executable: executable, name: "scourvictim"))
    }

    private func kill(_ targets: [ProcessTarget], grace: Duration) throws -> (status: Int32, output: String) {
        let result = try LocalCommand("/bin/sh", ["-s"]).run(stdin: Data(ProcessKill.posix(targets, grace: grace).utf8))
        return (result.status, result.stdout + result.stderr)
    }

    @Test func term_then_kill_stops_both_kinds_and_leaves_others_alone() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "scour-kill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (polite, politeTarget) = try start(ignoringTerm: false, in: folder)
        let (stubborn, stubbornTarget) = try start(ignoringTerm: true, in: folder)
        let (bystander, bystanderTarget) = try start(ignoringTerm: false, in: folder)
        defer { for process in [polite, stubborn, bystander] where process.isRunning { process.terminate() } }
        // The bystander's pid, named with another executable: it is no longer "the planned process".
        let impostor = ProcessTarget(pid: bystanderTarget.pid, start: bystanderTarget.start, executable: "/opt/other", name: "other")
        // The same pid and executable, another start time: a later process that reuses the pid.
        let reused = ProcessTarget(pid: bystanderTarget.pid, start: "1", executable: bystanderTarget.executable, name: "scourvictim")

        let started = ContinuousClock.now
        let result = try kill([politeTarget, stubbornTarget, impostor, reused], grace: .milliseconds(500))
        #expect(result.status == 0, "\(result.output)")
        polite.waitUntilExit()
        stubborn.waitUntilExit()
        #expect(polite.terminationReason == .uncaughtSignal && polite.terminationStatus == SIGTERM, "\(polite.terminationStatus)")
        #expect(!result.output.contains("KILL sent to \(politeTarget.pid)"), "\(result.output)")
        #expect(stubborn.terminationStatus == SIGKILL, "TERM is ignored: KILL after the grace period")
        #expect(ContinuousClock.now - started >= .milliseconds(500), "the stubborn one had its grace period")
        #expect(bystander.isRunning, "a pid that is another process now is left alone")
        #expect(result.output.contains("\(bystanderTarget.pid) is gone or is another process now: left alone"), "\(result.output)")
    }

    /// A target that, on TERM, becomes another program under the same pid (as a pid reused
    /// during the grace period would be another process): the check before KILL sees it is no
    /// longer the planned process and leaves it alone (issue 24, K4).
    @Test func a_target_that_became_another_program_during_grace_is_not_killed() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "scour-kill-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let heir = folder + "/scourheir"
        try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: heir)
        let ready = folder + "/ready"
        // Python catching TERM, then exec'ing a copy of sleep: same pid and start time, another executable.
        let launcher = """
            import os, signal, sys, time
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            signal.signal(signal.SIGTERM, lambda *_: os.execv(sys.argv[1], [sys.argv[1], "1000"]))
            open(sys.argv[2], "w").close()
            while True: time.sleep(1)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-c", launcher, heir, ready]
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let deadline = Date().addingTimeInterval(5)
        while !FileManager.default.fileExists(atPath: ready), Date() < deadline { usleep(10_000) }
        let pid = Int(process.processIdentifier)
        let python = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let start = String(stat[stat.range(of: ") ", options: .backwards)!.upperBound...].split(separator: " ")[19])

        let result = try kill([ProcessTarget(pid: pid, start: start, executable: python, name: "python3")], grace: .milliseconds(500))
        #expect(result.output.contains("TERM sent to \(pid)"), "\(result.output)")
        #expect(result.output.contains("\(pid) is another process now: not killed"), "\(result.output)")
        #expect(!result.output.contains("KILL sent"), "\(result.output)")
        #expect(result.status == 0, "the process left alone is not one that survived KILL: \(result.output)")
        #expect(process.isRunning)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/exe")) == heir)
    }

    @Test func a_process_already_gone_is_not_a_failure() throws {
        let result = try kill([ProcessTarget(pid: 999_999_999, start: "", executable: "/opt/x", name: "x")], grace: .milliseconds(100))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("left alone"))
    }
}
