import ScourTransport

/// What a shell started through sudo says before it is let in (`SudoHandshake`), read as it
/// arrives: sudo's own prompt on stderr, the shell's ready line on stdout, and before them the
/// process id of the sudo to stop at a second prompt (`SudoStop`). It decides each step from
/// what the host sent — the password once at the first prompt, give up at a second — and
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
        /// sudo asks again: the password is wrong; send nothing more (stop `sudoProcess`).
        case wrongPassword
        /// More than `bound` bytes on one stream before the ready line.
        case tooMuch
    }

    /// The most kept of each stream before the ready line: sudo's lecture, a login's banner and
    /// the prompts fit many times over.
    static let bound = 64 << 10

    private let ready: [UInt8]
    private let prompt: [UInt8]?
    /// `SudoStop.announcement` and the space before the process id.
    private let announcement: [UInt8]?
    private var stdout: [UInt8] = []
    /// Where the announcement was found in `stdout`, or where the search for it resumes.
    private var announced: (at: Int?, searched: Int) = (nil, 0)
    /// The process id announced on its line before sudo started (`SudoStop`), once that line is whole.
    private(set) var sudoProcess: Int32?
    /// What stderr carried so far (sudo's words, host text).
    private(set) var stderr: [UInt8] = []
    /// Where the search for the next prompt resumes in `stderr`.
    private var searched = 0
    private(set) var prompts = 0

    init(_ handshake: SudoHandshake) {
        ready = Array((handshake.ready + "\n").utf8)
        prompt = handshake.password.map { Array($0.prompt.utf8) }
        announcement = handshake.stop.map { Array(($0.announcement + " ").utf8) }
    }

    /// Takes the next bytes of stdout (`stream` 0) or stderr. Each byte is searched once (from
    /// just before the chunk, for a line or prompt it completes), however the host cuts its output.
    mutating func take(_ chunk: ArraySlice<UInt8>, stream: Int32) -> Step {
        if stream == 0 {
            let from = max(0, stdout.count - ready.count + 1)
            stdout.append(contentsOf: chunk)
            if let announcement, sudoProcess == nil { findProcess(announcement) }
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

    /// Reads the announced process id once its line is whole: 1 to 10 digits, nothing else. A
    /// malformed line names no process; the search goes on after it.
    private mutating func findProcess(_ announcement: [UInt8]) {
        while sudoProcess == nil {
            if announced.at == nil {
                let from = max(0, announced.searched - announcement.count + 1)
                guard let found = Self.index(of: announcement, in: stdout[from...]) else {
                    announced.searched = stdout.count
                    return
                }
                announced = (found, found + announcement.count)
            }
            guard let end = stdout[announced.searched...].firstIndex(of: UInt8(ascii: "\n")) else {
                announced.searched = stdout.count
                return
            }
            let digits = stdout[(announced.at! + announcement.count)..<end]
            if (1...10).contains(digits.count), digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }),
               let id = Int32(String(decoding: digits, as: UTF8.self)), id > 1 {
                sudoProcess = id
            }
            announced = (nil, end + 1)
        }
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
