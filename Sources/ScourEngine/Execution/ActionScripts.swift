import Foundation
import ScourCore

/// The action scripts of one run on one host's shell: `HostShell`'s scripts with the run's id
/// filled in.
struct ActionScripts: Sendable {
    let shell: any HostShell
    let run: String

    init(shell: any HostShell, run: String) {
        self.shell = shell
        self.run = run
    }

    init(platform: Platform, run: String) { self.init(shell: platform.shell, run: run) }

    var quarantineFolder: String { shell.quarantineFolder(run: run) }
    /// Prints the run's quarantine manifest (nothing when there is none).
    var readManifest: String { shell.readManifest(run: run) }

    func quarantine(_ paths: [String], step: String, tag: String, delete: Bool) -> String {
        shell.quarantine(paths, run: run, step: step, tag: tag, delete: delete)
    }
    func replaceConfig(_ config: String, staged: String, expected: String) -> String {
        shell.replaceConfig(config, staged: staged, run: run, expected: expected)
    }
    func restoreConfig(_ config: String) -> String { shell.restoreConfig(config, run: run) }
    func validated(_ validate: String, config: String) -> String { shell.validated(validate, config: config, run: run) }
    func stopAndDisable(_ service: String) -> String { shell.stopAndDisable(service) }
    func makeFolder(of path: String) -> String? { shell.makeFolder(of: path) }
    func stage(_ contents: Data, at staged: String) -> String? { shell.stage(contents, at: staged) }
    func installPatch(staged: String?, at path: String, sha256: String, install: String) -> String {
        shell.installPatch(staged: staged, at: path, sha256: sha256, install: install)
    }
    func reboot(step: String) -> String { shell.reboot(marker: shell.rebootMarker(run: run, step: step)) }
    /// Prints the boot id a reboot step noted before asking for the reboot (nothing if none).
    func rebootRequested(step: String) -> String { shell.rebootRequested(marker: shell.rebootMarker(run: run, step: step)) }
    var bootID: String { shell.bootID }
    /// A staged file's name beside `config`: hidden, tagged with the run.
    func staged(beside config: String) -> String { shell.staged(beside: config, run: run) }
}
