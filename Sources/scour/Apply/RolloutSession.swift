import ArgumentParser
import Dispatch
import Foundation
import ScourCore
import ScourEngine

/// One attempt at a run, shared by `apply` and `resume`: the live display, Ctrl-C, the journal,
/// the final report and the exit status.
struct RolloutSession {
    var runner: RolloutRunner
    var folder: RunFolder
    var hosts: [InventoryHost]
    var waves: [[String]]
    var connector: HostConnector
    var format: OutputFormat
    var noProgress: Bool
    /// The journal so far, when resuming.
    var history: RunHistory?
    /// Extra checks of a host before it is touched (a saved plan's drift check).
    var guardHost: HostGuard?

    func run() async throws {
        let lock: RunLock
        let journal: Journal
        do {
            lock = try folder.lock()
            journal = try Journal(path: folder.journalPath, keepingBytes: history?.validLength)
        } catch {
            throw commandFailure("\(error)", .hostsFailed)
        }
        defer { lock.release() }
        defer { journal.close() }
        var started = JournalEntry(history == nil ? .runStarted : .runResumed)
        started.pid = getpid()
        do { try await journal.append(started) } catch { throw commandFailure("\(error); nothing was done", .hostsFailed) }

        let display = ApplyDisplay(live: format == .text && !noProgress && TerminalStyle(for: STDOUT_FILENO).enabled,
                                   quiet: format == .json, style: TerminalStyle(for: STDOUT_FILENO))
        display.started(runID: runner.runID, playbook: runner.playbook.name, hosts: hosts.count, resumed: history != nil)
        if let torn = history?.tornLine { display.note(torn) }
        display.note("journal: \(folder.journalPath)", quietly: true)

        let interruption = Interruption()
        signal(SIGINT, SIG_IGN)
        let sigint = DispatchSource.makeSignalSource(signal: SIGINT)
        sigint.setEventHandler {
            interruption.set()
            display.note("interrupted: letting the steps in flight finish; nothing new starts")
        }
        sigint.resume()
        let ticker = Task { while !Task.isCancelled { try? await Task.sleep(for: .seconds(1)); display.refresh() } }
        let result: RolloutRunner.Result
        do {
            result = try await runner.run(hosts, waves: waves, connector: connector, interrupted: interruption,
                                          journal: journal, history: history, guardHost: guardHost) { display.handle($0) }
        } catch let error as RunError {
            throw commandFailure("\(error): the run stopped before its next wave; `scour resume \(runner.runID)` goes on once it can be recorded",
                                 .hostsFailed)
        }
        ticker.cancel()
        sigint.cancel()

        let report = ApplyReport(runID: runner.runID, runFolder: URL(fileURLWithPath: folder.path).standardizedFileURL.path, playbook: runner.playbook.name, result: result)
        switch format {
        case .text: display.finished(report, resumeHint: result.ending == .completed ? nil : "scour resume \(runner.runID)")
        case .json:
            FileHandle.standardOutput.write(try report.encoded())
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
        switch result.ending {
        case .interrupted: throw ExitCode.interrupted
        case .halted: throw ExitCode.rolloutHalted
        case .completed, .paused:
            if result.hosts.contains(where: { $0.countsAsFailure || $0.status == .drifted }) { throw ExitCode.hostsFailed }
        }
    }
}
