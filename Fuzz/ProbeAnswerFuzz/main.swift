// libFuzzer target for what a compromised host controls completely: probe answers and its
// quarantine manifest. Parsing must never crash or hang, nor accept a glob match outside its
// pattern; an accepted answer must hold exactly the items asked for. An input starting with
// "M" is a manifest; any other, a probe answer.

private let nonce = "FuzzNonce0123456789ab"
private let items: [ProbeItem] = [
    .facts, .file(path: "/opt/explorer.exe"), .glob(pattern: "/var/www/uploads/*.php", maxMatches: 3),
    .content(path: "/etc/apache2/sites-enabled/000-default.conf", limit: 64), .process(name: "explorer.exe"),
    .command(run: "true", timeoutSeconds: 5), .package(name: "apache2"), .service(name: "apache2"),
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
    return 0
}
