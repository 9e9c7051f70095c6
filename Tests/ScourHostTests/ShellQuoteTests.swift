import Foundation
@testable import ScourHost
import Testing
import TestSupport

@Suite struct ShellQuoteTests {
    static let nasty = [
        "plain", "with space", "it's", "\"double\"", "$(touch /tmp/scour-pwned)", "`id`", "a;b", "a&&b", "*",
        "line\nbreak", "tab\there", "-leading-dash", "ünïcødé ☃", "back\\slash", "", "'", "''", "$HOME", "!event",
    ]

    @Test(arguments: nasty)
    func a_quoted_value_reaches_the_shell_as_exactly_one_word(value: String) throws {
        let result = try runProcess("/bin/sh", ["-c", "printf '%s|' \(ShellQuote.posix(value))"])
        #expect(result.status == 0)
        #expect(result.stdout == value + "|")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/scour-pwned"))
    }

    @Test func words_are_quoted_separately() throws {
        let result = try runProcess("/bin/sh", ["-c", "printf '<%s>' \(ShellQuote.posix(words: ["a b", "c'd", ""]))"])
        #expect(result.stdout == "<a b><c'd><>")
    }
}
