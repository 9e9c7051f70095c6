import Foundation
import ScourCore
import ScourHost

/// The read-only questions a playbook asks of one host, in one probe: every detect indicator,
/// and the check of every step that may run — all of them, except steps whose `when` is false
/// whatever the host holds (it reads only params and host variables: `param.disable_web`).
struct PlanProbes {
    let playbook: Playbook
    let context: EvaluationContext

    var items: [ProbeItem] {
        var items: [ProbeItem] = [.facts]
        for detect in playbook.detects {
            for indicator in detect.indicators { items.append(item(for: indicator)) }
        }
        let steps = StepContext(playbook: playbook, evaluation: context, patchSizes: [:])
        for step in playbook.steps where !isSkippedOnAnyHost(step) { items += step.handler.probeItems(steps) }
        var seen = Set<ProbeItem>()
        return items.filter { seen.insert($0).inserted }
    }

    private func isSkippedOnAnyHost(_ step: Step) -> Bool {
        guard let when = step.when, when.isKnownBeforeProbing else { return false }
        return when.evaluate(in: context) != .bool(true)
    }

    /// How many of the processes a `process` indicator matches the plan describes (pid,
    /// executable, command line); more still match, and the note says how many.
    static let processIndicatorMatches = 10

    /// What `indicator` asks of the host; the planner finds its answer under the same item.
    func item(for indicator: Indicator) -> ProbeItem {
        switch indicator {
        case .file(let path, _): .file(path: path)
        case .content(let path, _, nil): .content(path: path, limit: ProbeItem.defaultContentLimit)
        case .content(let path, let pattern, let maxMatches?):
            .contentGlob(pattern: path, regex: pattern, maxMatches: maxMatches, lineLimit: ProbeItem.defaultLineLimit)
        case .process(let name, let executable, let commandLine):
            .processes(name: name, executable: executable, commandLine: commandLine, maxMatches: Self.processIndicatorMatches)
        case .mapping(let target, _, _): .content(path: target.config, limit: ProbeItem.defaultContentLimit)
        case .command(let run, _): .command(run: render(run), timeoutSeconds: ProbeItem.defaultCommandTimeoutSeconds)
        }
    }

    /// A command for this host, its interpolated values quoted for the platform's shell.
    func render(_ template: Template) -> String {
        template.render(in: context, quote: quote)
    }

    /// Quoting for the platform's shell.
    var quote: (String) -> String {
        let shell = playbook.platform.shell
        return { shell.quote($0) }
    }
}
