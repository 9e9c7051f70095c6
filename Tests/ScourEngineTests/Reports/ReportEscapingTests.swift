import Foundation
import ScourCore
import Testing
import TestSupport
@testable import ScourEngine

/// A host's text in the markdown and JUnit reports reads as text: no control character, bidi
/// override or newline survives, no markdown of the host's is rendered, no fence is closed early.
@Suite struct ReportEscapingTests {
    static let forged = "\u{1B}[1A\u{1B}[2Kh04 wave 1 nothing to change\n\u{202E}"
    static let markdown = "[click](http://evil.example) ![pixel](http://evil.example/p.png) <img src=x onerror=alert(1)> **bold** &amp; `tick`"
    static let tail = "err \u{1B}[31mred\u{202E}\n```\n# Injected heading\n````` \n<script>alert(1)</script>\nlast"

    /// A run where host `a` found, changed and failed with hostile text everywhere it can.
    private func hostileReport() throws -> RunReport {
        let record = try sampleRunRecord(steps: ["one", "two"], waves: [["a"]])
        let detection = Detection(name: "worm", matched: true, indicators: [IndicatorResult(indicator: Self.markdown + Self.forged, matched: true)])
        let history = RunHistory(events: [
            .runStarted(pid: 1),
            .hostStarted(host: "a", wave: 1),
            .hostProbed(host: "a", detections: [detection]),
            .stepFinished(host: "a", StepOutcome(name: "one", kind: "run", status: .changed, detail: "d", changes: ["quarantine " + Self.markdown])),
            .stepFinished(host: "a", StepOutcome(name: "two", kind: "run", status: .failed, detail: "failed " + Self.forged, stderrTail: Self.tail)),
            .hostFinished(host: "a", wave: 1, status: .failed, error: "probe said " + Self.forged, elapsedMilliseconds: 0),
            .runEnded(.completed),
        ])
        return RunReport(record: record, history: history, activeProcess: nil)
    }

    @Test func markdown_shows_no_control_bidi_or_forged_line() throws {
        let text = MarkdownReport.render(try hostileReport())
        #expect(!text.unicodeScalars.contains { $0 != "\n" && ($0.value < 0x20 || $0.value == 0x7F || $0 == "\u{202E}") }, "\(text)")
        #expect(!text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix("h04 wave 1") })
        #expect(text.contains(#"\e[1A\e[2Kh04 wave 1 nothing to change\n\u{202E}"#), "the forged text is shown, escaped")
    }

    @Test func markdown_sets_host_text_in_code_spans_it_cannot_close() throws {
        let text = MarkdownReport.render(try hostileReport())
        // The text holds a backtick, so its span is fenced with a longer run.
        #expect(text.contains("``` [click](http://evil.example) ![pixel]"), "\(text)")
        #expect(text.contains("- `worm` — ``` [click]"))
        #expect(text.contains("(run): ``` quarantine [click]"))
        #expect(!text.contains("\n[click]") && !text.contains(" [click](http://evil.example) ![pixel](http://evil.example/p.png) <img src=x onerror=alert(1)> **bold** &amp; `tick`\u{1B}"))
    }

    @Test func a_stderr_tail_sits_in_a_fence_longer_than_its_backtick_runs() throws {
        let text = MarkdownReport.render(try hostileReport())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let fence = "    " + String(repeating: "`", count: 6)
        let open = try #require(lines.firstIndex(of: fence), "the tail has five backticks in a row: a fence of six. \(text)")
        let close = try #require(lines[(open + 1)...].firstIndex(of: fence))
        #expect(Array(lines[(open + 1)..<close]) == [
            #"    err \e[31mred\u{202E}"#, "    ```", "    # Injected heading", "    ````` ", "    <script>alert(1)</script>", "    last",
        ])
        // Nothing between the fences could close it: no line is a run of six backticks or more.
        #expect(!lines[(open + 1)..<close].contains { $0.trimmingCharacters(in: .whitespaces).hasPrefix(String(repeating: "`", count: 6)) })
    }

    @Test func code_spans_and_cells() {
        #expect(MarkdownReport.code("/var/www/x.php") == "`/var/www/x.php`")
        #expect(MarkdownReport.code("a ``` b") == "```` a ``` b ````")
        #expect(MarkdownReport.code("`") == "``` ` ```", "a backtick at the end cannot join the delimiter")
        #expect(MarkdownReport.code("") == "")
        #expect(MarkdownReport.code("a\nb") == #"`a\nb`"#)
        #expect(MarkdownReport.cell("web_01 *x* [l](u) <b> a|b") == #"web\_01 \*x\* \[l\](u) \<b\> a\|b"#)
    }

    @Test func junit_shows_controls_and_bidi_as_escapes_and_keeps_xml_well_formed() throws {
        #expect(JUnitReport.escape("a<b & \"c\">\u{1B}[31m\nd\u{202E}") == #"a&lt;b &amp; &quot;c&quot;&gt;\e[31m\nd\u{202E}"#)
        let junit = JUnitReport.render(try hostileReport())
        #expect(!junit.unicodeScalars.contains { $0 != "\n" && ($0.value < 0x20 || $0 == "\u{202E}") }, "\(junit)")
        #expect(junit.contains(#"err \e[31mred\u{202E}&#10;```&#10;# Injected heading"#), "\(junit)")
    }

    /// Every character XML 1.0 cannot hold, in a failed step's message and stderr: the report
    /// still parses, and against the JUnit schema (issue 24, R1: U+FFFE made it ill-formed).
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/xmllint"), "needs xmllint (libxml2-utils)"))
    func junit_with_every_character_xml_forbids_is_well_formed() throws {
        var forbidden = String.UnicodeScalarView()
        for value: UInt32 in Array(0x00..<0x20) + [0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFE, 0x10FFFF] { forbidden.append(Unicode.Scalar(value)!) }
        let text = "x" + String(forbidden) + "y"
        let record = try sampleRunRecord(steps: ["one"], waves: [["a"]])
        let history = RunHistory(events: [
            .runStarted(pid: 1),
            .hostStarted(host: "a", wave: 1),
            .stepFinished(host: "a", StepOutcome(name: "one", kind: "run", status: .failed, detail: text, stderrTail: text + "\n" + text)),
            .hostFinished(host: "a", wave: 1, status: .failed, error: text, elapsedMilliseconds: 0),
            .runEnded(.completed),
        ])
        let junit = JUnitReport.render(RunReport(record: record, history: history, activeProcess: nil))
        #expect(junit.contains(#"\x1f\u{FFFE}\u{FFFF}\u{FDD0}\u{1FFFE}\u{10FFFF}y"#), "\(junit)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("scour-junit-\(UUID().uuidString).xml").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try junit.write(toFile: file, atomically: true, encoding: .utf8)
        let schema = ScourCLI.packageRoot.appending(path: "Tests/Fixtures/junit.xsd").path
        let validation = try runProcess("/usr/bin/xmllint", ["--noout", "--schema", schema, file])
        #expect(validation.status == 0, "\(validation.stderr)")
    }
}
