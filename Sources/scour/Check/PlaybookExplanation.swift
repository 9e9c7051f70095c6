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
            let head = "  \(number + 1). \(step.name) (\(step.kind)): "
            let body = describe(step.action)
            lines.append(head + body[0])
            lines += body.dropFirst().map { "       " + $0 }
            if let when = step.when { lines.append("       only when " + when.words) }
            var limits: [String] = []
            if let timeout = step.timeout, step.kind != "reboot" { limits.append("time limit \(timeout.scourLiteral)") }
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
            "At most \(rollout.concurrency) hosts at once; a wave with more than \(rollout.maxFailures) failed or unreachable hosts halts the rollout; \(pause).",
            "Connection failures are retried \(rollout.retries) times (backoff from \(rollout.backoff.scourLiteral)); a step may take \(rollout.stepTimeout.scourLiteral).",
        ]
    }

    private func describe(_ action: Step.Action) -> [String] {
        switch action {
        case .removeFiles(let remove):
            let verb = remove.mode == .quarantine ? "move into quarantine (restorable with `scour restore`)" : "delete (not restorable)"
            let bound = remove.maxMatches.map { "; a glob may match at most \($0) files" } ?? ""
            return ["\(verb) whichever of these files exist\(bound):"] + remove.paths.map { "  \($0)" }
        case .stripMappings(let strip):
            var what: [String] = []
            if !strip.aliases.isEmpty { what.append("the mappings of \(strip.aliases.joined(separator: ", "))") }
            if !strip.handlers.isEmpty { what.append("the handlers for \(strip.handlers.joined(separator: ", "))") }
            var lines = ["remove \(what.joined(separator: " and ")) from the \(strip.target.words),",
                         "backed up first and replaced atomically"]
            if let validate = strip.validate { lines.append("then validate with `\(validate)`; on failure the original is put back") }
            return lines
        case .reboot(let reboot):
            var lines = ["reboot, and wait up to \(reboot.timeout.scourLiteral) for the host to come back with a new boot id"]
            if let test = reboot.test { lines.append("then `\(test)` must succeed") }
            return lines
        case .applyPatch(let patch):
            return [
                "unless \(patch.installed.words): upload \(patch.fileAsWritten) (SHA-256 \(patch.sha256.prefix(12))…, checked on the host),",
                "run " + (patch.install.map { "`\($0)`" } ?? "it the default way for its type") + ", then check again that it is installed",
            ]
        case .disableService(let service):
            return ["stop the service \(service) and disable it at boot"]
        case .run(let command, let unless):
            return ["run `\(command)`" + (unless.map { ", unless `\($0)` succeeds" } ?? "")]
        }
    }
}
