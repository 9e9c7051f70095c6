import Foundation

/// Which lab folder owns network K on this machine: `/run/scour-lab-networks/K` holds its path.
/// Made with O_EXCL before the lab creates anything, so two `up`s racing for one network cannot
/// both pass, and a refused `up` has made nothing it could be tempted to remove. In /run, so a
/// machine reboot (which ends every lab) clears the claims.
enum NetworkClaim {
    static let folder = "/run/scour-lab-networks"

    /// Claims `network` for `directory`; refuses when another lab folder holds it. A claim whose
    /// lab folder has no lab.json any more is stale and taken over (the namespace check in `up`
    /// still refuses if that lab's namespaces are left).
    static func claim(_ network: Int, for directory: URL) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = "\(folder)/\(network)"
        for _ in 0..<2 {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 {
                let text = Array((directory.path + "\n").utf8)
                let written = write(descriptor, text, text.count)
                close(descriptor)
                guard written == text.count else { throw LabError.failed("cannot write \(path): \(String(cString: strerror(errno)))") }
                return
            }
            guard errno == EEXIST else { throw LabError.failed("cannot create \(path): \(String(cString: strerror(errno)))") }
            guard let owner = owner(of: network) else { continue }
            if owner == directory.path { return }
            if FileManager.default.fileExists(atPath: owner + "/lab.json") {
                throw LabError.invalid("network \(network) is used by another lab (in \(owner)); pick another --net or take that lab down (scour lab down --dir \(owner))")
            }
            unlink(path)
        }
        throw LabError.failed("cannot claim network \(network): \(path) keeps changing")
    }

    /// Gives the network up, if `directory` holds it.
    static func release(_ network: Int, for directory: URL) {
        if owner(of: network) == directory.path { unlink("\(folder)/\(network)") }
    }

    /// The lab folder holding `network`, if any.
    static func owner(of network: Int) -> String? {
        (try? String(contentsOfFile: "\(folder)/\(network)", encoding: .utf8))?.trimmingCharacters(in: .newlines)
    }
}
