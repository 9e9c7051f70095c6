/// The probe answer's framing, shared by the script renderers and `ProbeAnswer`
/// (docs/probes.md, "Answer protocol"):
///
///     SCOUR-PROBE 1 <nonce>
///     <index> <field> <base64 of the value>      one line per record
///     SCOUR-END <nonce> <number of records>
///
/// Values are base64, so no path, file content or command output can forge a line; the nonce
/// ties the answer to this request (a stray `SCOUR-END` printed by something else does not
/// match); the count in the trailer, kept by the script itself, proves no record was lost.
enum ProbeWire {
    static let version = 1
    static let headerTag = "SCOUR-PROBE"
    static let trailerTag = "SCOUR-END"

    /// Field names. A `glob` match `k` uses `k.path`, `k.type`, `k.stat`, `k.sha256`.
    enum Field {
        static let error = "error"
        static let unsupported = "unsupported"
        static let hostname = "hostname"
        static let bootID = "boot_id"
        static let os = "os"
        static let kernel = "kernel"
        static let type = "type"
        static let stat = "stat"
        static let sha256 = "sha256"
        static let count = "count"
        static let path = "path"
        static let data = "data"
        static let running = "running"
        static let exit = "exit"
        static let manager = "manager"
        static let status = "status"
        static let active = "active"
        static let enabled = "enabled"
        static let installed = "installed"
    }

    /// Whether `nonce` can be framed: letters and digits only, 16 to 64 of them.
    static func isValidNonce(_ nonce: String) -> Bool {
        (16...64).contains(nonce.count) && nonce.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
