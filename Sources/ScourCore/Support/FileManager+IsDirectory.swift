import Foundation

extension FileManager {
    /// Whether `path` is a folder (following links); false when it does not exist.
    func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
