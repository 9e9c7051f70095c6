import Foundation
import Testing

@testable import ScourSyntax

@Suite struct PlaybookFormatterTests {
    /// The repository root, from this file's path.
    static let root = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every playbook of the repository, and the reference playbooks of the design.
    static let playbooks: [URL] = {
        let folders = [root.appending(path: "Playbooks"), root.appending(path: "Tests/Golden/Format")]
        return folders.flatMap { folder in
            (FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects as? [URL] ?? [])
                .filter { $0.pathExtension == "scour" }
        }.sorted { $0.path < $1.path }
    }()

    static func format(_ text: String, path: String = "t.scour") -> (String, [Diagnostic]) {
        let source = SourceFile(path: path, text: text)
        let (syntax, diagnostics) = parse(source)
        return (PlaybookFormatter.format(syntax, source: source), diagnostics)
    }

    @Test(arguments: playbooks)
    func playbookIsAFixedPoint(_ url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        let (formatted, diagnostics) = Self.format(text, path: url.path)
        #expect(diagnostics.isEmpty)
        #expect(formatted == text)
        #expect(Self.format(formatted).0 == formatted)
    }

    @Test func canonicalizesLayout() {
        let input = """
            # head

            playbook "p" {


              platform = linux # trailing
              description="x"
              file { path = '/a' }
              mapping { alias = "/c"   server = apache }
              when = a&&!( b||c )


              // before step
              run "r" { command = "x" }
              waves = [1,
              # first wave
                2]
            }
            """
        let expected = """
            # head

            playbook "p" {
              platform    = linux # trailing
              description = "x"
              file    { path = '/a' }
              mapping { alias = "/c"  server = apache }
              when = a && !(b || c)

              // before step
              run "r" { command = "x" }
              waves = [
                1,
                # first wave
                2,
              ]
            }

            """
        let (formatted, diagnostics) = Self.format(input)
        #expect(diagnostics.isEmpty)
        #expect(formatted == expected)
        #expect(Self.format(formatted).0 == formatted)
    }

    @Test func foundDesignPlaybooks() {
        #expect(Self.playbooks.count >= 2)
    }
}

extension PlaybookFormatterTests {
    @Test func heredocsAndSemicolonsSurvive() {
        let input = """
            run "x" {
              command = <<-EOT
                echo "${host.name}"
                  # not a comment
                EOT
              unless = "true"; when = changed
            }
            """
        let expected = """
            run "x" {
              command = <<-EOT
                echo "${host.name}"
                  # not a comment
                EOT
              unless  = "true"
              when    = changed
            }

            """
        let (formatted, diagnostics) = Self.format(input)
        #expect(diagnostics.isEmpty)
        #expect(formatted == expected)
        #expect(Self.format(formatted).0 == formatted)
    }
}

extension PlaybookFormatterTests {
    @Test func commentsInsideMultiLineExpressionsAreKept() {
        let input = "run \"x\" {\n  when = (a || # first\n    b)\n  # last\n}\n"
        let (formatted, _) = Self.format(input)
        #expect(formatted == "run \"x\" {\n  # first\n  when = (a || b)\n  # last\n}\n")
        #expect(Self.format(formatted).0 == formatted)
    }
}
