import ArgumentParser
import Foundation
import ScourSyntax

/// `scour fmt`: rewrites playbooks in the canonical layout, or checks that they are.
struct FmtCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fmt",
        abstract: "Format playbooks in place (or check that they are formatted)."
    )

    @Flag(help: "Do not write; list the files that would change and exit 1 if any.")
    var check = false

    @Argument(help: "The .scour files to format.")
    var files: [String]

    func run() throws {
        var unformatted: [String] = []
        var invalid = false
        for path in files {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(
                    Data("\(path): error: cannot read: \(error.localizedDescription)\n".utf8))
                invalid = true
                continue
            }
            let source = SourceFile(path: path, text: text)
            let (syntax, diagnostics) = ScourSyntax.parse(source)
            if diagnostics.containsErrors {
                let renderer = DiagnosticRenderer(sources: [source], colors: isatty(STDERR_FILENO) != 0)
                FileHandle.standardError.write(Data(renderer.render(diagnostics).utf8))
                invalid = true
                continue
            }
            let formatted = PlaybookFormatter.format(syntax, source: source)
            guard formatted != text else { continue }
            unformatted.append(path)
            if !check {
                // Atomic: a crash leaves the old or the new file, never half of one.
                try Data(formatted.utf8).write(to: URL(filePath: path), options: .atomic)
            }
        }
        if check {
            for path in unformatted { print(path) }
        }
        if invalid { throw ExitCode.invalidInput }
        if check && !unformatted.isEmpty { throw ExitCode(1) }
    }
}
