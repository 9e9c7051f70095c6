import Foundation

extension DiagnosticRenderer {
    /// A JSON array of objects: file, line, column, endLine, endColumn, severity, message,
    /// notes (same location fields + message), help, fixIts (location fields + replacement).
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(diagnostics.map(DiagnosticRecord.init))) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// The JSON shape of a diagnostic (flat locations, easy to consume from other tools).
private struct DiagnosticRecord: Encodable {
    struct Location: Encodable {
        var file: String, line: Int, column: Int, endLine: Int, endColumn: Int
        init(_ range: SourceRange) {
            (file, line, column) = (range.file, range.start.line, range.start.column)
            (endLine, endColumn) = (range.end.line, range.end.column)
        }
    }
    struct NoteRecord: Encodable {
        var message: String
        var location: Location?
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(message, forKey: .message)
            try location?.encode(to: encoder)
        }
    }
    struct FixItRecord: Encodable {
        var replacement: String
        var location: Location
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(replacement, forKey: .replacement)
            try location.encode(to: encoder)
        }
    }
    enum Key: String, CodingKey { case severity, message, notes, help, fixIts, replacement }

    var location: Location
    var diagnostic: Diagnostic

    init(_ diagnostic: Diagnostic) {
        self.diagnostic = diagnostic
        self.location = Location(diagnostic.range)
    }

    func encode(to encoder: any Encoder) throws {
        try location.encode(to: encoder)
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(diagnostic.severity, forKey: .severity)
        try container.encode(diagnostic.message, forKey: .message)
        try container.encode(
            diagnostic.notes.map { NoteRecord(message: $0.message, location: $0.range.map(Location.init)) },
            forKey: .notes)
        try container.encodeIfPresent(diagnostic.help, forKey: .help)
        try container.encode(
            diagnostic.fixIts.map { FixItRecord(replacement: $0.replacement, location: Location($0.range)) },
            forKey: .fixIts)
    }
}
