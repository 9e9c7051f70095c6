/// Parses a playbook file. Never throws: syntax errors come back as diagnostics, with
/// `.invalid` expressions or dropped items where recovery skipped text.
public func parse(_ file: SourceFile) -> (SyntaxFile, [Diagnostic]) {
    var parser = Parser(file: file)
    return parser.parseFile()
}
