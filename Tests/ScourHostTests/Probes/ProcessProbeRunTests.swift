import Foundation
import ScourCore
@testable import ScourHost
import TestSupport
import Testing

/// Runs the rendered linux `processes` probe for real against processes this test starts: a
/// copy of `sleep` under a hostile name, decoys that share a command line with the probe's own
/// parent and child, which must never be listed. Serialized: a child started while another
/// test's probe runs inherits that probe's output pipe (Foundation does not close it), and the
/// probe's reader would wait for the child to end.
@Suite("POSIX processes probe, run locally", .serialized)
struct ProcessProbeRunTests {
    let nonce = "ProcNonce0123456789abcdef"

    /// A copy of /bin/sleep named `s $(x)'` and six random characters (the kernel keeps 15
    /// bytes of a name) in its own folder, so its name, executable and hash are known.
    struct Sleeper {
        let folder: URL
        let name = "s $(x)'" + UUID().uuidString.prefix(6)
        let executable: String
        let sha256: String

        init() throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("scour-proc-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            executable = folder.appendingPathComponent(name).path
            try FileManager.default.copyItem(atPath: "/bin/sleep", toPath: executable)
            sha256 = SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: executable)))
        }

        func start(_ arguments: [String]) throws -> Process { try ProcessProbeRunTests.start(executable, arguments) }
        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    /// SIGKILL: a child of the test runner may inherit a mask blocking SIGTERM.
    static func stop(_ process: Process) {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    static func start(_ executable: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // The kernel sets comm and exe at exec: wait until the child is past it.
        for _ in 0..<200 where (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(process.processIdentifier)/exe")) != executable {
            usleep(10_000)
        }
        return process
    }

    private func probe(_ items: [ProbeItem], command: String = "/bin/sh -s", before: String = "") throws -> HostObservation {
        let script = ProbeScript.render(items, platform: .linux, nonce: nonce)
        let invocation = RemoteInvocation(command: command, stdin: Array(before.utf8) + (script.stdin ?? []))
        let output = try LocalShell.run(invocation, in: FileManager.default.temporaryDirectory)
        #expect(output.status == 0, "stderr: \(String(decoding: output.stderr, as: UTF8.self))")
        return try ProbeAnswer.parse(stdout: output.stdout, items: items, nonce: nonce)
    }

    @Test("a process is found by name, by executable glob and by command line, with its pid, owner, executable hash and arguments")
    func findsTheSleeper() throws {
        let sleeper = try Sleeper()
        defer { sleeper.remove() }
        let process = try sleeper.start(["60", "0"])
        defer { Self.stop(process) }
        let items: [ProbeItem] = [
            .processes(name: sleeper.name, executable: nil, commandLine: nil, maxMatches: 5),
            .processes(name: nil, executable: sleeper.folder.path + "/s *", commandLine: nil, maxMatches: 5),
            .processes(name: nil, executable: sleeper.executable, commandLine: #" 60 0$"#, maxMatches: 5),
            .processes(name: sleeper.name, executable: nil, commandLine: "no such argument", maxMatches: 5),
        ]
        let observation = try probe(items)
        for item in items.prefix(3) {
            let list = try #require(observation.processList(for: item))
            #expect(list.total == 1, "\(item.summary)")
            let found = try #require(list.processes.first)
            #expect(found.pid == process.processIdentifier)
            #expect(found.name == sleeper.name)
            #expect(found.executable == sleeper.executable)
            #expect(!found.executableDeleted)
            #expect(found.executableSHA256 == sleeper.sha256)
            #expect(found.executableSize == (try FileManager.default.attributesOfItem(atPath: sleeper.executable)[.size] as? NSNumber)?.uint64Value)
            #expect(found.commandLine == "\(sleeper.executable) 60 0")
            #expect(!found.commandLineIsCut)
            #expect(found.uid == getuid())
            #expect(found.user == (getpwuid(getuid()).map { String(cString: $0.pointee.pw_name) } ?? ""))
            let stat = try String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8)
            let fields = stat[stat.range(of: ") ", options: .backwards)!.upperBound...].split(separator: " ")
            #expect(found.start == String(fields[19]), "the start time is field 22 of /proc/PID/stat")
        }
        #expect(observation.processList(for: items[3]) == ProcessListObservation(total: 0, processes: []))
    }

    @Test("a process whose executable was deleted is reported with the path it had and the running image's hash")
    func deletedExecutable() throws {
        let sleeper = try Sleeper()
        defer { sleeper.remove() }
        let process = try sleeper.start(["60"])
        defer { Self.stop(process) }
        try FileManager.default.removeItem(atPath: sleeper.executable)
        let item = ProbeItem.processes(name: nil, executable: sleeper.executable, commandLine: nil, maxMatches: 1)
        let found = try #require(try probe([item]).processList(for: item)?.processes.first)
        #expect(found.pid == process.processIdentifier)
        #expect(found.executableDeleted)
        #expect(found.executableSHA256 == sleeper.sha256)
    }

    @Test("more matches than max_matches: all counted, the first described")
    func truncated() throws {
        let sleeper = try Sleeper()
        defer { sleeper.remove() }
        let processes = try (0..<3).map { _ in try sleeper.start(["60"]) }
        defer { processes.forEach(Self.stop) }
        let item = ProbeItem.processes(name: nil, executable: sleeper.executable, commandLine: nil, maxMatches: 2)
        let list = try #require(try probe([item]).processList(for: item))
        #expect(list.total == 3)
        #expect(list.processes.count == 2)
        #expect(list.isTruncated)
        #expect(Set(list.processes.map(\.pid)).isSubset(of: Set(processes.map(\.processIdentifier))))
    }

    @Test("never the probe's own ancestors or children, nor pid 1; a decoy with the same command line is found")
    func neverItself() throws {
        let sleeper = try Sleeper()
        defer { sleeper.remove() }
        // The sleeper's folder name is unique: every process below has it in its command line.
        let marker = sleeper.folder.lastPathComponent
        let decoy = try sleeper.start(["60"])
        defer { Self.stop(decoy) }
        let byMarker = ProbeItem.processes(name: nil, executable: nil, commandLine: marker, maxMatches: 10)
        let initName = try String(contentsOfFile: "/proc/1/comm", encoding: .utf8).trimmingCharacters(in: .newlines)
        let byInit = ProbeItem.processes(name: initName, executable: nil, commandLine: nil, maxMatches: 100)
        // The probe's parent shell holds the marker in its command line (the `; :` keeps it from
        // exec'ing the probe), and the probe's first line starts a child running the sleeper.
        let observation = try probe(
            [byMarker, byInit], command: "/bin/sh -s; : \(marker)",
            before: "\(ShellQuote.posix(sleeper.executable)) 5 </dev/null >/dev/null 2>&1 &\nsleep 0.2\n")
        let found = try #require(observation.processList(for: byMarker))
        #expect(found.processes.map(\.pid) == [decoy.processIdentifier], "\(found.processes.map(\.commandLine))")
        #expect(observation.processList(for: byInit)?.processes.contains { $0.pid == 1 } == false)
    }

    @Test("questions that cannot be asked come back as that item's failure, never as an empty list")
    func refusedItems() throws {
        let refused: [ProbeItem] = [
            .processes(name: nil, executable: nil, commandLine: nil, maxMatches: 1), .processes(name: "x", executable: nil, commandLine: nil, maxMatches: 0),
            .processes(name: "", executable: nil, commandLine: nil, maxMatches: 1), .processes(name: "a\0b", executable: nil, commandLine: nil, maxMatches: 1),
            .contentGlob(pattern: "/tmp/*", regex: "x", maxMatches: 0, lineLimit: 10), .processes(name: nil, executable: nil, commandLine: "a(", maxMatches: 1),
        ]
        for item in refused {
            let error = #expect(throws: ProbeError.self) { try probe([.facts, item]) }
            guard case .itemFailed(index: 1, item: item.summary, _) = error else {
                Issue.record("expected item 1 to fail, got \(String(describing: error))")
                continue
            }
        }
    }
}
