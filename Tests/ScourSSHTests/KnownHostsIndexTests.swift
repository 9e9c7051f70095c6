import Foundation
@testable import ScourSSH
import TestSupport
import Testing

/// known_hosts read once and found by name (issue 26): plain, `[host]:port` and hashed names
/// (hashed by OpenSSH's own `ssh-keygen -H`), in file order with their line numbers; the cache
/// reads a changed file again and adds its own appends in place.
@Suite struct KnownHostsIndexTests {
    static let keyA = "AAAAC3NzaC1lZDI1NTE5AAAAIBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"
    static let keyB = "AAAAC3NzaC1lZDI1NTE5AAAAICCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"

    private func target(_ host: String, _ port: Int) -> SSHTarget { SSHTarget(host: host, port: port, user: "root") }

    private func temporaryFile(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("known_hosts-\(UUID().uuidString.prefix(8))").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func plain_names_are_found_under_both_forms_in_file_order() {
        let index = KnownHostsIndex(text: """
            # a comment
            web1,10.0.0.1 ssh-ed25519 \(Self.keyA)
            @cert-authority * ssh-ed25519 \(Self.keyB)
            [10.0.0.1]:2222 ssh-rsa \(Self.keyB)
            db1 ssh-ed25519 \(Self.keyB)

            10.0.0.1 ecdsa-sha2-nistp256 \(Self.keyB)
            """)
        #expect(index.entries(for: target("10.0.0.1", 22)).map(\.line) == [2, 7])
        #expect(index.entries(for: target("10.0.0.1", 2222)).map(\.line) == [2, 4, 7])
        #expect(index.entries(for: target("db1", 22)).map(\.keyType) == ["ssh-ed25519"])
        #expect(index.entries(for: target("web", 22)).isEmpty, "names are whole, not prefixes")
        #expect(index.lineCount == 7)
    }

    @Test func hashed_names_written_by_ssh_keygen_are_found() throws {
        let path = try temporaryFile("""
            h1 ssh-ed25519 \(Self.keyA)
            [h2]:2200 ssh-ed25519 \(Self.keyB)
            h3 ssh-ed25519 \(Self.keyA)

            """)
        defer { try? FileManager.default.removeItem(atPath: path); try? FileManager.default.removeItem(atPath: path + ".old") }
        let hashed = try runProcess("/usr/bin/ssh-keygen", ["-H", "-f", path])
        #expect(hashed.status == 0, "\(hashed.stderr)")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try #require(text.split(separator: "\n").allSatisfy { $0.hasPrefix("|1|") }, "every name hashed: \(text)")
        let index = KnownHostsIndex(text: text)
        #expect(index.entries(for: target("h1", 22)).map(\.line) == [1])
        #expect(index.entries(for: target("h2", 2200)).map(\.key) == [Self.keyB])
        #expect(index.entries(for: target("h2", 22)).isEmpty, "[h2]:2200 is not h2 on port 22")
        let h3 = index.entries(for: target("h3", 22))
        #expect(h3.count == 1 && h3.allSatisfy { $0.isHashed })
        #expect(index.entries(for: target("h4", 22)).isEmpty)
    }

    @Test func an_hmac_sha1_of_rfc_2202_is_computed_as_specified() {
        // RFC 2202, test case 2.
        let digest = KnownHostsIndex.hmacSHA1(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(digest.map { String(format: "%02x", $0) }.joined() == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79")
    }

    @Test func the_cache_adds_its_own_appends_and_reads_again_after_anothers_change() throws {
        let path = try temporaryFile("h1 ssh-ed25519 \(Self.keyA)")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = KnownHostsFile(path: path), cache = KnownHostsCache()
        #expect(cache.entries(for: target("h1", 22), in: file).map(\.line) == [1])

        // Our own append: on the next line (the file had no final newline), found without a read.
        try cache.append(name: "h2", keyType: "ssh-ed25519", key: Array(repeating: 7, count: 51), to: file)
        let appended = cache.entries(for: target("h2", 22), in: file)
        #expect(appended.map(\.line) == [2] && Data(base64Encoded: appended.first?.key ?? "") == Data(repeating: 7, count: 51))
        #expect(KnownHostsIndex(text: try String(contentsOfFile: path, encoding: .utf8)).entries(for: target("h2", 22)) == appended,
                "the index agrees with the file read afresh")

        // Another program's change.
        try "h3 ssh-ed25519 \(Self.keyA)\nh2 ssh-ed25519 \(Self.keyB)\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(cache.entries(for: target("h2", 22), in: file).map(\.key) == [Self.keyB])
        #expect(cache.entries(for: target("h1", 22), in: file).isEmpty)
    }

    @Test func a_missing_file_records_nothing_until_it_appears() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("known_hosts-\(UUID().uuidString.prefix(8))").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = KnownHostsFile(path: path), cache = KnownHostsCache()
        #expect(cache.entries(for: target("h1", 22), in: file).isEmpty)
        try "h1 ssh-ed25519 \(Self.keyA)\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(cache.entries(for: target("h1", 22), in: file).map(\.line) == [1])
    }
}
