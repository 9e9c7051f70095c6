import Foundation
import ScourCore
import ScourSSH

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
        for step in playbook.steps where !isSkippedOnAnyHost(step) { items += self.items(for: step.action) }
        var seen = Set<ProbeItem>()
        return items.filter { seen.insert($0).inserted }
    }

    private func isSkippedOnAnyHost(_ step: Step) -> Bool {
        guard let when = step.when, when.isKnownBeforeProbing else { return false }
        return when.evaluate(in: context) != .bool(true)
    }

    /// What `indicator` asks of the host; the planner finds its answer under the same item.
    func item(for indicator: Indicator) -> ProbeItem {
        switch indicator {
        case .file(let path, _): .file(path: path)
        case .content(let path, _, nil): .content(path: path, limit: ProbeItem.defaultContentLimit)
        case .content(let path, let pattern, let maxMatches?):
            .contentGlob(pattern: path, regex: pattern, maxMatches: maxMatches, lineLimit: ProbeItem.defaultLineLimit)
        case .process(let name): .process(name: name)
        case .mapping(let target, _, _): .content(path: target.config, limit: ProbeItem.defaultContentLimit)
        case .command(let run, _): .command(run: render(run), timeoutSeconds: ProbeItem.defaultCommandTimeoutSeconds)
        }
    }

    func items(for action: Step.Action) -> [ProbeItem] {
        switch action {
        case .removeFiles(let remove):
            return remove.paths.map { path in
                remove.maxMatches.map { RemoveFiles.isGlob(path) ? .glob(pattern: path, maxMatches: $0) : .file(path: path) }
                    ?? .file(path: path)
            }
        case .stripMappings(let strip):
            return [.content(path: strip.target.config, limit: ProbeItem.defaultContentLimit)]
        case .reboot:
            return []
        case .applyPatch(let patch):
            return [item(for: patch.installed), .file(path: PatchUpload.remotePath(of: patch, platform: playbook.platform))]
        case .disableService(let service):
            return [.service(name: service)]
        case .run(_, let unless):
            return unless.map { [.command(run: render($0), timeoutSeconds: ProbeItem.defaultCommandTimeoutSeconds)] } ?? []
        }
    }

    /// What verifies `action` once it acted: its check's items, except that a patch is
    /// verified by its `installed` check alone (the install script has just checked the
    /// uploaded file's hash).
    func verificationItems(for action: Step.Action) -> [ProbeItem] {
        if case .applyPatch(let patch) = action { return [item(for: patch.installed)] }
        return items(for: action)
    }

    func item(for check: InstalledCheck) -> ProbeItem {
        switch check {
        case .file(let path): .file(path: path)
        case .package(let name, _): .package(name: name)
        case .hotfix(let id): .hotfix(id: id)
        case .command(let command): .command(run: render(command), timeoutSeconds: ProbeItem.defaultCommandTimeoutSeconds)
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

/// Where `apply_patch` puts the patch on a host: a folder of Scour's own, the file named by
/// its hash so a second run finds it already there.
enum PatchUpload {
    static func remotePath(of patch: ApplyPatch, platform: Platform) -> String {
        platform.shell.patchPath(named: String(patch.sha256.prefix(16)) + "-" + (patch.file as NSString).lastPathComponent)
    }

    /// Whether the host already holds this patch at its upload path (same SHA-256): then it is
    /// not uploaded again. Plan and apply both ask this, of the same observation.
    static func isPresent(_ patch: ApplyPatch, platform: Platform, in observation: HostObservation) -> Bool {
        observation.files[remotePath(of: patch, platform: platform)]?.sha256 == patch.sha256
    }

    /// The install command when the playbook gives none, by file type.
    static func defaultInstall(remotePath: String, platform: Platform) -> String {
        platform.shell.defaultInstall(remotePath: remotePath)
    }
}
