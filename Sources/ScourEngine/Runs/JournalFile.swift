import Foundation
import Glibc

/// `journal.jsonl`: one entry a line, appended and fdatasync'ed before `write` returns.
final class JournalFile: JournalSink {
    let location: String
    private let descriptor: Int32

    /// Opens `path` for appending, creating it; `keepingBytes` cuts a torn last line off first.
    init(path: String, keepingBytes: Int?) throws {
        location = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RunError("cannot open the journal \(path): \(String(cString: strerror(errno)))") }
        if let keepingBytes, ftruncate(descriptor, off_t(keepingBytes)) != 0 {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw RunError("cannot cut the torn line off \(path): \(reason)")
        }
    }

    /// Writes and syncs the lines; on failure cuts the file back to where it was, so a later
    /// append never lands after half a line.
    func write(_ lines: [Data]) throws {
        let data = lines.reduce(into: Data()) { $0 += $1; $0.append(UInt8(ascii: "\n")) }
        let end = lseek(descriptor, 0, SEEK_END)
        let failed: Bool = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; return true }
                offset += written
            }
            return fdatasync(descriptor) != 0
        }
        guard failed else { return }
        let reason = String(cString: strerror(errno))
        if end >= 0 { _ = ftruncate(descriptor, end) }
        throw RunError("cannot write the journal \(location): \(reason)")
    }

    func close() { Glibc.close(descriptor) }
}
