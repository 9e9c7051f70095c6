import Foundation
import ScourCore

/// The action scripts of one run on one host's shell: `HostShell`'s scripts with the run's id
/// filled in.
package struct ActionScripts: Sendable {
    package let shell: any HostShell
    package let run: String

    package init(shell: any HostShell, run: String) {
        self.shell = shell
        self.run = run
    }

    package init(platform: Platform, run: String) { self.init(shell: platform.shell, run: run) }

    package var quarantineFolder: String { shell.quarantineFolder(run: run) }
    /// Prints the run's quarantine manifest (nothing when there is none).
    package var readManifest: String { shell.readManifest(run: run) }

    package func quarantine(_ paths: [String], step: String, tag: String, delete: Bool) -> String {
        shell.quarantine(paths, run: run, step: step, tag: tag, delete: delete)
    }
    package func replaceConfig(_ config: String, staged: String, expected: String) -> String {
        shell.replaceConfig(config, staged: staged, run: run, expected: expected)
    }
    package func restoreConfig(_ config: String) -> String { shell.restoreConfig(config, run: run) }
    package func validated(_ validate: String, config: String) -> String { shell.validated(validate, config: config, run: run) }
    package func stopAndDisable(_ service: String) -> String { shell.stopAndDisable(service) }
    package func makeFolder(of path: String) -> String? { shell.makeFolder(of: path) }
    package func stage(_ contents: Data, at staged: String) -> String? { shell.stage(contents, at: staged) }
    package func installPatch(staged: String?, at path: String, sha256: String, install: String) -> String {
        shell.installPatch(staged: staged, at: path, sha256: sha256, install: install)
    }
    package func reboot(step: String) -> String { shell.reboot(marker: shell.rebootMarker(run: run, step: step)) }
    /// Prints the boot id a reboot step noted before asking for the reboot (nothing if none).
    package func rebootRequested(step: String) -> String { shell.rebootRequested(marker: shell.rebootMarker(run: run, step: step)) }
    package var bootID: String { shell.bootID }
    /// A staged file's name beside `config`: hidden, tagged with the run.
    package func staged(beside config: String) -> String { shell.staged(beside: config, run: run) }
}
