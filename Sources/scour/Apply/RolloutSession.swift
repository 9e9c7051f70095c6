import ArgumentParser
import Dispatch
import Foundation
import ScourCore
import ScourEngine
import Logging

/// How `apply` and `resume` show an attempt at a run: the live display, the operator's Ctrl-C
/// (once: finish the steps in flight; twice, or SIGTERM: stop now), the final summary and the
/// exit status. The run itself is the engine's `Run`.
struct RolloutSession {
    var run: Run
    var inputs: RunInputs
    var connector: HostConnector
    var guardHost: HostGuard?
    var format: OutputFormat
    var noProgress: Bool
    var logger: Logger
    /// How later commands name the run's store (`RunsOptions.naming`), for the hints.
    var storeFlags = ""
    /// How this controller takes part in a run kept in PostgreSQL.
    var sharing = Run.Sharing()
    /// `scour join`: another controller on a shared run.
    var joining = false

    func start() async throws {
        let style = TerminalStyle(for: STDOUT_FILENO)
        let display = ApplyDisplay(live: format == .text && !noProgress && style.enabled, quiet: format == .json, style: style)
        let signals = StopSignals(run: run, display: display, resumeCommand: "scour resume \(run.runID)\(storeFlags)")
        let ticker = Task { while !Task.isCancelled { try? await Task.sleep(for: .seconds(1)); display.refresh() } }
        defer {
            ticker.cancel()
            signals.cancel()
        }
        let result: RolloutRunner.Result
        do {
            result = try await run.execute(inputs, connector: connector, logger: logger, guardHost: guardHost, sharing: sharing, onStart: { history in
                let arrival: ApplyDisplay.Arrival = joining ? .joining(claiming: sharing.claimable?.count) : history == nil ? .starting : .resuming
                display.started(runID: run.runID, playbook: inputs.playbook.name, hosts: inputs.hosts.count, arrival: arrival)
                if let torn = history?.tornLine { display.note(torn) }
                display.note("journal: \(run.stored.journalLocation)", quietly: true)
            }) { display.handle($0) }
        } catch {
            throw commandFailure("\(error)", .hostsFailed)
        }

        let report = ApplyReport(runID: run.runID, kept: run.stored, playbook: inputs.playbook.name, result: result)
        switch format {
        case .text: display.finished(report, resumeHint: resumeHint(result))
        case .json:
            FileHandle.standardOutput.write(try report.encoded())
            FileHandle.standardOutput.write(Data("\n".utf8))
        }
        switch result.ending {
        case .interrupted: throw ExitCode.interrupted
        case .halted: throw ExitCode.rolloutHalted
        case .completed, .paused:
            if result.hosts.contains(where: \.countsAsFailure) { throw ExitCode.hostsFailed }
        }
    }
}

extension RolloutSession {
    /// How to go on: for a run that did not complete, `scour resume RUN`; for one that completed
    /// with hosts left uncleaned, the same command, which works on exactly those hosts again
    /// (docs/runs.md); nil when every host ended ok or changed.
    func resumeHint(_ result: RolloutRunner.Result) -> String? {
        let command = "scour resume \(run.runID)\(storeFlags)"
        guard result.ending == .completed else { return command }
        let left = result.hosts.filter(\.countsAsFailure)
        guard !left.isEmpty else { return nil }
        let statuses: [HostOutcome.Status] = [.failed, .unreachable, .unknown, .drifted]
        let named = statuses.compactMap { status -> String? in
            let names = left.filter { $0.status == status }.map(\.name)
            guard !names.isEmpty else { return nil }
            let more = names.count > 10 ? " … and \(names.count - 10) more" : ""
            return "\(status.rawValue): " + HostText.terminal(names.prefix(10).joined(separator: " ")) + more
        }
        return "\(command) tries these hosts again (\(named.joined(separator: "; ")))"
    }
}

/// SIGINT and SIGTERM while a run works: the first Ctrl-C interrupts (steps in flight finish);
/// a second Ctrl-C, or SIGTERM, stops now — the run's journal is sealed and the process exits
/// 130 at once, the abandoned steps recorded in flight for `resume` to check again.
private final class StopSignals {
    private let sources: [any DispatchSourceSignal]

    init(run: Run, display: ApplyDisplay, resumeCommand: String) {
        let stopNow: @Sendable () -> Never = {
            run.stopNow()
            display.note("stopped now: the steps in flight were abandoned; `\(resumeCommand)` checks them again first")
            ProcessExit.now(ExitCode.interrupted.rawValue)
        }
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let interrupt = DispatchSource.makeSignalSource(signal: SIGINT)
        interrupt.setEventHandler {
            if run.isInterrupted { stopNow() }
            run.interrupt()
            display.note("interrupted: letting the steps in flight finish; nothing new starts (Ctrl-C again to stop now)")
        }
        let terminate = DispatchSource.makeSignalSource(signal: SIGTERM)
        terminate.setEventHandler { stopNow() }
        sources = [interrupt, terminate]
        for source in sources { source.resume() }
    }

    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
