import ArgumentParser
import Foundation
import ScourCore
import ScourSyntax

/// `scour check`: every diagnostic of every playbook named, exit 65 if any is an error.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check playbooks: syntax, types and every rule of the language, with precise diagnostics.",
        discussion: "Exit status 65 when any playbook has an error, 0 otherwise (warnings allowed).")

    @Option(help: "text: diagnostics as compilers print them, on stderr; json: an array of diagnostic objects on stdout.")
    var format: OutputFormat = .text

    @Argument(help: ArgumentHelp("The .scour files to check.", valueName: "playbook"))
    var playbooks: [String]

    func run() throws {
        var all: [Diagnostic] = []
        var sources: [SourceFile] = []
        var unreadable = false
        for path in playbooks {
            do {
                let loaded = try LoadedPlaybook.load(path: path, purpose: .check)
                all += loaded.diagnostics
                sources.append(loaded.source)
                if format == .text { report(loaded) }
            } catch {
                unreadable = true
                FileHandle.standardError.write(Data("\(error)\n".utf8))
            }
        }
        if format == .json { print(DiagnosticRenderer.json(all)) }
        if unreadable || all.containsErrors { throw ExitCode.invalidInput }
    }

    private func report(_ loaded: LoadedPlaybook) {
        let style = TerminalStyle(for: STDERR_FILENO)
        let renderer = DiagnosticRenderer(sources: [loaded.source], colors: style.enabled)
        var output = renderer.render(loaded.diagnostics)
        let errors = loaded.diagnostics.filter { $0.severity == .error }.count
        let warnings = loaded.diagnostics.filter { $0.severity == .warning }.count
        let verdict = errors > 0 ? style.red("\(Self.count(errors, "error"))") : style.green("ok")
        output += "\(loaded.source.path): \(verdict)\(warnings > 0 ? ", " + Self.count(warnings, "warning") : "")\n"
        FileHandle.standardError.write(Data(output.utf8))
    }

    static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
}
