import ArgumentParser
import Foundation
import ScourCore
import ScourSyntax

/// `scour explain`: what a playbook does, in words, for the reviewer who does not read the language yet.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Describe what a playbook does, step by step, with its conditions in words.")

    @Argument(help: ArgumentHelp("The .scour file to explain.", valueName: "playbook"))
    var playbook: String

    func run() throws {
        let loaded: LoadedPlaybook
        do { loaded = try LoadedPlaybook.load(path: playbook, purpose: .check) } catch {
            FileHandle.standardError.write(Data("\(error)\n".utf8))
            throw ExitCode.invalidInput
        }
        guard let model = loaded.playbook else {
            let renderer = DiagnosticRenderer(sources: [loaded.source], colors: TerminalStyle(for: STDERR_FILENO).enabled)
            FileHandle.standardError.write(Data(renderer.render(loaded.diagnostics).utf8))
            throw ExitCode.invalidInput
        }
        print(PlaybookExplanation(model, style: TerminalStyle(for: STDOUT_FILENO)).text, terminator: "")
    }
}
