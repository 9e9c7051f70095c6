import ScourTransport

/// What a shell started through sudo says before it is let in (`SudoHandshake`), read as it
/// arrives: sudo's own prompt on stderr, the shell's ready line on stdout. It decides each step
/// from what the host sent — the password once at the first prompt, give up at a second — and
/// keeps at most `bound` bytes of each stream: a host that floods before its prompt or its
/// ready line is cut off.
struct SudoGate {
    enum Step: Equatable {
        /// Nothing decided yet: read on.
        case wait
        /// sudo asks for the password (the first prompt): send it, once.
        case sendPassword
        /// The shell is ready: requests may go.
        case ready
        /// sudo asks again: the password is wrong; send nothing more.
        case wrongPassword
        /// More than `bound` bytes on one stream before the ready line.
        case tooMuch
    }

    /// The most kept of each stream before the ready line: sudo's lecture, a login's banner and
    /// the prompts fit many times over.
    static let bound = 64 << 10

    private let ready: [UInt8]
    private let prompt: [UInt8]?
    private var stdout: [UInt8] = []
    /// What stderr carried so far (sudo's words, host text).
    private(set) var stderr: [UInt8] = []
    /// Where the search for the next prompt resumes in `stderr`.
    private var searched = 0
    private(set) var prompts = 0

    init(_ handshake: SudoHandshake) {
        ready = Array((handshake.ready + "\n").utf8)
        prompt = handshake.password.map { Array($0.prompt.utf8) }
    }

    /// Takes the next bytes of stdout (`stream` 0) or stderr. Each byte is searched once (from
    /// just before the chunk, for a line or prompt it completes), however the host cuts its output.
    mutating func take(_ chunk: ArraySlice<UInt8>, stream: Int32) -> Step {
        if stream == 0 {
            let from = max(0, stdout.count - ready.count + 1)
            stdout.append(contentsOf: chunk)
            if Self.index(of: ready, in: stdout[from...]) != nil { return .ready }
            return stdout.count > Self.bound ? .tooMuch : .wait
        }
        guard let prompt else {
            stderr.append(contentsOf: chunk)
            return stderr.count > Self.bound ? .tooMuch : .wait
        }
        searched = max(searched, stderr.count - prompt.count + 1)
        stderr.append(contentsOf: chunk)
        let before = prompts
        while let found = Self.index(of: prompt, in: stderr[searched...]) {
            searched = found + prompt.count
            prompts += 1
        }
        if prompts > 1 { return .wrongPassword }
        if prompts > before { return .sendPassword }
        return stderr.count > Self.bound ? .tooMuch : .wait
    }

    private static func index(of needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var start = haystack.startIndex
        while start <= haystack.endIndex - needle.count {
            if haystack[start..<start + needle.count].elementsEqual(needle) { return start }
            start += 1
        }
        return nil
    }
}
