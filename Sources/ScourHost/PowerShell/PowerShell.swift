import Foundation
import ScourCore

/// PowerShell on windows hosts (through OpenSSH for Windows): scripts on stdin behind the
/// constant `-EncodedCommand` bootstrap, values as verbatim strings (`ShellQuote.powerShell`);
/// the scripts themselves are `PowerShellActions`, `PowerShellProbeScript`,
/// `RestoreScript.powerShell` and `ConfigRestoreScript.powerShell`. This machine cannot run
/// them: they are golden-tested and syntax-checked.
package struct PowerShell: HostShell {
    package init() {}

    package var platform: Platform { .windows }
    package var scriptCommand: String { ProbeScript.powerShellCommand }
    package func quote(_ value: String) -> String { ShellQuote.powerShell(value) }

    /// OpenSSH for Windows runs commands with the login's own rights; there is no sudo.
    package func elevation(_ become: Become) throws -> Elevation {
        throw Elevation.Refusal(description: "ansible_become on a windows host: log in as an administrator instead (OpenSSH for Windows runs commands with the login's rights)")
    }

    /// Windows hosts run without become, each script an exec of its own.
    package func request(_ script: String, marker: String) -> String? { nil }

    package func probeScript(_ items: [ProbeItem], nonce: String) -> String { PowerShellProbeScript.render(items, nonce: nonce) }
    /// Names reach cmdlets as bound parameters, never as options.
    package func refusal(of item: ProbeItem) -> String? { item.refusal(namesAreCommandArguments: false) }
    /// None: a PowerShell script's output cannot be moved off stdout as simply; the caller probes next.
    package func script(_ script: String, thenProbe probe: String) -> String? { nil }

    package func sleep(seconds: Int64) -> String { "Start-Sleep -Seconds \(seconds)\n" }
    package func readManifest(run: String) -> String {
        let manifest = quote(quarantineFolder(run: run) + "\\manifest.jsonl")
        return "if (Test-Path -LiteralPath \(manifest)) { Get-Content -LiteralPath \(manifest) -Raw -Encoding UTF8 }\n"
    }
    package func rebootRequested(marker: String) -> String {
        "if (Test-Path -LiteralPath \(quote(marker))) { Get-Content -LiteralPath \(quote(marker)) }\n"
    }
    package var bootID: String { PowerShellActions.bootID }

    package func quarantineFolder(run: String) -> String { PowerShellActions.quarantineFolder(run: run) }
    package func backup(of config: String, run: String) -> String { PowerShellActions.backup(of: config, run: run) }
    package func staged(beside config: String, run: String) -> String { PowerShellActions.staging(of: config, run: run) }
    package func patchPath(named name: String) -> String { #"C:\ProgramData\Scour\patches\"# + name }
    package func rebootMarker(run: String, step: String) -> String { PowerShellActions.rebootMarker(run: run, step: step) }

    package func defaultInstall(remotePath: String) -> String {
        let lower = remotePath.lowercased(), file = quote(remotePath)
        if lower.hasSuffix(".msu") { return "Start-Process -Wait wusa.exe -ArgumentList \(file),'/quiet','/norestart'" }
        if lower.hasSuffix(".msi") { return "Start-Process -Wait msiexec.exe -ArgumentList '/i',\(file),'/qn','/norestart'" }
        return "Start-Process -Wait \(file) -ArgumentList '/q','/z'"
    }

    package func quarantine(_ paths: [String], run: String, step: String, tag: String, delete: Bool) -> String {
        PowerShellActions.quarantine(paths, run: run, step: step, tag: tag, delete: delete)
    }
    package func replaceConfig(_ config: String, staged: String, run: String, expected: String) -> String {
        PowerShellActions.replaceConfig(config, staged: staged, run: run, expected: expected)
    }
    package func restoreConfig(_ config: String, run: String) -> String { PowerShellActions.restoreConfig(config, run: run) }
    package func stopAndDisable(_ service: String) -> String { PowerShellActions.stopAndDisable(service) }
    package func makeFolder(of path: String) -> String? { PowerShellActions.makeFolder(of: path) }
    /// None: the edited file goes over SFTP first.
    package func stage(_ contents: Data, at staged: String) -> String? { nil }

    package func installPatch(staged: String?, at path: String, sha256: String, install: String) -> String {
        let move = staged.map { "Move-Item -LiteralPath \(quote($0)) -Destination \(quote(path)) -Force\n" } ?? ""
        return """
            $ErrorActionPreference = 'Stop'
            \(move)$h = (Get-FileHash -LiteralPath \(quote(path)) -Algorithm SHA256).Hash.ToLowerInvariant()
            if ($h -ne \(quote(sha256))) { [Console]::Error.WriteLine("SHA-256 on the host is $h: not installing"); exit \(ScriptExit.patchHashMismatch.rawValue) }
            \(install)
            if ($LASTEXITCODE) { exit $LASTEXITCODE }

            """
    }

    package func killProcesses(_ targets: [ProcessTarget], grace: Duration) -> String { ProcessKill.powerShell(targets, grace: grace) }
    package func reboot(marker: String) -> String { PowerShellActions.reboot(marker: marker) }

    package func validated(_ validate: String, config: String, run: String) -> String {
        "& { \(validate) }\nif (-not $? -or $LASTEXITCODE) {\n\(restoreConfig(config, run: run))exit \(ScriptExit.validationFailed.rawValue)\n}\n"
    }

    package func restoreQuarantined(_ entries: [QuarantineEntry], folder: String, force: Bool, dryRun: Bool) -> String {
        RestoreScript.powerShell(entries, folder: folder, force: force, dryRun: dryRun)
    }
    package func restoreConfigs(_ edits: [ConfigEdit], force: Bool, dryRun: Bool) -> String {
        ConfigRestoreScript.powerShell(edits, force: force, dryRun: dryRun)
    }
}
