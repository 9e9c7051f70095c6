import Foundation
import ScourCore
import ScourSSH

/// The scripts of one platform: `LinuxActions` (POSIX sh) or `WindowsActions` (PowerShell).
struct ActionScripts: Sendable {
    let platform: Platform
    let run: String

    var quarantineFolder: String {
        platform == .linux ? LinuxActions.quarantineFolder(run: run) : WindowsActions.quarantineFolder(run: run)
    }

    /// Prints the run's quarantine manifest (nothing when there is none).
    var readManifest: String {
        let manifest = platform == .linux ? quarantineFolder + "/manifest.jsonl" : quarantineFolder + "\\manifest.jsonl"
        return platform == .linux ? "cat \(ShellQuote.posix(manifest)) 2>/dev/null || true\n"
            : "if (Test-Path -LiteralPath \(ShellQuote.powerShell(manifest))) { Get-Content -LiteralPath \(ShellQuote.powerShell(manifest)) -Raw -Encoding UTF8 }\n"
    }

    func quarantine(_ paths: [String], step: String, delete: Bool) -> String {
        platform == .linux ? LinuxActions.quarantine(paths, run: run, step: step, delete: delete)
            : WindowsActions.quarantine(paths, run: run, step: step, delete: delete)
    }

    func replaceConfig(_ config: String, staged: String) -> String {
        platform == .linux ? LinuxActions.replaceConfig(config, staged: staged, run: run)
            : WindowsActions.replaceConfig(config, staged: staged, run: run)
    }

    func restoreConfig(_ config: String) -> String {
        platform == .linux ? LinuxActions.restoreConfig(config, run: run) : WindowsActions.restoreConfig(config, run: run)
    }

    func stopAndDisable(_ service: String) -> String {
        platform == .linux ? LinuxActions.stopAndDisable(service) : WindowsActions.stopAndDisable(service)
    }

    /// The script that makes the folder of an upload; nil on linux, where the SFTP upload
    /// creates missing folders itself.
    func makeFolder(of path: String) -> String? {
        platform == .linux ? nil : WindowsActions.makeFolder(of: path)
    }

    /// The script that writes `contents` to `staged` itself (linux); nil where the file goes
    /// over SFTP first (windows).
    func stage(_ contents: Data, at staged: String) -> String? {
        platform == .linux ? LinuxActions.stage(contents, at: staged) : nil
    }

    /// Moves a freshly written patch into place (when `staged`), checks its SHA-256 on the host
    /// and only then runs `install` — one round trip. Exit 97 (and why, on stderr) on a mismatch.
    func installPatch(staged: String?, at path: String, sha256: String, install: String) -> String {
        switch platform {
        case .linux:
            let move = staged.map { "mv -f -- \(ShellQuote.posix($0)) \(ShellQuote.posix(path))\n\(LinuxActions.syncFile(path))\n" } ?? ""
            return """
                set -e
                \(move)h=$(sha256sum < \(ShellQuote.posix(path)))
                h=${h%% *}
                if [ "$h" != \(ShellQuote.posix(sha256)) ]; then echo "SHA-256 on the host is $h: not installing" >&2; exit 97; fi
                \(install)

                """
        case .windows:
            let move = staged.map { "Move-Item -LiteralPath \(ShellQuote.powerShell($0)) -Destination \(ShellQuote.powerShell(path)) -Force\n" } ?? ""
            return """
                $ErrorActionPreference = 'Stop'
                \(move)$h = (Get-FileHash -LiteralPath \(ShellQuote.powerShell(path)) -Algorithm SHA256).Hash.ToLowerInvariant()
                if ($h -ne \(ShellQuote.powerShell(sha256))) { [Console]::Error.WriteLine("SHA-256 on the host is $h: not installing"); exit 97 }
                \(install)
                if ($LASTEXITCODE) { exit $LASTEXITCODE }

                """
        }
    }

    func rebootMarker(step: String) -> String {
        platform == .linux ? LinuxActions.rebootMarker(run: run, step: step) : WindowsActions.rebootMarker(run: run, step: step)
    }

    func reboot(step: String) -> String {
        let marker = rebootMarker(step: step)
        return platform == .linux ? LinuxActions.reboot(marker: marker) : WindowsActions.reboot(marker: marker)
    }

    /// Prints the boot id a reboot step noted before asking for the reboot (nothing if none).
    func rebootRequested(step: String) -> String {
        let marker = rebootMarker(step: step)
        return platform == .linux ? "cat \(ShellQuote.posix(marker)) 2>/dev/null || true\n"
            : "if (Test-Path -LiteralPath \(ShellQuote.powerShell(marker))) { Get-Content -LiteralPath \(ShellQuote.powerShell(marker)) }\n"
    }
    var bootID: String { platform == .linux ? "cat /proc/sys/kernel/random/boot_id\n" : WindowsActions.bootID }

    /// A staged file's name beside `config`: hidden, tagged with the run.
    func staged(beside config: String) -> String {
        let separator: Character = platform == .linux ? "/" : "\\"
        let cut = config.lastIndex(of: separator).map { config.index(after: $0) } ?? config.startIndex
        return String(config[..<cut]) + ".\(config[cut...]).scour-\(run)"
    }
}
