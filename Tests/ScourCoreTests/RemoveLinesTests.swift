import Foundation
import ScourSyntax
import Testing
@testable import ScourCore

/// `remove_lines`: what the analyzer builds from a block, and which bytes the edit keeps.
@Suite struct RemoveLinesTests {
    private func removal(_ text: String, _ match: RemoveLines.Match) throws -> LineRemoval {
        LineRemoval(Array(text.utf8), removing: try LineMatcher(match))
    }

    private func step(_ body: String, platform: String = "linux") throws -> RemoveLines {
        let text = "playbook \"p\" {\n  platform = \(platform)\n  remove_lines \"persistence\" {\n\(body)\n  }\n}\n"
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/p.scour", text: text), purpose: .execute)
        let playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
        #expect(loaded.diagnostics.isEmpty, "\(loaded.diagnostics)")
        return try #require(playbook.steps.first?.action as? RemoveLines)
    }

    @Test func a_pattern_removes_every_line_it_matches_and_keeps_every_other_byte() throws {
        let text = "ssh-ed25519 AAAA lab@controller\nssh-rsa BBBB x@kworker\n\nssh-rsa CCCC x@kworker"
        let edit = try removal(text, .pattern(" x@kworker$"))
        #expect(edit.bytes == Array("ssh-ed25519 AAAA lab@controller\n\n".utf8))
        #expect(edit.removed == [2, 4])
        #expect(edit.lineWords == "lines 2 and 4")
    }

    @Test func exact_lines_match_whole_lines_only_and_crlf_endings_survive() throws {
        let text = "a\r\n* * * * * root /opt/.kworker/run\r\n* * * * * root /opt/.kworker/run --now\r\nb"
        let edit = try removal(text, .lines(["* * * * * root /opt/.kworker/run"]))
        #expect(edit.bytes == Array("a\r\n* * * * * root /opt/.kworker/run --now\r\nb".utf8))
        #expect(edit.removed == [2])
        #expect(edit.lineWords == "line 2")
    }

    @Test func a_key_line_ending_in_cr_is_matched_as_without_and_removed_whole() throws {
        // sshd accepts "…x@kworker\r": the pattern anchored at the end, and the exact line, match it.
        let text = "ssh-ed25519 AAAA lab@controller\nssh-rsa BBBB x@kworker\r\nssh-rsa CCCC x@kworker\r"
        for match: RemoveLines.Match in [.pattern(" x@kworker$"), .lines(["ssh-rsa BBBB x@kworker", "ssh-rsa CCCC x@kworker"])] {
            let edit = try removal(text, match)
            #expect(edit.bytes == Array("ssh-ed25519 AAAA lab@controller\n".utf8), "\(match)")
            #expect(edit.removed == [2, 3], "\(match)")
        }
    }

    @Test func only_one_trailing_cr_is_stripped_and_never_one_inside_a_line() throws {
        #expect(LineMatcher.content(of: Array("key\r\n".utf8)[...]) == Array("key".utf8)[...])
        #expect(LineMatcher.content(of: Array("key\r\r\n".utf8)[...]) == Array("key\r".utf8)[...])
        #expect(LineMatcher.content(of: Array("k\rey".utf8)[...]) == Array("k\rey".utf8)[...])
        let edit = try removal("key\r\r\nk\rey\n", .pattern("^key$"))
        #expect(edit.removed.isEmpty)
    }

    @Test func bytes_that_are_not_utf8_are_kept_exactly() throws {
        let bytes: [UInt8] = [0xFF, 0xFE, 0x0A] + Array("evil\n".utf8) + [0xC3, 0x0A]
        let edit = LineRemoval(bytes, removing: try LineMatcher(.lines(["evil"])))
        #expect(edit.bytes == [0xFF, 0xFE, 0x0A, 0xC3, 0x0A])
    }

    @Test func nothing_matching_leaves_the_file_as_it_is() throws {
        let edit = try removal("one\ntwo\n", .pattern("^three$"))
        #expect(edit.removed.isEmpty)
        #expect(edit.bytes == Array("one\ntwo\n".utf8))
    }

    @Test func many_removed_lines_are_counted_with_the_first_few_named() throws {
        let edit = try removal((1...8).map { "x\($0)" }.joined(separator: "\n"), .pattern("^x"))
        #expect(edit.lineWords == "8 lines (1, 2, 3, 4, 5, …)")
        #expect(edit.bytes.isEmpty)
    }

    @Test func an_invalid_pattern_does_not_make_a_matcher() {
        #expect(throws: ExtendedRegex.CompileError.self) { try LineMatcher(.pattern("[unclosed")) }
    }

    @Test func the_analyzer_reads_a_pattern_step() throws {
        let action = try step("""
                paths    = ['/etc/cron.d/kworker', '/root/.ssh/authorized_keys']
                pattern  = ' x@kworker$'
                validate = "test -s /root/.ssh/authorized_keys"
            """)
        #expect(action.paths == ["/etc/cron.d/kworker", "/root/.ssh/authorized_keys"])
        #expect(action.match == .pattern(" x@kworker$"))
        #expect(action.maxMatches == nil)
        #expect(action.validate != nil)
        #expect(action.explanation.first?.hasPrefix("remove every line matching the extended regular expression ' x@kworker$'") == true)
        #expect(action.explanation.contains("  /etc/cron.d/kworker"))
    }

    @Test func the_analyzer_reads_exact_lines() throws {
        let action = try step("""
                paths = ['/etc/crontab']
                lines = ['* * * * * root /opt/.kworker/run']
            """)
        #expect(action.match == .lines(["* * * * * root /opt/.kworker/run"]))
        #expect(action.maxMatches == nil)
        #expect(action.validate == nil)
    }

    @Test func windows_paths_are_read_on_windows() throws {
        let action = try step(#"""
                paths   = ['C:\Windows\System32\drivers\etc\hosts']
                pattern = 'evil\.example'
            """#, platform: "windows")
        #expect(action.paths == [#"C:\Windows\System32\drivers\etc\hosts"#])
    }

    @Test func resolving_maps_every_path_pattern_and_line() throws {
        let action = RemoveLines(paths: ["${root}/a", "/b"], maxMatches: nil, match: .pattern("${who}$"), validate: nil)
        let resolved = action.resolvingStrings { $0.replacingOccurrences(of: "${root}", with: "/srv").replacingOccurrences(of: "${who}", with: "x") }
        #expect(resolved == RemoveLines(paths: ["/srv/a", "/b"], maxMatches: nil, match: .pattern("x$"), validate: nil))
        let lines = RemoveLines(paths: ["/a"], maxMatches: 3, match: .lines(["p", "q"]), validate: nil)
        #expect(lines.resolvingStrings { $0.uppercased() }.match == .lines(["P", "Q"]))
        #expect(lines.resolvingStrings { $0.uppercased() }.maxMatches == 3)
    }

    @Test func edit_problems_of_paths() {
        #expect(RemoveLines.editProblem("/etc/cron.d/kworker", platform: .linux) == nil)
        #expect(RemoveLines.editProblem("etc/passwd", platform: .linux) == "'etc/passwd' is not an absolute path")
        #expect(RemoveLines.editProblem("/", platform: .linux) == "'/' is the root of the file system, not a file")
        #expect(RemoveLines.editProblem("/etc/cron.d/", platform: .linux)?.contains("names a folder") == true)
        #expect(RemoveLines.editProblem("/*/authorized_keys", platform: .linux)?.contains("glob at the top level") == true)
        #expect(RemoveLines.editProblem(#"C:\Users\"#, platform: .windows)?.contains("names a folder") == true)
    }
}
