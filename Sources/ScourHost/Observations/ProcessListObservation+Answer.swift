import Foundation
import ScourCore

extension ProcessListObservation {
    /// Reads a `processes` answer: `count`, then the fields of each of the first `maxMatches`
    /// processes. Every field is host text and bounded; a process reported that the criteria
    /// cannot have matched (another name, an executable outside the glob, a whole command line
    /// the pattern does not match) is a lying probe, and one pid reported twice an invalid answer.
    package init(from fields: inout ItemFields, name: String?, executable: String?, commandLine: String?, maxMatches: Int) throws {
        typealias F = ProbeWire.Field
        let total = try fields.integer(F.count, as: Int.self)
        guard total >= 0 else { throw fields.invalid("negative process count") }
        let regex = commandLine.flatMap { try? ExtendedRegex.compile($0).get() }
        var processes: [ProcessObservation] = []
        var pids = Set<Int32>()
        for k in 0..<min(total, maxMatches) {
            let process = try Self.process(k, from: &fields)
            guard process.pid > 0, pids.insert(process.pid).inserted else { throw fields.invalid("pid \(process.pid) reported twice or invalid") }
            if let problem = Self.mismatch(process, name: name, executable: executable, regex: regex) {
                throw ProbeError.lyingProbe("the host reported process \(process.pid) (\(HostText.terminal(process.executable))) as a match: \(problem)")
            }
            processes.append(process)
        }
        let unseen = try fields.unseenList(cap: maxMatches)
        self.init(total: total, processes: processes, unseen: unseen?.unseen, unseenTotal: unseen?.total)
    }

    private static func process(_ k: Int, from fields: inout ItemFields) throws -> ProcessObservation {
        typealias F = ProbeWire.Field
        let field = { (name: String) in "\(k).\(name)" }
        let pid = try fields.integer(field(F.pid), as: Int32.self)
        let start = try fields.shortString(field(F.start), limit: 64)
        let uid: UInt32? = try fields.optionalBytes(field(F.uid)).map { bytes in
            guard let text = String(validating: bytes, as: UTF8.self), let value = UInt32(text), String(value) == text else {
                throw fields.invalid("field \"\(field(F.uid))\" is not a uid")
            }
            return value
        }
        let user = try fields.shortString(field(F.user))
        let name = try fields.shortString(field(F.name))
        let executable = try fields.shortString(field(F.exe), limit: 32 << 10)
        guard !executable.isEmpty else { throw fields.invalid("empty executable path") }
        let deleted = try fields.flag(field(F.deleted))
        let size: UInt64? = try fields.optionalString(field(F.size)).map { text in
            guard let value = UInt64(text), String(value) == text else { throw fields.invalid("field \"\(field(F.size))\" is not a size") }
            return value
        }
        let hash = try fields.optionalString(field(F.sha256))
        if let hash, hash.count != 64 || !hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            throw fields.invalid("not a SHA-256: \(HostText.terminal(hash))")
        }
        let (commandLine, isCut) = try fields.boundedText(field(F.cmdline), limit: ProbeItem.commandLineLimit)
        return ProcessObservation(pid: pid, start: start, uid: uid, user: user, name: name, executable: executable, executableDeleted: deleted,
                                  executableSize: size, executableSHA256: hash, commandLine: commandLine, commandLineIsCut: isCut)
    }

    /// Why `process` cannot match the criteria as the host applies them, or nil. Linux (an
    /// executable starting with `/`) compares exactly, names cut to the kernel's 15 bytes;
    /// windows without case and with `.exe` optional on a name. A command line is checked
    /// when whole and on linux, where the host matches with the same ERE dialect.
    private static func mismatch(_ process: ProcessObservation, name: String?, executable: String?, regex: ExtendedRegex?) -> String? {
        let linux = process.executable.hasPrefix("/")
        let folded = { (text: String) in linux ? text : text.lowercased() }
        if let name {
            let accepted = linux ? [ProbeItem.commName(name)] : [name, name + ".exe"].map(folded)
            if !accepted.contains(folded(process.name)) { return "its name is \(HostText.terminal(process.name).debugDescription)" }
        }
        if let executable {
            let matched = RemoveFiles.isGlob(executable)
                ? fnmatch(folded(executable), folded(process.executable), linux ? 0 : FNM_NOESCAPE) == 0
                : folded(executable) == folded(process.executable)
            if !matched { return "its executable is not \(executable)" }
        }
        if let regex, linux, !process.commandLineIsCut, !regex.matches(process.commandLine) {
            return "its command line does not match the pattern"
        }
        return nil
    }
}
