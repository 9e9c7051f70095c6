/// `ansible_ssh_common_args` / `ansible_ssh_extra_args`: extra words Ansible passes to the
/// `ssh` program. Scour has its own SSH client, so it reads out the bastion chain (`-J`,
/// `-o ProxyJump=…`) and names every other option as unsupported rather than dropping it.
struct SSHArguments {
    /// The chain from the first `-J` or `ProxyJump` (first value wins, as in ssh); `[]` for
    /// `ProxyJump=none`; nil when none is given.
    var jumps: [JumpHost]?
    /// Every other option, as written (`-o StrictHostKeyChecking=no`, `-C`).
    var unsupported: [String] = []

    /// The ssh flags that take an argument (ssh(1)); the others stand alone.
    private static let flagsWithArgument = Set("BbcDEeFIiJLlmOoPpQRSWw")

    struct SyntaxError: Error { var message: String }

    /// Reads `text` the way a shell would split it, then as ssh reads its options.
    init(parsing text: String) throws(SyntaxError) {
        var words = try Self.shellWords(text)[...]
        while let word = words.popFirst() {
            guard word.hasPrefix("-"), word.count >= 2 else {
                unsupported.append(word)
                continue
            }
            let flag = word[word.index(after: word.startIndex)]
            var argument: String?
            if Self.flagsWithArgument.contains(flag) {
                let attached = String(word.dropFirst(2))
                if !attached.isEmpty {
                    argument = attached
                } else {
                    guard let next = words.popFirst() else { throw SyntaxError(message: "'-\(flag)' needs an argument") }
                    argument = next
                }
            }
            switch (flag, argument) {
            case ("J", let chain?):
                try record(chain, option: "-J \(chain)")
            case ("o", let option?):
                let (key, value) = Self.keyValue(option)
                if key.lowercased() == "proxyjump" {
                    try record(value, option: "-o \(option)")
                } else {
                    unsupported.append("-o \(option)")
                }
            default:
                unsupported.append(argument.map { "-\(flag) \($0)" } ?? word)
            }
        }
    }

    private mutating func record(_ chain: String, option: String) throws(SyntaxError) {
        guard jumps == nil else { return }
        if chain.lowercased() == "none" {
            jumps = []
            return
        }
        do { jumps = try JumpHost.parseChain(chain) } catch { throw SyntaxError(message: "\(option): \(error.message)") }
    }

    /// `Key=Value` or `Key Value`, as `-o` takes them.
    static func keyValue(_ option: String) -> (key: String, value: String) {
        guard let split = option.firstIndex(where: { $0 == "=" || $0 == " " || $0 == "\t" }) else { return (option, "") }
        var value = option[option.index(after: split)...].trimmingSpaces()
        if value.hasPrefix("=") { value = String(value.dropFirst()).trimmingSpaces() }
        return (String(option[..<split]), value)
    }

    /// POSIX shell word splitting without expansions: blanks separate words, `'…'` is literal,
    /// `"…"` keeps blanks and honours `\"`, `\\`, `\$`, `` \` ``; a backslash outside quotes
    /// escapes the next character.
    static func shellWords(_ text: String) throws(SyntaxError) -> [String] {
        var words: [String] = [], current = "", inWord = false
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            switch character {
            case " ", "\t", "\n":
                if inWord { words.append(current); current = ""; inWord = false }
            case "'":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw SyntaxError(message: "an unterminated ' in '\(text)'") }
                    if next == "'" { break }
                    current.append(next)
                }
            case "\"":
                inWord = true
                while true {
                    guard let next = iterator.next() else { throw SyntaxError(message: "an unterminated \" in '\(text)'") }
                    if next == "\"" { break }
                    if next == "\\" {
                        guard let escaped = iterator.next() else { throw SyntaxError(message: "an unterminated \" in '\(text)'") }
                        if !"\"\\$`".contains(escaped) { current.append("\\") }
                        current.append(escaped)
                    } else {
                        current.append(next)
                    }
                }
            case "\\":
                inWord = true
                if let escaped = iterator.next() { current.append(escaped) }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
