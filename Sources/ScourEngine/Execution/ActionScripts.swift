import ScourCore
import ScourSSH

/// The scripts of one platform: `LinuxActions` (POSIX sh) or `WindowsActions` (PowerShell).
struct ActionScripts: Sendable {
    let platform: Platform
    let run: String

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

    func makeFolder(of path: String) -> String {
        platform == .linux ? LinuxActions.makeFolder(of: path) : WindowsActions.makeFolder(of: path)
    }

    /// Renames `staged` over `destination` (same folder, so atomic).
    func move(_ staged: String, to destination: String) -> String {
        platform == .linux ? "set -e\nmv -f -- \(ShellQuote.posix(staged)) \(ShellQuote.posix(destination))\nsync\n"
            : "$ErrorActionPreference = 'Stop'\nMove-Item -LiteralPath \(ShellQuote.powerShell(staged)) -Destination \(ShellQuote.powerShell(destination)) -Force\n"
    }

    var reboot: String { platform == .linux ? LinuxActions.reboot : WindowsActions.reboot }
    var bootID: String { platform == .linux ? "cat /proc/sys/kernel/random/boot_id\n" : WindowsActions.bootID }

    /// A staged file's name beside `config`: hidden, tagged with the run.
    func staged(beside config: String) -> String {
        let separator: Character = platform == .linux ? "/" : "\\"
        let cut = config.lastIndex(of: separator).map { config.index(after: $0) } ?? config.startIndex
        return String(config[..<cut]) + ".\(config[cut...]).scour-\(run)"
    }
}
