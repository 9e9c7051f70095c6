import Foundation
import ScourCore
import ScourHost

extension StripMappings: StepHandler {
    func probeItems(_ context: StepContext) -> [ProbeItem] {
        [.content(path: target.config, limit: ProbeItem.defaultContentLimit)]
    }

    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        let config = target.config
        guard let content = observation.contents[config], content.kind != .absent else {
            plan.reason = "\(config) does not exist: nothing maps anything"
            return
        }
        if let unseen = content.unseen ?? (content.kind == .unknown ? Unseen(.ioError, path: config) : nil) {
            plan.cannotTell("what \(config) maps", [unseen])
            return
        }
        guard let text = content.text else {
            plan.action = .blocked
            plan.reason = content.whyNoBytes(config, limit: ProbeItem.defaultContentLimit)
            return
        }
        let edit = MappingEditor.strip(text, target: target, aliases: aliases, handlers: handlers)
        if let undecided = edit.undecided {
            plan.cannotTell("what \(config) maps", [Unseen(.timedOut, path: config)])
            plan.reason = "cannot tell what \(config) maps: \(undecided.words)"
            return
        }
        guard edit.changesSomething else {
            plan.reason = "\(target.words) maps none of \((aliases + handlers).joined(separator: ", "))"
            return
        }
        plan.action = .change
        plan.reason = "\(edit.removals.count) mapping\(edit.removals.count == 1 ? "" : "s") to remove"
        let lines = edit.removals.map { "line \($0.line): \($0.what)" }.joined(separator: "; ")
        plan.changes = [PlannedChange(
            kind: .editConfig, summary: "edit \(config): remove \(lines)", path: config,
            sha256: SHA256.hex(of: Array(edit.newText.utf8)),
            diff: edit.diff(path: config))]
    }

    /// The file it is about to replace, for the journal.
    func start(_ check: StepPlan, step: String, observation: HostObservation, context: StepContext, run: String) -> StepStart {
        guard let original = observation.contents[target.config]?.bytes else { return StepStart() }
        let edit = MappingEditor.strip(String(decoding: original, as: UTF8.self), target: target, aliases: aliases, handlers: handlers)
        return StepStart(edits: [PlannedEdit(target.config, from: Array(original), to: Array(edit.newText.utf8), run: run, platform: context.platform)])
    }

    /// The edited file `start` planned replaces the original (`StepActing.replaceConfig`:
    /// checked to be what was read, backed up, swapped, validated; a failed validation puts the
    /// original back). On linux it is all one script, which also observes the result.
    func act(_ acting: StepActing) async throws -> ActionResult {
        guard let edit = acting.start.edits.first else { throw StepFailure("\(target.config) could not be read") }
        let (record, verified) = try await acting.replaceConfig(
            edit.record.path, with: edit.written, from: edit.original, validate: validate.map { acting.context.render($0) },
            thenProbe: acting.verificationItems)
        return ActionResult(verified: verified, configEdits: [record])
    }
}
