import Foundation

/// Whether a private key file can be read, and if not why, as a person needs to hear it.
public enum KeyFileAccess {
    /// Why `path` cannot be read as a key ("no such file", "permission denied", "is a
    /// directory"), or nil when it can.
    public static func problem(at path: String) -> String? {
        // O_NONBLOCK: a FIFO given by mistake must not hang the check.
        let descriptor = open(path, O_RDONLY | O_NONBLOCK)
        guard descriptor >= 0 else {
            switch errno {
            case ENOENT: return "no such file"
            case EACCES: return "permission denied"
            case let code: return String(cString: strerror(code))
            }
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return String(cString: strerror(errno)) }
        return info.st_mode & S_IFMT == S_IFDIR ? "is a directory" : nil
    }
}
