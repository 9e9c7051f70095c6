import Foundation
import ScourCore
import ScourSSH

/// POSIX sh on linux hosts: scripts on stdin to `/bin/sh -s`, values single-quoted
/// (`ShellQuote.posix`); the scripts themselves are `LinuxActions`, `POSIXProbeScript`,
/// `RestoreScript.posix` and `ConfigRestoreScript.posix`.
struct POSIXShell: HostShell {
    var platform: Platform { .linux }
    var scriptCommand: String { "/bin/sh -s" }
    func quote(_ value: String) -> String { ShellQuote.posix(value) }

    /// sudo, never prompting on a terminal, one sudo a script. Without a password: `sudo -n`.
    /// With one, `sudo -S` reads it from stdin's first line only when it asks for one; the
    /// root shell then skips every line up to `Elevation.scriptStart` (one at a time: `read`
    /// takes a pipe a byte at a time) and runs the rest — so a password given to a host that
    /// needs none is read and dropped, never run as a command. Uploads are written to `/tmp`.
    func elevation(_ become: Become) throws -> Elevation {
        guard case .sudo = become.method else {
            throw Elevation.Refusal(description: "ansible_become_method=\(become.method): scour becomes another user with sudo only")
        }
        let user = quote(become.user)
        guard let password = become.password else {
            return Elevation(command: "sudo -n -H -u \(user) -- /bin/sh -s", password: nil, uploadFolder: "/tmp")
        }
        let skipToScript = "while IFS= read -r l; do [ \"$l\" = \(quote(Elevation.scriptStart)) ] && exec /bin/sh -s; done; exit 1"
        return Elevation(command: "sudo -S -p '' -H -u \(user) -- /bin/sh -c \(quote(skipToScript))", password: password, uploadFolder: "/tmp")
    }

    /// The script runs in a subshell: its `exit`, `set -e`, traps and variables end with it,
    /// and it reads /dev/null, not the requests that follow on the shell's stdin.
    func request(_ script: String, marker: String) -> String? {
        let end = quote(marker)
        return "(\n\(script)\n) </dev/null\nprintf '\\n%s %s\\n' \(end) \"$?\"\nprintf '\\n%s\\n' \(end) >&2\n"
    }

    func probeScript(_ items: [ProbeItem], nonce: String) -> String { POSIXProbeScript.render(items, nonce: nonce) }
    func refusal(of item: ProbeItem) -> String? { item.refusal(namesAreCommandArguments: true) }
    /// The script's output goes to stderr, so stdout carries the probe's frame alone. Its
    /// status is taken on a line of its own: a subshell in an `||` list would run with `set -e`
    /// ignored, and a failure in its middle would go unnoticed.
    func script(_ script: String, thenProbe probe: String) -> String? {
        "(\n\(script)\n) </dev/null 1>&2\nscour_status=$?\n[ \"$scour_status\" -eq 0 ] || exit \"$scour_status\"\n" + probe
    }

    func sleep(seconds: Int64) -> String { "sleep \(seconds)\n" }
    func readManifest(run: String) -> String { "cat \(quote(quarantineFolder(run: run) + "/manifest.jsonl")) 2>/dev/null || true\n" }
    func rebootRequested(marker: String) -> String { "cat \(quote(marker)) 2>/dev/null || true\n" }
    var bootID: String { "cat /proc/sys/kernel/random/boot_id\n" }

    func quarantineFolder(run: String) -> String { LinuxActions.quarantineFolder(run: run) }
    func backup(of config: String, run: String) -> String { LinuxActions.backup(of: config, run: run) }
    func staged(beside config: String, run: String) -> String { LinuxActions.staging(of: config, run: run) }
    func patchPath(named name: String) -> String { "/var/lib/scour/patches/\(name)" }
    func rebootMarker(run: String, step: String) -> String { LinuxActions.rebootMarker(run: run, step: step) }

    func defaultInstall(remotePath: String) -> String {
        let lower = remotePath.lowercased(), file = quote(remotePath)
        if lower.hasSuffix(".deb") { return "dpkg -i \(file)" }
        if lower.hasSuffix(".rpm") { return "rpm -Uvh \(file)" }
        if lower.hasSuffix(".sh") { return "sh \(file)" }
        return "chmod 0755 \(file) && \(file)"
    }

    func quarantine(_ paths: [String], run: String, step: String, tag: String, delete: Bool) -> String {
        LinuxActions.quarantine(paths, run: run, step: step, tag: tag, delete: delete)
    }
    func replaceConfig(_ config: String, staged: String, run: String, expected: String) -> String {
        LinuxActions.replaceConfig(config, staged: staged, run: run, expected: expected)
    }
    func restoreConfig(_ config: String, run: String) -> String { LinuxActions.restoreConfig(config, run: run) }
    func stopAndDisable(_ service: String) -> String { LinuxActions.stopAndDisable(service) }
    /// None: the SFTP upload creates missing folders itself.
    func makeFolder(of path: String) -> String? { nil }
    func stage(_ contents: Data, at staged: String) -> String? { LinuxActions.stage(contents, at: staged) }

    func installPatch(staged: String?, at path: String, sha256: String, install: String) -> String {
        // A staged upload of this script's own user (root's staging folder) is renamed into
        // place. One of another user's — the login's, under `/tmp`, when the script runs
        // through sudo — is copied to a fresh file of this user's and removed: whoever else
        // could have held the upload has no hold on the file checked and run. A link there is
        // refused.
        let folder = quote((path as NSString).deletingLastPathComponent)
        let move = staged.map {
            """
            upload=\(quote($0))
            [ -f "$upload" ] && [ ! -L "$upload" ] || { echo "$upload is not the plain file scour uploaded: not installing" >&2; exit 1; }
            mkdir -p -m 700 -- \(folder)
            if [ -O "$upload" ]; then mv -f -T -- "$upload" \(quote(path)); else cp --remove-destination -- "$upload" \(quote(path)); rm -f -- "$upload"; fi
            \(LinuxActions.syncFile(path))

            """
        } ?? ""
        return """
            set -e
            \(move)h=$(sha256sum < \(quote(path)))
            h=${h%% *}
            if [ "$h" != \(quote(sha256)) ]; then echo "SHA-256 on the host is $h: not installing" >&2; exit \(ScriptExit.patchHashMismatch.rawValue); fi
            \(install)

            """
    }

    func killProcesses(_ targets: [ProcessTarget], grace: Duration) -> String { ProcessKill.posix(targets, grace: grace) }
    func reboot(marker: String) -> String { LinuxActions.reboot(marker: marker) }

    func validated(_ validate: String, config: String, run: String) -> String {
        "if ! ( \(validate)\n); then\n\(restoreConfig(config, run: run))exit \(ScriptExit.validationFailed.rawValue)\nfi\n"
    }

    func restoreQuarantined(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        RestoreScript.posix(entries, folder: folder, force: force, dryRun: dryRun)
    }
    func restoreConfigs(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String {
        ConfigRestoreScript.posix(edits, force: force, dryRun: dryRun)
    }
}
