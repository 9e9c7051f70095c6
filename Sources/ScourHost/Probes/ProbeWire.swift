/// The probe answer's framing, shared by the script renderers and `ProbeAnswer`
/// (docs/probes.md, "Answer protocol"):
///
///     SCOUR-PROBE 1 <nonce>
///     <index> <field> <base64 of the value>      one line per record, or
///     <index> <field> =<value>                   for values made only of [A-Za-z0-9._:@/+-]
///     SCOUR-END <nonce> <number of records>
///
/// Values are base64, so no path, file content or command output can forge a line; the nonce
/// ties the answer to this request (a stray `SCOUR-END` printed by something else does not
/// match); the count in the trailer, kept by the script itself, proves no record was lost.
package enum ProbeWire {
    package static let version = 1
    package static let headerTag = "SCOUR-PROBE"
    package static let trailerTag = "SCOUR-END"
    /// The most `unseen.k` entries an item sends (fewer when its `max_matches` is lower): that
    /// something went unseen is what decides; `unseen_count` tells how many more.
    package static let unseenListLimit = 64

    /// Field names. A `glob` match `k` uses `k.path`, `k.type`, `k.stat`, `k.sha256` (and a
    /// `globContents` match, `k.data` for a regular file); a
    /// `contentGlob` file `k` with a matching line `k.path`, `k.line`, `k.text`; a `processes`
    /// process `k` `k.pid`, `k.start`, `k.uid`, `k.user`, `k.name`, `k.exe`, `k.deleted`,
    /// `k.size`, `k.sha256`, `k.cmdline`. What could not be looked at: `unseen` (a `file`,
    /// a `content`) or `k.unseen` (a glob match), and for the items that list paths or
    /// processes `unseen.k` with `unseen_count` (how many there were; the first `max_matches`
    /// travel, at most `unseenListLimit`); each value is `REASON:PATH`, or `REASON` alone for
    /// the path of the item or match itself.
    package enum Field {
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
        static let exit = "exit"
        static let manager = "manager"
        static let status = "status"
        static let active = "active"
        static let enabled = "enabled"
        static let installed = "installed"
        static let line = "line"
        static let text = "text"
        static let pid = "pid"
        static let start = "start"
        static let uid = "uid"
        static let user = "user"
        static let name = "name"
        static let exe = "exe"
        static let deleted = "deleted"
        static let size = "size"
        static let cmdline = "cmdline"
        static let unseen = "unseen"
        static let unseenCount = "unseen_count"
    }

    /// Characters a value may be sent with unencoded (`=` prefix; base64 never starts with
    /// `=`): no space, no line break, nothing outside ASCII — they cannot frame or forge a line.
    /// Most values (hashes, boot ids, states, numbers) are such, and sending them plain saves
    /// the host a `base64` process per record.
    package static func isPlainValueCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "._:@/+-".contains(character))
    }

    /// Whether `nonce` can be framed: letters and digits only, 16 to 64 of them.
    package static func isValidNonce(_ nonce: String) -> Bool {
        (16...64).contains(nonce.count) && nonce.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }
}
