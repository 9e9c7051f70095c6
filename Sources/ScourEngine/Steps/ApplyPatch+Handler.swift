import Foundation
import ScourCore
import ScourHost

extension ApplyPatch: StepHandler {
    func probeItems(_ context: StepContext) -> [ProbeItem] {
        [item(for: installed, context), .file(path: PatchUpload.remotePath(of: self, platform: context.platform))]
    }

    /// The `installed` check alone: the install script has just checked the uploaded file's hash.
    func verificationItems(_ context: StepContext) -> [ProbeItem] { [item(for: installed, context)] }

    func decide(_ observation: HostObservation, _ context: StepContext, into plan: inout StepPlan) {
        switch isInstalled(observation, context) {
        case .true:
            plan.reason = "already installed: \(installed.words)"
            return
        case .unknown(let unseen):
            plan.cannotTell("whether \(installed.words)", [unseen])
            return
        case .false:
            break
        }
        plan.action = .change
        plan.reason = "not installed: not (\(installed.words))"
        let remotePath = PatchUpload.remotePath(of: self, platform: context.platform)
        let size = context.patchSizes[file]
        if PatchUpload.isPresent(self, platform: context.platform, in: observation) {
            plan.changes.append(PlannedChange(kind: .upload, summary: "\(remotePath) already uploaded (same SHA-256)", path: remotePath,
                                              size: observation.files[remotePath]?.stat?.size, sha256: sha256))
        } else {
            plan.changes.append(PlannedChange(
                kind: .upload,
                summary: "upload \(fileAsWritten) to \(remotePath) (\(size.map { ByteSize(bytes: $0).description } ?? "?"), sha256 \(sha256.prefix(12))…)",
                path: remotePath, size: size, sha256: sha256))
        }
        let probes = context.probes
        let command = install.map { probes.render($0).replacingOccurrences(of: "{file}", with: probes.quote(remotePath)) }
            ?? PatchUpload.defaultInstall(remotePath: remotePath, platform: context.platform)
        plan.changes.append(PlannedChange(kind: .install, summary: "run \(command), then check that \(installed.words)", command: command))
    }

    func act(_ acting: StepActing) async throws -> ActionResult {
        let platform = acting.context.platform
        let remotePath = PatchUpload.remotePath(of: self, platform: platform)
        var staged: String?
        if !PatchUpload.isPresent(self, platform: platform, in: acting.observation) {
            if let makeFolder = acting.scripts.makeFolder(of: remotePath) {
                try await acting.remote.runScript(makeFolder, timeout: acting.timeout).expectSuccess("creating the patch folder")
            }
            staged = await acting.remote.stagingPath(for: remotePath, run: acting.runID)
            try await acting.remote.write(file, to: staged!)
        }
        guard let install = acting.check.changes.first(where: { $0.kind == .install })?.command else { return ActionResult() }
        let (result, verified) = try await acting.remote.runScript(
            acting.scripts.installPatch(staged: staged, at: remotePath, sha256: sha256, install: install),
            thenProbe: acting.verificationItems, timeout: acting.timeout)
        if result.exit == .code(ScriptExit.patchHashMismatch.rawValue) {
            throw StepFailure("the uploaded patch does not have SHA-256 \(sha256) on the host: not run", stderr: result.stderrText)
        }
        try result.expectSuccess("the install command")
        return ActionResult(verified: verified)
    }

    /// Whether the `installed` check holds; unknown when its file could not be looked for or
    /// its command was stopped at its timeout.
    private func isInstalled(_ observation: HostObservation, _ context: StepContext) -> Installed {
        switch installed {
        case .file(let path):
            switch observation.files[path]?.presence {
            case .present: return .true
            case .unknown(let unseen): return .unknown(unseen)
            case .absent, nil: return .false
            }
        case .package(let name, let constraint):
            return observation.packages[name].map { package in
                package.versions.contains { version in constraint.map { DebianVersion.satisfies(version, $0) } ?? true }
            } == true ? .true : .false
        case .hotfix(let id): return observation.hotfixes[id] == true ? .true : .false
        case .command(let command):
            switch observation.command(context.render(command), exited: 0) {
            case .true?: return .true
            case .unknown?: return .unknown(Unseen(.timedOut))
            case .false?, nil: return .false
            }
        }
    }

    private enum Installed {
        case `true`, `false`
        case unknown(Unseen)
    }

    private func item(for check: InstalledCheck, _ context: StepContext) -> ProbeItem {
        switch check {
        case .file(let path): .file(path: path)
        case .package(let name, _): .package(name: name)
        case .hotfix(let id): .hotfix(id: id)
        case .command(let command): .command(run: context.render(command), timeoutSeconds: ProbeItem.defaultCommandTimeoutSeconds)
        }
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
