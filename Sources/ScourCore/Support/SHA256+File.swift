import Foundation

extension SHA256 {
    /// The hex digest of a regular file, read in 1 MiB chunks (patches can be large). Nil when
    /// the path is not a readable regular file — a device such as /dev/zero would never end.
    public static func hex(ofFileAt path: String) -> String? {
        guard (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeRegular,
              let handle = FileHandle(forReadingAtPath: path)
        else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        while let chunk = try? handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update([UInt8](chunk))
        }
        return hasher.finalizeHex()
    }
}
