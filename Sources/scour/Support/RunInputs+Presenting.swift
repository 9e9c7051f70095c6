import ArgumentParser
import Foundation
import ScourCore
import ScourEngine
import ScourSyntax

extension RunInputs {
    /// The inputs of `plan` and `apply PLAYBOOK`, from the command line.
    static func load(playbookPath: String, inventory: InventoryOptions, run: RunOptions) throws -> RunInputs {
        try presenting {
            try RunInputs.load(playbookPath: playbookPath, paramOverrides: run.paramOverrides, adjust: run.override,
                               inventoryPath: try inventory.path(), limit: inventory.limit)
        }
    }

    /// Loads with `load`, printing the playbook's diagnostics (warnings too); any problem is
    /// said and becomes exit 65
    /// (1 for the run's own state: in use, completed, unreadable).
    static func presenting(_ load: () throws -> RunInputs) throws -> RunInputs {
        do {
            let inputs = try load()
            printDiagnostics(of: inputs.analysis)
            InventoryOptions.printWarnings(inputs.inventoryWarnings)
            return inputs
        } catch RunInputError.invalidPlaybook(let analysis) {
            printDiagnostics(of: analysis)
            throw ExitCode.invalidInput
        } catch let error as ExitCode {
            throw error
        } catch let error as RunError {
            throw commandFailure("\(error)", .hostsFailed)
        } catch {
            throw commandFailure("\(error)")
        }
    }

    private static func printDiagnostics(of analysis: LoadedPlaybook) {
        guard !analysis.diagnostics.isEmpty else { return }
        let renderer = DiagnosticRenderer(sources: [analysis.source], colors: TerminalStyle(for: STDERR_FILENO).enabled)
        FileHandle.standardError.write(Data(renderer.render(analysis.diagnostics).utf8))
    }
}
