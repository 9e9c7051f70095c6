import ArgumentParser
import Foundation
import ScourCore
import ScourSyntax

/// The playbook (analyzed for execution), params, rollout and hosts of a run; any problem is
/// printed and becomes exit 65. Shared by `plan` and `apply`.
struct RunInputs {
    var playbook: Playbook
    var params: [String: Value]
    var rollout: Rollout
    var hosts: [InventoryHost]

    static func load(playbookPath: String, inventory: InventoryOptions, run: RunOptions) throws -> RunInputs {
        func fail(_ message: String) -> ExitCode {
            FileHandle.standardError.write(Data("scour: \(message)\n".utf8))
            return ExitCode.invalidInput
        }
        let loaded: LoadedPlaybook
        do { loaded = try LoadedPlaybook.load(path: playbookPath, purpose: .execute) } catch { throw fail("\(error)") }
        if !loaded.diagnostics.isEmpty {
            let renderer = DiagnosticRenderer(sources: [loaded.source], colors: TerminalStyle(for: STDERR_FILENO).enabled)
            FileHandle.standardError.write(Data(renderer.render(loaded.diagnostics).utf8))
        }
        guard let playbook = loaded.playbook else { throw ExitCode.invalidInput }
        do {
            return RunInputs(playbook: playbook, params: try ParamValues.resolve(playbook, overrides: run.paramOverrides),
                             rollout: try run.rollout(for: playbook), hosts: try inventory.selectedHosts())
        } catch {
            throw fail("\(error)")
        }
    }
}
