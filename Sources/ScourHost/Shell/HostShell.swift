import Foundation
import ScourCore

/// Everything that differs between the shells Scour drives on hosts — POSIX sh on linux,
/// PowerShell on windows: quoting, the constant command line every script is sent to (the
/// script itself travels on stdin, so no value is parsed by the login shell), the probe, action
/// and restore scripts, where Scour keeps its files on the host, the exit codes its scripts
/// report with, and how a command runs with privileges (become). Chosen once per host from its
/// typed `Platform` (`Platform.shell`): a third platform is one more type, not edits across
/// the engine.
package protocol HostShell: Sendable {
    var platform: Platform { get }
    /// The command line scripts are sent to (their text on stdin).
    var scriptCommand: String { get }
    /// `value` as a literal of this shell.
    func quote(_ value: String) -> String
    /// How scripts run as `become` asks; throws `Elevation.Refusal` when this shell cannot.
    func elevation(_ become: Become) throws -> Elevation
    /// `script` as one request to a shell of this kind kept running across scripts
    /// (`Transport.converse`): the script in a subshell reading nothing, then its status and
    /// `marker` on the end lines that call expects; nil where the shell cannot take several
    /// scripts on one stdin (each script then has an exec of its own).
    func request(_ script: String, marker: String) -> String?

    // Probes
    func probeScript(_ items: [ProbeItem], nonce: String) -> String
    /// Why `item` must not be sent to this shell at all, or nil.
    func refusal(of item: ProbeItem) -> String?
    /// `script` and then the probe `probe`, in one script whose stdout is the probe's frame
    /// alone; nil where the shell cannot (the caller probes next, in a second round trip).
    func script(_ script: String, thenProbe probe: String) -> String?

    // Small scripts
    /// Waits `seconds` on the host (ends early only with the connection).
    func sleep(seconds: Int64) -> String
    /// Prints the run's quarantine manifest, or nothing when there is none.
    func readManifest(run: String) -> String
    /// Prints the boot id a reboot step noted at `marker` before asking, or nothing.
    func rebootRequested(marker: String) -> String
    /// Prints the host's current boot id.
    var bootID: String { get }

    // Where Scour keeps its files on the host
    func quarantineFolder(run: String) -> String
    func backup(of config: String, run: String) -> String
    /// A hidden name for a config's replacement, in the config's own folder.
    func staged(beside config: String, run: String) -> String
    func patchPath(named name: String) -> String
    func rebootMarker(run: String, step: String) -> String
    /// The install command of a patch when the playbook gives none, by file type.
    func defaultInstall(remotePath: String) -> String

    // Actions
    /// Moves (or deletes) `paths` into the run's quarantine, the n-th stored as `TAG-n`.
    func quarantine(_ paths: [String], run: String, step: String, tag: String, delete: Bool) -> String
    /// Replaces `config` with `staged`, keeping a backup; first checks that `config` still has
    /// the SHA-256 `expected` (what the edit was made from), else writes nothing and exits
    /// `ScriptExit.configChangedSinceRead`.
    func replaceConfig(_ config: String, staged: String, run: String, expected: String) -> String
    func restoreConfig(_ config: String, run: String) -> String
    func stopAndDisable(_ service: String) -> String
    /// The script that makes the folder of an upload; nil where the upload makes it itself.
    func makeFolder(of path: String) -> String?
    /// The script that writes `contents` to `staged` itself; nil where the file goes over SFTP.
    func stage(_ contents: Data, at staged: String) -> String?
    /// Moves a written patch into place (when `staged`), checks its SHA-256 on the host
    /// (`ScriptExit.patchHashMismatch` otherwise) and only then runs `install`.
    func installPatch(staged: String?, at path: String, sha256: String, install: String) -> String
    func reboot(marker: String) -> String
    /// Stops `targets` (TERM, `grace`, KILL), each only while it is still the process the check
    /// saw; exits `ScriptExit.processesSurvived` when one outlives KILL.
    func killProcesses(_ targets: [ProcessTarget], grace: Duration) -> String
    /// `config`'s replacement is checked with `validate`; when it fails, the original is put
    /// back and the script exits `ScriptExit.validationFailed`.
    func validated(_ validate: String, config: String, run: String) -> String

    // Restore
    func restoreQuarantined(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String
    func restoreConfigs(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String
}

/// Exit codes Scour's own scripts report with, the same on every shell. With the codes the
/// restore scripts print for each file (`RestoreScript.Code`, `ConfigRestoreScript.Code`)
/// they are one table, each number one meaning wherever it appears, clear of the shells' own
/// statuses (1, 2, 126, 127, 128 + a signal):
///
/// | code | meaning |
/// |---|---|
/// | 92 | something is at the path now: not overwritten |
/// | 93 | the config has the original's bytes already |
/// | 94 | what Scour kept (a quarantined copy, a backup) is missing |
/// | 95 | what Scour kept is not what it recorded |
/// | 96 | the config changed on the host since Scour read or wrote it: not overwritten |
/// | 97 | the patch on the host is not the one the playbook names |
/// | 98 | a config edit failed its `validate` command and was put back |
/// | 99 | a process was still running after KILL |
package enum ScriptExit: Int32 {
    /// A config edit: the file is no longer what the edit was made from; nothing was written.
    case configChangedSinceRead = 96
    /// `installPatch`: the patch on the host is not the one the playbook names.
    case patchHashMismatch = 97
    /// A config edit failed its `validate` command and was put back.
    case validationFailed = 98
    /// `kill_process`: a process was still running after KILL.
    case processesSurvived = 99
}

extension Platform {
    /// The shell Scour drives on hosts of this platform.
    package var shell: any HostShell {
        switch self {
        case .linux: POSIXShell()
        case .windows: PowerShell()
        }
    }
}
