import Foundation
import ScourCore

/// POSIX sh on linux hosts: scripts on stdin to `/bin/sh -s`, values single-quoted
/// (`ShellQuote.posix`); the scripts themselves are `POSIXActions`, `POSIXProbeScript`,
/// `RestoreScript.posix` and `ConfigRestoreScript.posix`.
package struct POSIXShell: HostShell {
    package init() {}

    package var platform: Platform { .linux }
    package var scriptCommand: String { "/bin/sh -s" }
    package func quote(_ value: String) -> String { ShellQuote.posix(value) }

    /// sudo, never prompting on a terminal; one sudo a connection, as the scripts go to the shell
    /// kept on it (docs/architecture.md, "One shell a connection"). Without a password:
    /// `sudo -n`. With one, `sudo -S` with `Elevation.prompt` as its prompt: the password goes
    /// to stdin only when that prompt arrives (`Elevation`); a `/bin/sh` prints its id and
    /// becomes that sudo, which the stop command kills (checked by its prompt) should it ask
    /// again. Either way the root shell prints `Elevation.ready` before it reads a script.
    /// Uploads are written to `/tmp`.
    package func elevation(_ become: Become) throws -> Elevation {
        guard case .sudo = become.method else {
            throw Elevation.Refusal(description: "ansible_become_method=\(become.method): scour becomes another user with sudo only")
        }
        let user = quote(become.user)
        return Elevation(password: become.password, uploadFolder: "/tmp") { prompt, ready, announcement in
            let shell = "-H -u \(user) -- /bin/sh -c \(quote("echo \(ready); exec /bin/sh -s"))"
            guard let prompt else { return "sudo -n " + shell }
            return "/bin/sh -c " + quote("echo \(announcement) $$; exec sudo -S -p \(quote(prompt)) " + shell)
        } stop: { prompt in
            "/bin/sh -c " + quote("read -r id && grep -qF -- \(quote(prompt)) \"/proc/$id/cmdline\" && kill -s KILL \"$id\"")
        }
    }

    /// The script runs in a subshell: its `exit`, `set -e`, traps and variables end with it,
    /// and it reads /dev/null, not the requests that follow on the shell's stdin.
    package func request(_ script: String, marker: String) -> String? {
        let end = quote(marker)
        return "(\n\(script)\n) </dev/null\nprintf '\\n%s %s\\n' \(end) \"$?\"\nprintf '\\n%s\\n' \(end) >&2\n"
    }

    package func probeScript(_ items: [ProbeItem], nonce: String) -> String { POSIXProbeScript.render(items, nonce: nonce) }
    package func refusal(of item: ProbeItem) -> String? { item.refusal(namesAreCommandArguments: true) }
    /// The script's output goes to stderr, so stdout carries the probe's frame alone. Its
    /// status is taken on a line of its own: a subshell in an `||` list would run with `set -e`
    /// ignored, and a failure in its middle would go unnoticed.
    package func script(_ script: String, thenProbe probe: String) -> String? {
        "(\n\(script)\n) </dev/null 1>&2\nscour_status=$?\n[ \"$scour_status\" -eq 0 ] || exit \"$scour_status\"\n" + probe
    }

    package func sleep(seconds: Int64) -> String { "sleep \(seconds)\n" }
    package func readManifest(run: String) -> String { "cat \(quote(quarantineFolder(run: run) + "/manifest.jsonl")) 2>/dev/null || true\n" }
    package func rebootRequested(marker: String) -> String { "cat \(quote(marker)) 2>/dev/null || true\n" }
    package var bootID: String { "cat /proc/sys/kernel/random/boot_id\n" }

    package func quarantineFolder(run: String) -> String { POSIXActions.quarantineFolder(run: run) }
    package func backup(of config: String, run: String) -> String { POSIXActions.backup(of: config, run: run) }
    package func staged(beside config: String, run: String) -> String { POSIXActions.staging(of: config, run: run) }
    package func patchPath(named name: String) -> String { "/var/lib/scour/patches/\(name)" }
    package func rebootMarker(run: String, step: String) -> String { POSIXActions.rebootMarker(run: run, step: step) }

    package func defaultInstall(remotePath: String) -> String {
        let lower = remotePath.lowercased(), file = quote(remotePath)
        if lower.hasSuffix(".deb") { return "dpkg -i \(file)" }
        if lower.hasSuffix(".rpm") { return "rpm -Uvh \(file)" }
        if lower.hasSuffix(".sh") { return "sh \(file)" }
        return "chmod 0755 \(file) && \(file)"
    }

    package func quarantine(_ paths: [String], run: String, step: String, tag: String, delete: Bool) -> String {
        POSIXActions.quarantine(paths, run: run, step: step, tag: tag, delete: delete)
    }
    package func replaceConfig(_ config: String, staged: String, run: String, expected: String) -> String {
        POSIXActions.replaceConfig(config, staged: staged, run: run, expected: expected)
    }
    package func restoreConfig(_ config: String, run: String) -> String { POSIXActions.restoreConfig(config, run: run) }
    package func stopAndDisable(_ service: String) -> String { POSIXActions.stopAndDisable(service) }
    /// None: the SFTP upload creates missing folders itself.
    package func makeFolder(of path: String) -> String? { nil }
    package func stage(_ contents: Data, at staged: String) -> String? { POSIXActions.stage(contents, at: staged) }

    package func installPatch(staged: String?, at path: String, sha256: String, install: String) -> String {
        POSIXActions.installPatch(staged: staged, at: path, sha256: sha256, install: install)
    }

    package func killProcesses(_ targets: [ProcessTarget], grace: Duration) -> String { ProcessKill.posix(targets, grace: grace) }
    package func reboot(marker: String) -> String { POSIXActions.reboot(marker: marker) }

    package func validated(_ validate: String, config: String, run: String) -> String {
        POSIXActions.validated(validate, config: config, run: run)
    }

    package func restoreQuarantined(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        RestoreScript.posix(entries, folder: folder, force: force, dryRun: dryRun)
    }
    package func restoreConfigs(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String {
        ConfigRestoreScript.posix(edits, force: force, dryRun: dryRun)
    }
}
