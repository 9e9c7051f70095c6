// libFuzzer target for what a compromised host controls completely: probe answers and its
// quarantine manifest. Parsing must never crash or hang, nor accept a glob match outside its
// pattern; an accepted answer must hold exactly the items asked for, and no more matching
// files, lines or processes, nor longer ones, than asked; a file's bytes only for a regular
// file, within the limit and with the SHA-256 its facts report. An input starting with
// "M" is a manifest; any other, a probe answer.

import ScourCore
@testable import ScourHost

private let nonce = "FuzzNonce0123456789ab"
private let items: [ProbeItem] = [
    .facts, .file(path: "/opt/explorer.exe"), .glob(pattern: "/var/www/uploads/*.php", maxMatches: 3),
    .content(path: "/etc/apache2/sites-enabled/000-default.conf", limit: 64), .processes(name: "explorer.exe", executable: nil, commandLine: nil, maxMatches: 3),
    .command(run: "true", timeoutSeconds: 5), .package(name: "apache2"), .service(name: "apache2"),
    .contentGlob(pattern: "/var/www/*/index.html", regex: "readme\\.eml", maxMatches: 3, lineLimit: 16),
    .processes(name: "kworkerds", executable: "/opt/*", commandLine: "stratum", maxMatches: 2),
    .globContents(pattern: "/etc/cron.d/*", maxMatches: 2, limit: 32),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    if data[0] == UInt8(ascii: "M") {
        let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
        if let entries = try? QuarantineEntry.parse(text), Set(entries.map(\.path)).count != entries.count {
            fatalError("the manifest reader kept two entries for one path")
        }
        return 0
    }
    // The first byte chooses how many of the items were asked; the rest is the host's stdout.
    let asked = Array(items.prefix(1 + Int(data[0]) % items.count))
    let stdout = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    guard let observation = try? ProbeAnswer.parse(stdout: stdout, items: asked, nonce: nonce) else { return 0 }
    for case .glob(let pattern, let maxMatches) in asked {
        guard let glob = observation.globs[pattern] else { fatalError("an accepted answer lacks the glob it was asked") }
        if glob.matches.count > maxMatches { fatalError("more matches than asked for") }
        for match in glob.matches where HostReportedPaths.globMatchProblem(match.path, pattern: pattern) != nil {
            fatalError("accepted a lying glob match: \(match.path)")
        }
    }
    for item in asked {
        switch item {
        case .contentGlob(let pattern, _, let maxMatches, let lineLimit):
            guard let found = observation.contentGlob(for: item) else { fatalError("an accepted answer lacks the content glob it was asked") }
            if found.matches.count > maxMatches || found.matches.contains(where: { $0.text.utf8.count > lineLimit || $0.line < 1 }) {
                fatalError("more or longer matching lines than asked for")
            }
            for match in found.matches where HostReportedPaths.globMatchProblem(match.path, pattern: pattern) != nil {
                fatalError("accepted a lying content glob match: \(match.path)")
            }
        case .globContents(let pattern, let maxMatches, let limit):
            guard let found = observation.globContents(for: item) else { fatalError("an accepted answer lacks the glob contents it was asked") }
            if found.matches.count > maxMatches || Set(found.matches.map(\.path)).count != found.matches.count {
                fatalError("more matched files than asked for, or one twice")
            }
            for match in found.matches {
                if HostReportedPaths.globMatchProblem(match.path, pattern: pattern) != nil { fatalError("accepted a lying glob match: \(match.path)") }
                if (match.content != nil) != (match.file.kind == .regular) { fatalError("bytes for what is not a regular file, or none for one") }
                if let bytes = match.content?.bytes, bytes.count > limit || SHA256.hex(of: bytes) != match.file.sha256 {
                    fatalError("accepted more bytes than asked, or bytes that are not the file hashed")
                }
            }
        case .processes(_, _, _, let maxMatches):
            guard let list = observation.processList(for: item) else { fatalError("an accepted answer lacks the process list it was asked") }
            if list.processes.count > maxMatches || Set(list.processes.map(\.pid)).count != list.processes.count {
                fatalError("more processes than asked for, or one twice")
            }
            for process in list.processes where !["kworkerds", "kworkerds.exe"].contains(process.name.lowercased())
                || process.commandLine.utf8.count > ProbeItem.commandLineLimit || !process.executable.lowercased().hasPrefix("/opt/") {
                fatalError("accepted a process the criteria cannot have matched: \(process)")
            }
        default:
            break
        }
    }
    return 0
}
