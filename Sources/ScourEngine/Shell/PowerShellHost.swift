import Foundation
import ScourCore
import ScourSSH

/// PowerShell on windows hosts (through OpenSSH for Windows): scripts on stdin behind the
/// constant `-EncodedCommand` bootstrap, values as verbatim strings (`ShellQuote.powerShell`);
/// the scripts themselves are `WindowsActions`, `PowerShellProbeScript`,
/// `RestoreScript.powerShell` and `ConfigRestoreScript.powerShell`. This machine cannot run
/// them: they are golden-tested and syntax-checked.
struct PowerShellHost: HostShell {
    var platform: Platform { .windows }
    var scriptCommand: String { ProbeScript.powerShellCommand }
    func quote(_ value: String) -> String { ShellQuote.powerShell(value) }

    /// OpenSSH for Windows runs commands with the login's own rights; there is no sudo.
    func elevation(_ become: Become) throws -> Elevation {
        throw Elevation.Refusal(description: "ansible_become on a windows host: log in as an administrator instead (OpenSSH for Windows runs commands with the login's rights)")
    }

    /// Windows hosts run without become, each script an exec of its own.
    func request(_ script: String, marker: String) -> String? { nil }

    func probeScript(_ items: [ProbeItem], nonce: String) -> String { PowerShellProbeScript.render(items, nonce: nonce) }
    /// Names reach cmdlets as bound parameters, never as options.
    func refusal(of item: ProbeItem) -> String? { item.refusal(namesAreCommandArguments: false) }
    /// None: a PowerShell script's output cannot be moved off stdout as simply; the caller probes next.
    func script(_ script: String, thenProbe probe: String) -> String? { nil }

    func sleep(seconds: Int64) -> String { "Start-Sleep -Seconds \(seconds)\n" }
    func readManifest(run: String) -> String {
        let manifest = quote(quarantineFolder(run: run) + "\\manifest.jsonl")
        return "if (Test-Path -LiteralPath \(manifest)) { Get-Content -LiteralPath \(manifest) -Raw -Encoding UTF8 }\n"
    }
    func rebootRequested(marker: String) -> String {
        "if (Test-Path -LiteralPath \(quote(marker))) { Get-Content -LiteralPath \(quote(marker)) }\n"
    }
    var bootID: String { WindowsActions.bootID }

    func quarantineFolder(run: String) -> String { WindowsActions.quarantineFolder(run: run) }
    func backup(of config: String, run: String) -> String { WindowsActions.backup(of: config, run: run) }
    func staged(beside config: String, run: String) -> String { WindowsActions.staging(of: config, run: run) }
    func patchPath(named name: String) -> String { #"C:\ProgramData\Scour\patches\"# + name }
    func rebootMarker(run: String, step: String) -> String { WindowsActions.rebootMarker(run: run, step: step) }

    func defaultInstall(remotePath: String) -> String {
        let lower = remotePath.lowercased(), file = quote(remotePath)
        if lower.hasSuffix(".msu") { return "Start-Process -Wait wusa.exe -ArgumentList \(file),'/quiet','/norestart'" }
        if lower.hasSuffix(".msi") { return "Start-Process -Wait msiexec.exe -ArgumentList '/i',\(file),'/qn','/norestart'" }
        return "Start-Process -Wait \(file) -ArgumentList '/q','/z'"
    }

    func quarantine(_ paths: [String], run: String, step: String, tag: String, delete: Bool) -> String {
        WindowsActions.quarantine(paths, run: run, step: step, tag: tag, delete: delete)
    }
    func replaceConfig(_ config: String, staged: String, run: String, expected: String) -> String {
        WindowsActions.replaceConfig(config, staged: staged, run: run, expected: expected)
    }
    func restoreConfig(_ config: String, run: String) -> String { WindowsActions.restoreConfig(config, run: run) }
    func stopAndDisable(_ service: String) -> String { WindowsActions.stopAndDisable(service) }
    func makeFolder(of path: String) -> String? { WindowsActions.makeFolder(of: path) }
    /// None: the edited file goes over SFTP first.
    func stage(_ contents: Data, at staged: String) -> String? { nil }

    func installPatch(staged: String?, at path: String, sha256: String, install: String) -> String {
        let move = staged.map { "Move-Item -LiteralPath \(quote($0)) -Destination \(quote(path)) -Force\n" } ?? ""
        return """
            $ErrorActionPreference = 'Stop'
            \(move)$h = (Get-FileHash -LiteralPath \(quote(path)) -Algorithm SHA256).Hash.ToLowerInvariant()
            if ($h -ne \(quote(sha256))) { [Console]::Error.WriteLine("SHA-256 on the host is $h: not installing"); exit \(ScriptExit.patchHashMismatch.rawValue) }
            \(install)
            if ($LASTEXITCODE) { exit $LASTEXITCODE }

            """
    }

    func killProcesses(_ targets: [ProcessTarget], grace: Duration) -> String { ProcessKill.powerShell(targets, grace: grace) }
    func reboot(marker: String) -> String { WindowsActions.reboot(marker: marker) }

    func validated(_ validate: String, config: String, run: String) -> String {
        "& { \(validate) }\nif (-not $? -or $LASTEXITCODE) {\n\(restoreConfig(config, run: run))exit \(ScriptExit.validationFailed.rawValue)\n}\n"
    }

    func restoreQuarantined(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        RestoreScript.powerShell(entries, folder: folder, force: force, dryRun: dryRun)
    }
    func restoreConfigs(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String {
        ConfigRestoreScript.powerShell(edits, force: force, dryRun: dryRun)
    }
}
