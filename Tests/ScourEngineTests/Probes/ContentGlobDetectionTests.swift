import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSyntax
import TestSupport
import Testing

/// A `content` indicator over a glob, end to end on this machine: the playbook's probe items
/// rendered and run with `/bin/sh -s` against a web root of hostile names, the answer parsed,
/// and the detection planned from it with its evidence.
@Suite("content over a glob, probed locally and planned")
struct ContentGlobDetectionTests {
    let nonce = "GlobNonce0123456789abcdef"

    /// `/tmp/scour-www-…/` with sites `a` (a match on line 2), `b c` (none), `d'$(x)` (a match
    /// after a 3000-byte run, with NUL and ESC in the line), `e` (a folder named index.html),
    /// `f` (a binary file matching).
    struct WebRoot {
        let root: URL

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("scour-www-\(UUID().uuidString)")
            let pages: [(String, Data)] = [
                ("a", Data("<html>\n<a href=readme.eml>x</a>\n".utf8)),
                ("b c", Data("<html>clean</html>\n".utf8)),
                ("d'$(x)", Data((String(repeating: "A", count: 3000) + "\u{1B}[2K\u{0}readme.eml\n").utf8)),
                ("f", Data([0, 1, 2, 10] + Array("MZ readme.eml \u{FF}".utf8) + [0xFF, 10])),
            ]
            for (site, bytes) in pages {
                try FileManager.default.createDirectory(at: root.appendingPathComponent(site), withIntermediateDirectories: true)
                try bytes.write(to: root.appendingPathComponent("\(site)/index.html"))
            }
            try FileManager.default.createDirectory(at: root.appendingPathComponent("e/index.html"), withIntermediateDirectories: true)
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    private func plan(_ root: WebRoot, maxMatches: Int) throws -> HostPlan {
        let text = """
            playbook "nimda" {
              platform = linux
              detect "nimda" {
                content { path = '\(root.root.path)/*/index.html'  pattern = 'readme\\.eml'  max_matches = \(maxMatches) }
              }
              run "note" {
                when    = detected.nimda
                command = "true"
              }
            }
            """
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/nimda.scour", text: text), purpose: .execute)
        let playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
        let context = EvaluationContext(detected: [], params: [:], host: [:], changed: false)
        let items = PlanProbes(playbook: playbook, context: context).items
        let output = try LocalShell.run(ProbeScript.render(items, platform: .linux, nonce: nonce), in: root.root)
        #expect(output.status == 0, "stderr: \(String(decoding: output.stderr, as: UTF8.self))")
        let observation = try ProbeAnswer.parse(stdout: output.stdout, items: items, nonce: nonce)
        var plan = HostPlan(name: "h1", address: "10.0.0.1", status: .planned)
        StepDecider(playbook: playbook, params: [:], hostVariables: [:], patchSizes: [:]).plan(observation, into: &plan)
        return plan
    }

    @Test func the_plan_names_each_matching_file_with_its_first_matching_line() throws {
        let root = try WebRoot()
        defer { root.remove() }
        let plan = try plan(root, maxMatches: 10)
        let indicator = try #require(plan.detections.first?.indicators.first)
        #expect(plan.detections.first?.matched == true)
        #expect(plan.steps.first?.action == .change, "the step guarded by the detection applies")
        #expect(indicator.note == nil)
        let evidence = try #require(indicator.evidence)
        let base = root.root.path
        #expect(evidence.map(\.path) == ["\(base)/a/index.html", "\(base)/d'$(x)/index.html", "\(base)/f/index.html"])
        #expect(evidence.map(\.line) == [2, 1, 2])
        #expect(evidence[0] == LineMatch(path: "\(base)/a/index.html", line: 2, text: "<a href=readme.eml>x</a>", textIsCut: false))
        #expect(evidence[1].textIsCut)
        #expect(evidence[1].text == String(repeating: "A", count: ProbeItem.defaultLineLimit))
        #expect(evidence[2].text.hasPrefix("MZ readme.eml "))
    }

    @Test func over_max_matches_a_match_among_those_searched_still_counts_with_a_note() throws {
        let root = try WebRoot()
        defer { root.remove() }
        let indicator = try #require(try plan(root, maxMatches: 1).detections.first?.indicators.first)
        #expect(indicator.matched)
        #expect(indicator.evidence?.map(\.line) == [2])
        #expect(indicator.note == "searched the first 1 of 5 paths")
    }

    @Test func over_max_matches_with_no_match_searched_the_host_is_not_planned() throws {
        let root = try WebRoot()
        defer { root.remove() }
        try FileManager.default.removeItem(at: root.root.appendingPathComponent("a"))
        // `b c` comes first now, and holds no match.
        let error = #expect(throws: ProbeError.self) { try plan(root, maxMatches: 1) }
        guard case .unanswerable = error else { Issue.record("got \(String(describing: error))"); return }
    }

    /// The plan's detections spell a match as the plan does (`text_is_cut`); the observation
    /// keeps the probe's spelling (`textIsCut`), as docs/plan-format.md says.
    @Test func evidence_in_plan_json_is_spelt_as_the_plan_is() throws {
        let match = LineMatch(path: "/var/www/a/index.html", line: 2, text: "<a href=readme.eml>", textIsCut: true)
        var indicator = IndicatorResult(indicator: "a line matches", matched: true)
        indicator.evidence = [match]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(indicator), as: UTF8.self)
        #expect(json == #"{"evidence":[{"line":2,"path":"/var/www/a/index.html","text":"<a href=readme.eml>","text_is_cut":true}],"indicator":"a line matches","matched":true}"#)
        #expect(try JSONDecoder().decode(IndicatorResult.self, from: Data(json.utf8)) == indicator)
        #expect(String(decoding: try encoder.encode(match), as: UTF8.self).contains(#""textIsCut":true"#))
        let bare = try JSONDecoder().decode(IndicatorResult.self, from: Data(#"{"indicator":"i","matched":false}"#.utf8))
        #expect(bare.evidence == nil && bare.note == nil)
    }
}
