import Foundation
import ScourCore
import ScourSSH

/// Decides, from one host's probe answers, which detect blocks match and what each step would
/// do — the heart of `scour plan`, and pure: the same observation always gives the same plan.
/// Steps are walked in order and `changed` follows the plan (a step that would change the host
/// makes `changed` true for the steps after it), exactly as `apply` will evaluate it.
struct HostPlanner {
    let playbook: Playbook
    let params: [String: Value]
    let hostVariables: [String: String]
    /// The size of each patch file on the controller, by path.
    let patchSizes: [String: UInt64]

    func plan(_ observation: HostObservation, into plan: inout HostPlan) {
        plan.detections = detections(observation)
        var context = self.context(detections: plan.detections)
        plan.steps = playbook.steps.map { step in
            let decided = decide(step, observation, context: context)
            if decided.action == .change { context.changed = true }
            return decided
        }
    }

    /// Every detect block on the observed host.
    func detections(_ observation: HostObservation) -> [Detection] {
        playbook.detects.map { detect(observation, $0) }
    }

    /// What conditions see on this host before any step ran.
    func context(detections: [Detection]) -> EvaluationContext {
        EvaluationContext(detected: Set(detections.filter(\.matched).map(\.name)), params: params, host: hostVariables, changed: false)
    }

    func probes(_ context: EvaluationContext) -> PlanProbes { PlanProbes(playbook: playbook, context: context) }

    // MARK: Detection

    private func detect(_ observation: HostObservation, _ detect: DetectBlock) -> Detection {
        let context = context(detections: [])
        let results = detect.indicators.map { evaluate($0, observation, context: context) }
        let matched = detect.match == .any ? results.contains(where: \.matched) : results.allSatisfy(\.matched)
        return Detection(name: detect.name, matched: matched, indicators: results)
    }

    /// Whether `indicator` matched, with the evidence where it has some: a `content` indicator
    /// names each file and its first matching line.
    private func evaluate(_ indicator: Indicator, _ observation: HostObservation, context: EvaluationContext) -> IndicatorResult {
        var result = IndicatorResult(indicator: indicator.words, matched: false)
        switch indicator {
        case .content(let path, let pattern, nil):
            guard let text = observation.contents[path]?.text, case .success(let regex) = ExtendedRegex.compile(pattern) else { break }
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            guard let index = lines.firstIndex(where: { regex.matches(String($0)) }) else { break }
            let line = String(lines[index]).utf8Prefix(ProbeItem.defaultLineLimit)
            result.matched = true
            result.evidence = [IndicatorEvidence(path: path, line: index + 1, text: line.text, textIsCut: line.isCut)]
        case .content(_, _, .some):
            // An answer over max_matches with no match among the files searched fails the probe
            // (`ProbeError.unanswerable`): a host is never planned on a guess.
            guard let found = observation.contentGlob(for: probes(context).item(for: indicator)) else { break }
            result.matched = !found.matches.isEmpty
            result.evidence = found.matches.map { IndicatorEvidence(path: $0.path, line: $0.line, text: $0.text, textIsCut: $0.textIsCut) }
            if found.isTruncated { result.note = "searched the first \(found.searched) of \(found.total) paths" }
        default:
            result.matched = matches(indicator, observation, context: context)
        }
        return result
    }

    private func matches(_ indicator: Indicator, _ observation: HostObservation, context: EvaluationContext) -> Bool {
        switch indicator {
        case .file(let path, let digest):
            guard let file = observation.files[path], file.exists else { return false }
            return digest == nil || file.sha256 == digest
        case .content:
            return evaluate(indicator, observation, context: context).matched
        case .process(let name):
            return observation.processes[name] == true
        case .mapping(let target, let alias, let handler):
            guard let text = observation.contents[target.config]?.text else { return false }
            return MappingEditor.maps(text, target: target, alias: alias, handler: handler)
        case .command(let run, let expectExit):
            return observation.commands[probes(context).render(run)] == Int32(expectExit)
        }
    }

    // MARK: Steps

    /// What one step would do on the host as observed: the check before acting, and (on the
    /// state observed after acting) the verification, which must find nothing left to do.
    func decide(_ step: Step, _ observation: HostObservation, context: EvaluationContext) -> StepPlan {
        var plan = StepPlan(name: step.name, kind: step.kind, action: .ok, reason: "")
        if let when = step.when, !(when.evaluate(in: context) == .bool(true)) {
            plan.action = .skip
            plan.reason = "when is false: not (\(when.words))"
            return plan
        }
        switch step.action {
        case .removeFiles(let remove): removeFiles(remove, observation, into: &plan)
        case .stripMappings(let strip): stripMappings(strip, observation, into: &plan)
        case .reboot(let reboot):
            plan.action = .change
            plan.reason = "reboot, then wait up to \(reboot.timeout.scourLiteral) for a new boot id"
            plan.changes = [PlannedChange(kind: .reboot, summary: "reboot")]
        case .applyPatch(let patch): applyPatch(patch, observation, context: context, into: &plan)
        case .disableService(let service): disableService(service, observation, into: &plan)
        case .run(let command, let unless):
            let rendered = probes(context).render(command)
            if let unless, observation.commands[probes(context).render(unless)] == 0 {
                plan.reason = "unless succeeded: nothing to do"
            } else {
                plan.action = .change
                plan.reason = unless == nil ? "runs every time it applies" : "unless failed"
                plan.changes = [PlannedChange(kind: .runCommand, summary: "run \(rendered)", command: rendered)]
            }
        }
        return plan
    }

    private func removeFiles(_ remove: RemoveFiles, _ observation: HostObservation, into plan: inout StepPlan) {
        var found: [(path: String, file: FileObservation)] = []
        for path in remove.paths {
            if remove.maxMatches != nil && RemoveFiles.isGlob(path), let glob = observation.globs[path] {
                if glob.isTruncated {
                    plan.action = .blocked
                    plan.reason = "\(path) matches \(glob.total) paths, more than max_matches = \(glob.matches.count)"
                    return
                }
                found += glob.matches.map { ($0.path, $0.file) }
            } else if let file = observation.files[path], file.exists {
                found.append((path, file))
            }
        }
        if let folder = found.first(where: { $0.file.kind == .directory }) {
            plan.action = .blocked
            plan.reason = "\(folder.path) is a folder; remove_files removes files"
            return
        }
        guard !found.isEmpty else {
            plan.reason = "none of the \(remove.paths.count) paths exists"
            return
        }
        plan.action = .change
        let verb = remove.mode == .quarantine ? "quarantine" : "delete"
        plan.reason = "\(found.count) of the paths exist\(found.count == 1 ? "s" : "")"
        plan.changes = found.map { path, file in
            let size = file.stat?.size
            let hash = file.sha256.map { ", sha256 \($0.prefix(12))…" } ?? ""
            return PlannedChange(
                kind: remove.mode == .quarantine ? .quarantine : .delete,
                summary: "\(verb) \(path) (\(size.map { ByteSize(bytes: $0).description } ?? "?")\(hash))",
                path: path, size: size, sha256: file.sha256, mode: file.stat?.mode,
                owner: file.stat.map { "\($0.owner):\($0.group)" })
        }
    }

    private func stripMappings(_ strip: StripMappings, _ observation: HostObservation, into plan: inout StepPlan) {
        let config = strip.target.config
        guard let content = observation.contents[config], content.kind != .absent else {
            plan.reason = "\(config) does not exist: nothing maps anything"
            return
        }
        guard let text = content.text else {
            plan.action = .blocked
            plan.reason = content.tooLarge ? "\(config) is larger than \(ByteSize(bytes: UInt64(ProbeItem.defaultContentLimit))), too large to edit"
                : "\(config) is not a regular file"
            return
        }
        let edit = MappingEditor.strip(text, target: strip.target, aliases: strip.aliases, handlers: strip.handlers)
        guard edit.changesSomething else {
            plan.reason = "\(strip.target.words) maps none of \((strip.aliases + strip.handlers).joined(separator: ", "))"
            return
        }
        plan.action = .change
        plan.reason = "\(edit.removals.count) mapping\(edit.removals.count == 1 ? "" : "s") to remove"
        let lines = edit.removals.map { "line \($0.line): \($0.what)" }.joined(separator: "; ")
        plan.changes = [PlannedChange(
            kind: .editConfig, summary: "edit \(config): remove \(lines)", path: config,
            sha256: SHA256.hex(of: Array(edit.newText.utf8)),
            diff: UnifiedDiff.make(from: text, to: edit.newText, path: config))]
    }

    private func applyPatch(_ patch: ApplyPatch, _ observation: HostObservation, context: EvaluationContext, into plan: inout StepPlan) {
        if installed(patch.installed, observation, context: context) {
            plan.reason = "already installed: \(patch.installed.words)"
            return
        }
        plan.action = .change
        plan.reason = "not installed: not (\(patch.installed.words))"
        let remotePath = PatchUpload.remotePath(of: patch, platform: playbook.platform)
        let size = patchSizes[patch.file]
        if PatchUpload.isPresent(patch, platform: playbook.platform, in: observation) {
            plan.changes.append(PlannedChange(kind: .upload, summary: "\(remotePath) already uploaded (same SHA-256)", path: remotePath,
                                              size: observation.files[remotePath]?.stat?.size, sha256: patch.sha256))
        } else {
            plan.changes.append(PlannedChange(
                kind: .upload,
                summary: "upload \(patch.fileAsWritten) to \(remotePath) (\(size.map { ByteSize(bytes: $0).description } ?? "?"), sha256 \(patch.sha256.prefix(12))…)",
                path: remotePath, size: size, sha256: patch.sha256))
        }
        let probes = probes(context)
        let command = patch.install.map { probes.render($0).replacingOccurrences(of: "{file}", with: probes.quote(remotePath)) }
            ?? PatchUpload.defaultInstall(remotePath: remotePath, platform: playbook.platform)
        plan.changes.append(PlannedChange(kind: .install, summary: "run \(command), then check that \(patch.installed.words)", command: command))
    }

    private func installed(_ check: InstalledCheck, _ observation: HostObservation, context: EvaluationContext) -> Bool {
        switch check {
        case .file(let path): observation.files[path]?.exists == true
        case .package(let name, let constraint):
            observation.packages[name].map { package in
                package.versions.contains { version in constraint.map { DebianVersion.satisfies(version, $0) } ?? true }
            } ?? false
        case .hotfix(let id): observation.hotfixes[id] == true
        case .command(let command): observation.commands[probes(context).render(command)] == 0
        }
    }

    private func disableService(_ service: String, _ observation: HostObservation, into plan: inout StepPlan) {
        guard let state = observation.services[service], state.exists else {
            plan.reason = "no service \(service) on this host"
            return
        }
        if state.isActive {
            plan.changes.append(PlannedChange(kind: .stopService, summary: "stop \(service) (now \(state.activeState ?? "?"))", service: service))
        }
        if state.startsAtBoot {
            plan.changes.append(PlannedChange(kind: .disableService, summary: "disable \(service) at boot (now \(state.enabledState ?? "?"))", service: service))
        }
        if plan.changes.isEmpty {
            plan.reason = "\(service) is already stopped and disabled"
        } else {
            plan.action = .change
            plan.reason = "\(service) is \(state.activeState ?? "?") and \(state.enabledState ?? "?")"
        }
    }
}
