import Foundation
import ScourSyntax

/// Golden-file tests for diagnostics: a directory of `NAME.scour` inputs, each with a
/// `NAME.expected` holding the plain rendered diagnostics (paths shown relative to the folder).
/// With `SCOUR_UPDATE_GOLDENS=1` in the environment, `check` rewrites the expected files
/// from the actual output instead (review them before committing).
public struct GoldenDiagnostics: Sendable {
    /// The outcome of one case.
    public struct Result: Sendable, Equatable {
        public var name: String
        public var expected: String
        public var actual: String
        public var matches: Bool { expected == actual }
    }

    public let directory: URL
    private let analyze: @Sendable (SourceFile) -> [Diagnostic]

    /// `analyze` produces the diagnostics of one file (parser only, or parser + semantics).
    public init(directory: URL, analyze: @escaping @Sendable (SourceFile) -> [Diagnostic]) {
        self.directory = directory
        self.analyze = analyze
    }

    /// The case names (`NAME` of each `NAME.scour`), sorted; for parameterized tests.
    public static func cases(in directory: URL) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return files.filter { $0.hasSuffix(".scour") }.map { String($0.dropLast(".scour".count)) }.sorted()
    }

    /// Runs one case; rewrites its expected file when updating goldens.
    public func check(_ name: String) throws -> Result {
        let input = directory.appending(path: "\(name).scour")
        let expectedURL = directory.appending(path: "\(name).expected")
        // Analyzed under its real path (files it names resolve beside it), shown relative to the folder.
        let source = SourceFile(path: input.path, text: try String(contentsOf: input, encoding: .utf8))
        let actual = DiagnosticRenderer(sources: [source]).render(analyze(source))
            .replacingOccurrences(of: directory.path + "/", with: "")
        if ProcessInfo.processInfo.environment["SCOUR_UPDATE_GOLDENS"] == "1" {
            try Data(actual.utf8).write(to: expectedURL, options: .atomic)
            return Result(name: name, expected: actual, actual: actual)
        }
        let expected = (try? String(contentsOf: expectedURL, encoding: .utf8)) ?? "<missing \(name).expected>"
        return Result(name: name, expected: expected, actual: actual)
    }
}
