import Foundation
import ScourCore
import ScourHost

extension RemoveFiles: StepHandler {
    func probeItems(_ context: StepContext) -> [ProbeItem] {
        paths.map { path in
            maxMatches.map { RemoveFiles.isGlob(path) ? .glob(pattern: path, maxMatches: $0) : .file(path: path) } ?? .file(path: path)
        }
    }

    /// Each existing path is quarantined (or deleted). A glob's match that is a folder, FIFO,
    /// device or socket is skipped and named in the reason — a user who may write in the folder
    /// cannot block root's cleanup with `mkdir dir.php` — while an exact path that is a folder
    /// blocks the step. A path or a glob's folder the probe could not see makes it unknown.
    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        var found: [(path: String, file: FileObservation)] = []
        var skipped: [(path: String, kind: FileKind)] = []
        var unseen: [Unseen] = []
        for path in paths {
            if maxMatches != nil && RemoveFiles.isGlob(path), let glob = observation.globs[path] {
                if glob.isTruncated {
                    plan.action = .blocked
                    plan.reason = "\(path) matches \(glob.total) paths, more than max_matches = \(glob.matches.count)"
                    return
                }
                unseen += glob.unseen ?? []
                for match in glob.matches {
                    switch match.file.kind {
                    case .directory, .other: skipped.append((match.path, match.file.kind))
                    default: Self.add(match.path, match.file, to: &found, unseen: &unseen)
                    }
                }
            } else if let file = observation.files[path] {
                Self.add(path, file, to: &found, unseen: &unseen)
            }
        }
        if let folder = found.first(where: { $0.file.kind == .directory }) {
            plan.action = .blocked
            plan.reason = "\(folder.path) is a folder; remove_files removes files"
            return
        }
        if !unseen.isEmpty {
            plan.cannotTell("which of the paths exist as files", unseen)
            return
        }
        let skipping = Self.skippingWords(skipped)
        guard !found.isEmpty else {
            plan.reason = "none of the \(paths.count) paths exists" + skipping
            return
        }
        plan.action = .change
        let verb = mode == .quarantine ? "quarantine" : "delete"
        plan.reason = "\(found.count) of the paths exist\(found.count == 1 ? "s" : "")" + skipping
        plan.changes = found.map { path, file in
            let size = file.stat?.size
            let hash = file.sha256.map { ", sha256 \($0.prefix(12))…" } ?? ""
            return PlannedChange(
                kind: mode == .quarantine ? .quarantine : .delete,
                summary: "\(verb) \(path) (\(size.map { ByteSize(bytes: $0).description } ?? "?")\(hash))",
                path: path, size: size, sha256: file.sha256, mode: file.stat?.mode,
                owner: file.stat.map { "\($0.owner):\($0.group)" })
        }
    }

    /// What a step leaves of a glob's matches that are not files, for its reason:
    /// `; skipped, not files: /x/dir.php (a folder), /x/p (not a regular file)`, or nothing.
    static func skippingWords(_ skipped: [(path: String, kind: FileKind)]) -> String {
        skipped.isEmpty ? "" : "; skipped, not files: " + skipped.map { "\($0.path) (\($0.kind == .directory ? "a folder" : "not a regular file"))" }
            .joined(separator: ", ")
    }

    /// A path as observed: found when present (a regular file whose bytes could not be read is
    /// unseen: the plan could not show, nor the action record, what it moves).
    private static func add(_ path: String, _ file: FileObservation, to found: inout [(path: String, file: FileObservation)],
                            unseen: inout [Unseen]) {
        switch file.presence {
        case .absent: break
        case .unknown(let why): unseen.append(why)
        case .present:
            if file.kind == .regular, file.sha256 == nil, let why = file.unseen { unseen.append(why) } else { found.append((path, file)) }
        }
    }

    /// The files about to move, as the check saw them, go into the journal first: the run's
    /// record, not the host's manifest, says what `restore` may put back.
    func start(_ check: StepPlan, step: String, observation: HostObservation, context: StepContext, run: String) -> StepStart {
        StepStart(quarantine: QuarantinePlan(step: step, paths: check.changes.compactMap(\.path), delete: mode == .delete,
                                             observation: observation))
    }

    func act(_ acting: StepActing) async throws -> ActionResult {
        guard let quarantine = acting.start.quarantine else { throw StepFailure("nothing was recorded to quarantine") }
        let (result, verified) = try await acting.remote.runScript(
            acting.scripts.quarantine(quarantine.paths, step: acting.step, tag: quarantine.tag, delete: mode == .delete),
            thenProbe: acting.verificationItems, timeout: acting.timeout)
        try result.expectSuccess("moving the files into quarantine")
        return ActionResult(verified: verified)
    }
}
