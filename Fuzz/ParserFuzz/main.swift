// libFuzzer target for playbooks: lexing, parsing, semantic analysis and formatting must never
// crash or hang, analysis must reject every file with syntax errors, and formatting an error-free file must give a file that parses without errors and is a
// fixed point of the formatter.

import ScourCore
import ScourSyntax

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let source = SourceFile(path: "fuzz.scour", text: text)
    let (syntax, diagnostics) = ScourSyntax.parse(source)
    _ = DiagnosticRenderer(sources: [source]).render(diagnostics)
    let loaded = LoadedPlaybook.analyze(source, purpose: .check)
    _ = DiagnosticRenderer(sources: [source]).render(loaded.diagnostics)
    guard !diagnostics.containsErrors else {
        if loaded.playbook != nil { fatalError("a file with syntax errors produced a playbook:\n\(text)") }
        return 0
    }
    let formatted = PlaybookFormatter.format(syntax, source: source)
    let reparsedSource = SourceFile(path: "fuzz.scour", text: formatted)
    let (reparsed, errors) = ScourSyntax.parse(reparsedSource)
    if errors.containsErrors {
        fatalError("formatted output does not parse:\n\(formatted)\n\(errors)")
    }
    if reparsed.comments.map(\.text) != syntax.comments.map(\.text) {
        fatalError("formatter lost or reordered comments of:\n\(text)")
    }
    if PlaybookFormatter.format(reparsed, source: reparsedSource) != formatted {
        fatalError("formatter is not idempotent on:\n\(text)")
    }
    return 0
}
