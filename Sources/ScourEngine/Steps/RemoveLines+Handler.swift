import Foundation
import ScourCore
import ScourHost

extension RemoveLines: StepHandler {
    /// Each exact file's kind (a symbolic link is refused: it is edited only in place) and
    /// content; for a glob, the same of every file it matches, in one `globContents` item.
    func probeItems(_ context: StepContext) -> [ProbeItem] {
        uniquePaths.flatMap { path in
            globItem(path).map { [$0] } ?? [ProbeItem.file(path: path), .content(path: path, limit: ProbeItem.defaultContentLimit)]
        }
    }

    /// The most bytes of all the files one glob matches that its probe fetches: 64 MiB.
    static let globContentBudget = 64 << 20

    /// The `globContents` item of a glob path, nil for an exact one. Each matched file is
    /// fetched up to 4 MiB as an exact one is, less when `max_matches` is so high that the
    /// answer would pass `globContentBudget`.
    private func globItem(_ path: String) -> ProbeItem? {
        guard let maxMatches, RemoveFiles.isGlob(path) else { return nil }
        return .globContents(pattern: path, maxMatches: maxMatches, limit: min(ProbeItem.defaultContentLimit, Self.globContentBudget / maxMatches))
    }

    /// A glob's match that is a folder, FIFO, device or socket holds no lines: it is skipped and
    /// named in the reason (a FIFO swapped in under a globbed name cannot block the step), while
    /// an exact path that is not a regular file blocks it.
    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        let editing: Editing
        switch fileEdits(observation) {
        case .failure(let blocked):
            plan.action = .blocked
            plan.reason = blocked.reason
            return
        case .success(let found):
            editing = found
        }
        let unseen = unseenParts(observation)
        if !unseen.isEmpty {
            plan.cannotTell("which lines the files hold", unseen)
            return
        }
        let skipping = RemoveFiles.skippingWords(editing.skipped)
        // The files' diffs together stop at what one diff may show: a glob at its `max_matches`
        // must not build (and hold, and print) every line of hundreds of files.
        var lines = 0, shown = 0
        var changes: [PlannedChange] = []
        editing.forEachRemoval { file, original, removal in
            lines += removal.removed.count
            let diff = shown > UnifiedDiff.shownLimit
                ? "… diff not shown: this step's diffs passed \(UnifiedDiff.shownLimit >> 10) KiB\n"
                : UnifiedDiff.removing(Set(removal.removed.map { $0 - 1 }), from: String(decoding: original, as: UTF8.self), path: file.path)
            shown += diff.utf8.count
            changes.append(PlannedChange(
                kind: .editConfig, summary: "edit \(file.path): remove \(removal.lineWords)", path: file.path,
                sha256: SHA256.hex(of: removal.bytes), mode: file.stat?.mode, owner: file.stat.map { "\($0.owner):\($0.group)" },
                diff: diff))
        }
        guard !changes.isEmpty else {
            let files = editing.files
            plan.reason = (files.isEmpty
                ? (uniquePaths.contains(where: { globItem($0) != nil }) ? "no file exists at or matches any of the \(uniquePaths.count) paths"
                    : "none of the \(uniquePaths.count) files exists")
                : "no line of \(files.count == 1 ? files[0].path : "the \(files.count) files that exist") matches") + skipping
            return
        }
        plan.action = .change
        plan.reason = "\(lines) line\(lines == 1 ? "" : "s") to remove from \(changes.count) file\(changes.count == 1 ? "" : "s")" + skipping
        plan.changes = changes
    }

    /// The files it is about to replace, for the journal: their records only. The bytes are
    /// dropped as soon as each record is made (`act` works each file out again from the
    /// observation when it writes it), so that the copies of one file are held at a time.
    func start(_ check: StepPlan, step: String, observation: HostObservation, context: StepContext, run: String) -> StepStart {
        guard case .success(let editing) = fileEdits(observation) else { return StepStart() }
        var edits: [PlannedEdit] = []
        editing.forEachRemoval { file, original, removal in
            var edit = PlannedEdit(file.path, from: original, to: removal.bytes, run: run, platform: context.platform)
            (edit.original, edit.written) = ([], [])
            edits.append(edit)
        }
        return StepStart(edits: edits)
    }

    /// Each edited file without its removed lines, one file at a time.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        guard case .success(let editing) = fileEdits(model) else { return nil }
        editing.forEachRemoval { file, _, removal in model.projectEdit(of: file.path, to: removal.bytes) }
        return nil
    }

    /// Each file `start` planned replaced in turn, then `validate`; a failure on the way puts
    /// back every file already replaced, so the step edits all its files or none. The last
    /// script (`validate`, else the last replace) also probes the verification where the shell
    /// can.
    func act(_ acting: StepActing) async throws -> ActionResult {
        let edits = acting.start.edits
        guard !edits.isEmpty, case .success(let editing) = fileEdits(acting.observation) else { throw StepFailure("no file was recorded to edit") }
        let files = Dictionary(editing.files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        var records: [ConfigEdit] = []
        var verified: HostObservation?
        do {
            for (index, edit) in edits.enumerated() {
                // The edit `start` recorded, worked out again on the same observation.
                guard let file = files[edit.record.path], let (original, removal) = editing.removal(of: file) else {
                    throw StepFailure("\(edit.record.path) was recorded to edit, but its bytes are not at hand").leaving([])
                }
                let probe = validate == nil && index == edits.count - 1 ? acting.verificationItems : []
                let (record, observed) = try await acting.replaceConfig(edit.record.path, with: removal.bytes, from: original, thenProbe: probe)
                records.append(record)
                verified = observed
            }
            if let validate = validate.map(acting.context.render) {
                let (result, observed) = try await acting.remote.runScript(validate + "\n", thenProbe: acting.verificationItems, timeout: acting.timeout)
                verified = observed
                guard result.succeeded else {
                    // Validating writes nothing: the files replaced are `records`, put back below.
                    throw StepFailure("validation `\(validate)` failed (\(result.exit))", stdout: result.stdoutText, stderr: result.stderrText)
                        .leaving([])
                }
            }
        } catch {
            // What the failing replace (or validation) itself left written; nil: it cannot say.
            guard !records.isEmpty else { throw error }
            let failure = error as? StepFailure ?? StepFailure("\(error)")
            let replaced = records.map(\.path).joined(separator: ", ")
            do {
                try await acting.putBack(records)
            } catch {
                let putBackFailure = StepFailure("\(failure.message); then \(error): the originals of \(replaced) are in "
                                                 + records.map(\.backup).joined(separator: ", "), stdout: failure.stdout, stderr: failure.stderr)
                throw failure.configEdits.map { putBackFailure.leaving(records + $0) } ?? putBackFailure
            }
            let putBack = StepFailure("\(failure.message); the originals of \(replaced) were put back", stdout: failure.stdout, stderr: failure.stderr)
            throw failure.configEdits.map { putBack.leaving($0) } ?? putBack
        }
        return ActionResult(verified: verified, configEdits: records)
    }

    /// What the probe could not read of the files: an exact path or a glob's folder it could
    /// not look in, a file whose bytes it could not read.
    private func unseenParts(_ observation: HostObservation) -> [Unseen] {
        uniquePaths.flatMap { path -> [Unseen] in
            guard let item = globItem(path) else {
                return (observation.files[path]?.unseen ?? observation.contents[path]?.unseen).map { [$0] } ?? []
            }
            guard let glob = observation.globContents(for: item) else { return [] }
            return (glob.unseen ?? []) + glob.matches.filter { !Self.isNotAFile($0) }.compactMap { $0.content?.unseen ?? $0.file.unseen }
        }
    }

    /// A glob's match that holds no lines to edit: a folder, FIFO, device or socket, as its type
    /// said or as its read found (a name swapped to a FIFO between the two is no file either).
    private static func isNotAFile(_ match: GlobContentsMatch) -> Bool {
        [.directory, .other].contains(match.file.kind) || (match.content?.unseen ?? match.file.unseen)?.reason == .notRegularFile
    }

    /// The paths in the playbook's order, each once.
    private var uniquePaths: [String] {
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    /// One existing text file to edit, its bytes those of the observation (shared, not copied).
    private struct FileToEdit {
        var path: String
        var bytes: Data
        var stat: FileStat?
    }

    /// The files a step edits as observed, and how it matches their lines.
    private struct Editing {
        var matcher: LineMatcher
        var files: [FileToEdit]
        var skipped: [(path: String, kind: FileKind)]

        /// Each file with lines to remove, its original bytes and the removal: one file at a
        /// time, so that deciding on hundreds of files holds the copies of one.
        func forEachRemoval(_ body: (FileToEdit, _ original: [UInt8], LineRemoval) -> Void) {
            for file in files {
                if let (original, removal) = removal(of: file) { body(file, original, removal) }
            }
        }

        /// `file`'s original bytes and what removing its matching lines makes of them; nil when
        /// no line matches.
        func removal(of file: FileToEdit) -> (original: [UInt8], removal: LineRemoval)? {
            let original = Array(file.bytes)
            let removal = LineRemoval(original, removing: matcher)
            return removal.removed.isEmpty ? nil : (original, removal)
        }
    }

    private struct Blocked: Error {
        var reason: String
    }

    /// Each file that exists to edit (a file named twice, or matched by two paths, once)
    /// and the glob matches skipped as not files, or why the step cannot edit them as observed.
    private func fileEdits(_ observation: HostObservation) -> Result<Editing, Blocked> {
        let matcher: LineMatcher
        do {
            matcher = try LineMatcher(match)
        } catch {
            return .failure(Blocked(reason: "invalid regular expression: \(error.reason)"))
        }
        if matcher.matchesEveryLine, case .pattern(let pattern) = match {
            return .failure(Blocked(reason: "'\(pattern)' matches an empty line, so every line: refusing to empty the files"))
        }
        var files: [FileToEdit] = []
        var skipped: [(path: String, kind: FileKind)] = []
        var seen = Set<String>()
        func add(_ path: String, _ file: FileObservation?, _ content: ContentObservation?, limit: Int) -> Blocked? {
            guard seen.insert(path).inserted else { return nil }
            if file?.kind == .symlink { return Blocked(reason: "\(path) is a symbolic link: remove_lines edits a file only in place") }
            // What could not be read is not edited: `unseenParts` makes the step unknown.
            guard let content, content.kind != .absent, content.kind != .unknown, content.unseen == nil, file?.kind != .unknown else { return nil }
            guard let bytes = content.bytes else {
                return Blocked(reason: content.whyNoBytes(path, limit: limit))
            }
            if bytes.withUnsafeBytes({ $0.contains(0) }) { return Blocked(reason: "\(path) holds a NUL byte: it is not a text file") }
            files.append(FileToEdit(path: path, bytes: bytes, stat: file?.stat))
            return nil
        }
        for path in uniquePaths {
            guard let item = globItem(path), case .globContents(_, _, let limit) = item else {
                if let blocked = add(path, observation.files[path], observation.contents[path], limit: ProbeItem.defaultContentLimit) { return .failure(blocked) }
                continue
            }
            guard let glob = observation.globContents(for: item) else { return .failure(Blocked(reason: "the files matching \(path) were not observed")) }
            if glob.isTruncated {
                return .failure(Blocked(reason: "\(path) matches \(glob.total) paths, more than max_matches = \(glob.matches.count)"))
            }
            for match in glob.matches {
                if Self.isNotAFile(match) {
                    if seen.insert(match.path).inserted { skipped.append((match.path, match.file.kind == .directory ? .directory : .other)) }
                    continue
                }
                if let blocked = add(match.path, match.file, match.content ?? ContentObservation(kind: match.file.kind), limit: limit) { return .failure(blocked) }
            }
        }
        return .success(Editing(matcher: matcher, files: files, skipped: skipped))
    }
}
