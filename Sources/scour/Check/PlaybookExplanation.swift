import ScourCore

/// The outline `scour explain` prints: every part of a playbook in sentences.
struct PlaybookExplanation {
    let playbook: Playbook
    let style: TerminalStyle

    init(_ playbook: Playbook, style: TerminalStyle) {
        self.playbook = playbook
        self.style = style
    }

    var text: String {
        var lines = [style.bold(playbook.name) + (playbook.description.map { " — \($0)" } ?? "")]
        lines.append("For \(playbook.platform.rawValue) hosts (\(playbook.platform == .linux ? "POSIX shell" : "PowerShell") over SSH).")
        if !playbook.params.isEmpty {
            lines += ["", style.bold("Parameters") + " (set with --param NAME=VALUE)"]
            for param in playbook.params {
                let value = param.defaultValue.map { "default \($0)" } ?? "no default: must be set"
                lines.append("  \(param.name): \(param.type.rawValue), \(value)" + (param.description.map { " — \($0)" } ?? ""))
            }
        }
        lines += ["", style.bold("Rollout")] + rollout.map { "  " + $0 }
        if !playbook.detects.isEmpty {
            lines += ["", style.bold("Detection") + " (read-only, all probes of a host in one round trip)"]
            for detect in playbook.detects {
                let quantifier = detect.indicators.count == 1 ? "when" : (detect.match == .any ? "when any of these holds" : "when all of these hold")
                lines.append("  \"\(detect.name)\" matches a host \(quantifier):")
                lines += detect.indicators.map { "    - " + $0.words }
            }
        }
        lines += ["", style.bold("Steps") + ", on each host in order (a failed step stops that host's later steps)"]
        for (number, step) in playbook.steps.enumerated() {
            let head = "  \(number + 1). \(HostText.terminal(step.name)) (\(step.kind)): "
            // A command written over several lines keeps them, indented under the step.
            let body = step.action.explanation.map { HostText.layout($0, continuation: "         ") }
            lines.append(head + body[0])
            lines += body.dropFirst().map { "       " + $0 }
            if let when = step.when { lines.append("       only when " + when.words) }
            var limits: [String] = []
            if let timeout = step.timeout, !(step.action is Reboot) { limits.append("time limit \(timeout.scourLiteral)") }
            if let retries = step.retries { limits.append("\(retries) retries") }
            if !limits.isEmpty { lines.append("       " + limits.joined(separator: ", ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var rollout: [String] {
        let rollout = playbook.rollout
        let waves = rollout.waves.enumerated().map { index, share in
            let amount: String = switch share {
            case .percent(100): index == 0 ? "all hosts" : "the rest"
            case .count(1): "1 host"
            case .count(let n): "\(n) hosts"
            case .percent: "\(share) of the hosts"
            }
            return index == 0 || share == .percent(100) ? (index == 0 ? amount : "then \(amount)") : "then up to \(amount)"
        }
        let pause: String = switch rollout.pause {
        case .manual: "after each wave it stops until `scour resume`"
        case .duration(.zero): "no pause between waves"
        case .duration(let duration): "a pause of \(duration.scourLiteral) between waves"
        }
        return [
            "\(rollout.waves.count) waves, cumulative: \(waves.joined(separator: ", ")).",
            "At most \(rollout.concurrency) hosts at once; a wave with more than \(rollout.maxFailures) failed, unreachable, unknown or drifted hosts halts the rollout; \(pause).",
            "Connection failures are retried \(rollout.retries) times (backoff from \(rollout.backoff.scourLiteral)); a step may take \(rollout.stepTimeout.scourLiteral).",
        ]
    }
}
