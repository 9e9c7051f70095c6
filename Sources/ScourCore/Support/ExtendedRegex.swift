import Foundation

/// POSIX extended regular expressions through the C library's `regcomp`, so `scour check`
/// accepts exactly what the planner will match with (and what `grep -E` reads on the host).
public final class ExtendedRegex: @unchecked Sendable {
    private var compiled = regex_t()

    /// Nil with the library's reason when `pattern` is not a valid expression.
    public static func compile(_ pattern: String) -> Result<ExtendedRegex, CompileError> {
        let regex = ExtendedRegex()
        let status = regcomp(&regex.compiled, pattern, REG_EXTENDED | REG_NOSUB)
        guard status == 0 else {
            var buffer = [CChar](repeating: 0, count: 256)
            regerror(status, &regex.compiled, &buffer, buffer.count)
            regex.isCompiled = false
            return .failure(CompileError(reason: String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)))
        }
        return .success(regex)
    }

    public struct CompileError: Error, Sendable {
        public var reason: String
    }

    private var isCompiled = true
    private init() {}
    deinit { if isCompiled { regfree(&compiled) } }

    /// Whether the expression matches somewhere in `line`.
    public func matches(_ line: String) -> Bool {
        regexec(&compiled, line, 0, nil, 0) == 0
    }

    /// Whether any line of `text` matches.
    public func matchesAnyLine(of text: String) -> Bool {
        text.split(separator: "\n", omittingEmptySubsequences: false).contains { matches(String($0)) }
    }
}
