import Foundation

/// A file's bytes, read once. A run analyses these bytes and hashes and copies these same bytes:
/// a second read of the path could find the file changed in between.
public struct InputFile: Sendable, Equatable {
    /// The path as given.
    public let path: String
    public let bytes: Data
    /// The lowercase hex SHA-256 of `bytes`.
    public let sha256: String

    public init(path: String, bytes: Data) {
        self.path = path
        self.bytes = bytes
        sha256 = SHA256.hex(of: bytes)
    }

    /// The whole file; Foundation's error (its `localizedDescription` says why) when it cannot
    /// be read.
    public static func read(_ path: String) throws -> InputFile {
        InputFile(path: path, bytes: try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The bytes as UTF-8 text, decoded as `String(contentsOfFile:encoding: .utf8)` decodes a
    /// file (a leading byte-order mark dropped), and with its error when they are not UTF-8.
    public func text() throws -> String {
        guard let text = String(data: bytes, encoding: .utf8) else { throw CocoaError(.fileReadCorruptFile) }
        return text
    }
}
