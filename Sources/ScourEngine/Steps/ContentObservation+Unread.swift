import ScourCore
import ScourHost

extension ContentObservation {
    /// Why an edit of `path` cannot be planned: its bytes are not at hand.
    func whyNoBytes(_ path: String, limit: Int) -> String {
        if tooLarge { return "\(path) is larger than \(ByteSize(bytes: UInt64(limit))), too large to edit" }
        // Bytes dropped from a saved plan that apply's probe did not read again as they were.
        if sha256 != nil { return "\(path) is not the file the plan read (its bytes changed)" }
        return "\(path) is not a regular file"
    }
}
