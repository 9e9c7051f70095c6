import Foundation
import Testing
import TestSupport
@testable import ScourCore

/// What a compromised host can write into the configuration `strip_mappings` edits, and what it
/// must not cost the controller (docs/threat-model.md, S1–S3): bounded CPU time, measured as the
/// thread's own (a loaded machine stretches wall time, not that), with generous bounds for what
/// took 28 s to minutes before (a debug build takes 1–2 s on the 4 MiB inputs); the same edits
/// as ever on real configurations.
@Suite struct HostileConfigTests {
    static let bound = Duration.seconds(8)

    static let nginx = MappingTarget(server: .nginx, config: "/etc/nginx/sites-enabled/default", site: nil)
    static let apache = MappingTarget(server: .apache, config: "/etc/apache2/sites-enabled/000-default.conf", site: nil)
    static let iis = MappingTarget(server: .iis, config: MappingTarget.iisDefaultConfig, site: "Default Web Site")

    /// 80 bytes of backtracking: with ICU or PCRE, tens of seconds to decide it does not match.
    static let costlyRegex = "(" + String(repeating: ".*", count: 38) + ")Z"

    /// S1: two mappings far apart. The diff of an edit is built from the lines it replaced,
    /// not a table over the file's square (a 60 KB file took 536 MB, a larger one crashed).
    @Test(arguments: [30_000, 140_000])  // 60 KB as in the attack, and 4 MiB, the most a probe fetches
    func removals_far_apart_diff_in_linear_time(commentLines: Int) throws {
        let comments = String(repeating: "# a comment of the host's own\n", count: commentLines)
        for (target, mapping) in [(Self.nginx, "location /c { }\n"), (Self.apache, "Alias /c /\n")] {
            let text = mapping + comments + mapping
            var edit: MappingEdit?
            var diff = ""
            let cpu = threadCPUTime {
                edit = MappingEditor.strip(text, target: target, aliases: ["/c"], handlers: [])
                diff = edit!.diff(path: "/x")
            }
            #expect(cpu < Self.bound, "\(target.server): \(cpu)")
            #expect(edit?.newText == comments)
            #expect(diff.components(separatedBy: "\n@@ ").count == 3, "two hunks")
            let lastHunk = "@@ -\(commentLines - 1),4 +\(commentLines - 2),3 @@\n"
                + String(repeating: " # a comment of the host's own\n", count: 3) + "-" + mapping
            #expect(diff.hasSuffix(lastHunk))
        }
    }

    /// S3: `location /a {` 20,000 times, never closed: the braces are matched in one pass.
    @Test func unclosed_locations_are_matched_in_one_pass() {
        let text = String(repeating: "location /a {\n", count: 20_000) + String(repeating: "location /a b c d e f g h\n", count: 20_000)
        var edit: MappingEdit?
        let cpu = threadCPUTime { edit = MappingEditor.strip(text, target: Self.nginx, aliases: ["/a"], handlers: []) }
        #expect(cpu < Self.bound, "\(cpu)")
        #expect(edit?.maps == .false, "an unclosed block is no block")
    }

    /// S2: a host-written expression too costly to match is undecided, not a guess: the file
    /// maps "unknown", with the line and the directive to say so.
    @Test func a_costly_regular_expression_is_undecided_in_bounded_time() {
        let cases: [(MappingTarget, String)] = [
            (Self.nginx, "server {\n  location ~ \(Self.costlyRegex) { }\n}\n"),
            (Self.apache, "<VirtualHost *:80>\n  AliasMatch \(Self.costlyRegex) /var/www\n</VirtualHost>\n"),
        ]
        for (target, text) in cases {
            var edit: MappingEdit?
            let cpu = threadCPUTime { edit = MappingEditor.strip(text, target: target, aliases: ["/c"], handlers: [".ida"]) }
            #expect(cpu < Self.bound, "\(target.server): \(cpu)")
            #expect(edit?.maps == .unknown)
            #expect(edit?.undecided?.line == 2)
            #expect(edit?.undecided?.words.hasPrefix("line 2 (") == true)
            #expect(edit?.newText == text, "an undecided file is left as it was")
        }
    }

    /// The budget is the file's, not each expression's: 20,000 costly locations cost no more.
    @Test func many_costly_expressions_share_one_budget() {
        let text = String(repeating: "location ~ \(Self.costlyRegex) { }\n", count: 20_000) + "location /c { }\n"
        var edit: MappingEdit?
        let cpu = threadCPUTime { edit = MappingEditor.strip(text, target: Self.nginx, aliases: ["/c"], handlers: []) }
        #expect(cpu < Self.bound, "\(cpu)")
        #expect(edit?.undecided?.line == 1)
        #expect(edit?.maps == .true, "a mapping found is found, whatever else could not be told")
    }

    @Test func ordinary_expressions_decide_and_overlong_ones_do_not() {
        let matcher = HostRegexMatcher()
        #expect(matcher.matchesAny(#"^/c(/|$)"#, caseInsensitive: false, ["/c"]) == .matches)
        #expect(matcher.matchesAny(#"\.IDA$"#, caseInsensitive: true, ["/default.ida"]) == .matches)
        #expect(matcher.matchesAny(#"\.php$"#, caseInsensitive: false, ["/c", "/c/"]) == .noMatch)
        #expect(matcher.matchesAny("(unclosed", caseInsensitive: false, ["/c"]) == .noMatch, "nginx refuses it: it maps nothing")
        let long = String(repeating: "a", count: HostRegexMatcher.patternLimit + 1)
        guard case .undecided = matcher.matchesAny(long, caseInsensitive: false, ["/c"]) else {
            Issue.record("an expression over the limit was matched")
            return
        }
    }

    /// Many IIS elements, unclosed or on one line: closing tags and line numbers are found
    /// once for the document, not per element.
    @Test func iis_elements_by_the_thousand() {
        let handlers = String(repeating: "<add name=\"x\" path=\"*.ida\" />", count: 20_000)
        let text = """
            <configuration><system.applicationHost><sites><site name="Default Web Site">
            \(String(repeating: "<application path=\"/a\">\n", count: 20_000))
            </site></sites></system.applicationHost>
            <location path="Default Web Site"><system.webServer><handlers>
            \(handlers)
            </handlers></system.webServer></location></configuration>

            """
        var edit: MappingEdit?
        var diff = ""
        let cpu = threadCPUTime {
            edit = MappingEditor.strip(text, target: Self.iis, aliases: ["/a"], handlers: [".ida"])
            diff = edit!.diff(path: "/x")
        }
        #expect(cpu < Self.bound, "\(cpu)")
        #expect(edit?.removals.count == 20_000)
        #expect(edit?.newText.contains("*.ida") == false)
        #expect(diff.components(separatedBy: "\n-").count == 2, "one line changed:\n\(diff.prefix(300))")
    }

    static let oneLineSite = "<sites>\r\n<site name=\"S\"><application path=\"/\">"
        + "<virtualDirectory path=\"/c\" /><virtualDirectory path=\"/\" />\r\n"
        + "</application></site>\r\n</sites>\r\n"

    /// The diffs in plans still patch the original into the edited file.
    @Test func the_editors_diffs_patch_the_original_into_the_edit() throws {
        let edits: [(String, MappingEdit)] = [
            (NginxMappingsTests.infected,
             NginxMappings.strip(NginxMappingsTests.infected, aliases: ["/uploads/", "/assets-cache"], handlers: [".ida"])),
            (ApacheMappingsTests.infectedSite,
             ApacheMappings.strip(ApacheMappingsTests.infectedSite, aliases: ["/c"], handlers: [".ida"])),
            (IISMappingsTests.config,
             IISMappings.strip(IISMappingsTests.config, site: "Default Web Site", aliases: ["/c", "/d"], handlers: [".ida", ".idq"])),
            (Self.oneLineSite, IISMappings.strip(Self.oneLineSite, site: "S", aliases: ["/c"], handlers: [])),
        ]
        for (original, edit) in edits {
            let lines = ConfigLines(original).lines.map(\.text)
            #expect(try applyPatch(edit.diff(path: "/x"), to: lines) == ConfigLines(edit.newText).lines.map(\.text))
        }
    }
}
