import Testing
@testable import ScourCore

@Suite struct DurationLiteralTests {
    @Test(arguments: [("500ms", 500), ("30s", 30_000), ("5m", 300_000), ("2h", 7_200_000), ("1.5s", 1_500), ("1d", 86_400_000)])
    func parses(text: String, milliseconds: Int64) throws {
        let duration = try #require(Duration(scourLiteral: text))
        #expect(duration.scourMilliseconds == milliseconds)
    }

    @Test(arguments: ["", "30", "s", "3x", "-1s", "1 s", "ms", "1e3s"])
    func rejects(text: String) {
        #expect(Duration(scourLiteral: text) == nil)
    }

    @Test func printsShortestLiteral() {
        #expect(Duration.seconds(120).scourLiteral == "2m")
        #expect(Duration.milliseconds(1500).scourLiteral == "1500ms")
        #expect(Duration.seconds(0).scourLiteral == "0ms")
    }
}

@Suite struct ShareTests {
    @Test func percentagesRoundUpSoACanaryIsNeverEmpty() {
        #expect(Share(parsing: "1%")?.resolved(outOf: 50) == 1)
        #expect(Share(parsing: "10%")?.resolved(outOf: 12) == 2)
        #expect(Share(parsing: "100%")?.resolved(outOf: 7) == 7)
        #expect(Share(parsing: "0%")?.resolved(outOf: 7) == 0)
    }

    @Test func countsAreCappedAtTheTotal() {
        #expect(Share(parsing: "5")?.resolved(outOf: 3) == 3)
    }

    @Test(arguments: ["", "-1", "101%", "x%", "5.5"])
    func rejects(text: String) {
        #expect(Share(parsing: text) == nil)
    }
}

@Suite struct ByteSizeTests {
    @Test func parsesBinaryAndDecimalUnits() {
        #expect(ByteSize(parsing: "512KiB")?.bytes == 524_288)
        #expect(ByteSize(parsing: "10MB")?.bytes == 10_000_000)
        #expect(ByteSize(parsing: "10") == nil)
        #expect(ByteSize(parsing: "99999999999TiB") == nil)
        #expect(ByteSize(bytes: 10 << 20).description == "10MiB")
    }
}

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownVectors(input: String, digest: String) {
        #expect(SHA256.hex(of: Array(input.utf8)) == digest)
    }

    @Test func incrementalUpdatesMatchOneShot() {
        let data = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256()
        for chunk in stride(from: 0, to: data.count, by: 37) { hasher.update(Array(data[chunk..<min(chunk + 37, data.count)])) }
        #expect(hasher.finalizeHex() == SHA256.hex(of: data))
    }

    @Test func matchesTheReferencePatchHash() {
        let patch = "#!/bin/sh\n# Stand-in for the MS01-033 fix on a Linux web host: records the fix as installed.\nset -e\nmkdir -p /var/lib/patches\necho installed > /var/lib/patches/MS01-033\n"
        #expect(SHA256.hex(of: Array(patch.utf8)) == "c1c99cb01767312901c7d54fc7f04c5b789c07bd55e4f71ec3281fcdd351c8ed")
    }
}
