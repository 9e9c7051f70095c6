import Foundation
import ScourCore
@testable import ScourHost
import TestSupport
import Testing

/// Runs the rendered linux probe for real with `/bin/sh -s` against a tree of hostile names.
@Suite("POSIX probe script, run locally")
struct POSIXProbeRunTests {
    let nonce = "TestNonce0123456789abcdef"

    private func probe(_ items: [ProbeItem], in tree: HostileTree) throws -> HostObservation {
        let invocation = ProbeScript.render(items, platform: .linux, nonce: nonce)
        let output = try LocalShell.run(invocation, in: tree.root)
        #expect(output.status == 0, "stderr: \(String(decoding: output.stderr, as: UTF8.self))")
        return try ProbeAnswer.parse(stdout: output.stdout, items: items, nonce: nonce)
    }

    @Test("the command line is a constant; every value travels on stdin")
    func constantCommandLine() {
        let invocation = ProbeScript.render([.file(path: "/tmp/$(reboot)")], platform: .linux, nonce: nonce)
        #expect(invocation.command == "/bin/sh -s")
        #expect(!invocation.command.contains("reboot"))
        #expect(String(decoding: invocation.stdin ?? [], as: UTF8.self).contains("'/tmp/$(reboot)'"))
    }

    @Test("file stats and hashes match what Foundation sees, and nothing changes", arguments: HostileTree.names)
    func hostileFile(name: String) throws {
        let tree = try HostileTree()
        defer { tree.remove() }
        let before = try tree.snapshot()
        let path = tree.path(name)
        let observation = try probe([.file(path: path)], in: tree)
        let file = try #require(observation.files[path])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect(file.kind == .regular)
        #expect(file.sha256 == SHA256.hex(of: try Data(contentsOf: URL(fileURLWithPath: path))))
        let stat = try #require(file.stat)
        #expect(stat.size == (attributes[.size] as? NSNumber)?.uint64Value)
        #expect(stat.mode == String((attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1, radix: 8))
        #expect(stat.uid == (attributes[.ownerAccountID] as? NSNumber)?.uint32Value)
        #expect(stat.gid == (attributes[.groupOwnerAccountID] as? NSNumber)?.uint32Value)
        #expect(stat.owner == attributes[.ownerAccountName] as? String)
        let mtime = try #require(attributes[.modificationDate] as? Date)
        #expect(stat.mtime == Int64(mtime.timeIntervalSince1970.rounded(.down)))
        #expect(try tree.snapshot() == before)
    }

    @Test("every kind of item at once, in one script, leaves the tree as it was")
    func everythingAtOnce() throws {
        let tree = try HostileTree()
        defer { tree.remove() }
        let before = try tree.snapshot()
        var items: [ProbeItem] = [.facts]
        items += HostileTree.names.map { .file(path: tree.path($0)) }
        items += HostileTree.names.map { .content(path: tree.path($0), limit: 1024) }
        items += [
            .file(path: tree.path("missing $(touch pwned)")),
            .file(path: tree.path("dir with space")),
            .file(path: tree.path("link to star")),
            .glob(pattern: tree.path("*"), maxMatches: 3),
            .glob(pattern: tree.path("dir with space/*.bin"), maxMatches: 5),
            .glob(pattern: tree.path("nothing-*-here"), maxMatches: 5),
            .content(path: tree.path("dir with space/big.bin"), limit: 4999),
            .content(path: tree.path("dir with space/big.bin"), limit: 5000),
            .content(path: tree.path("link to star"), limit: 1024),
            .content(path: tree.path("absent"), limit: 1024),
            .command(run: "exit 3", timeoutSeconds: 10),
            .command(run: "test -d '\(tree.path("dir with space"))'", timeoutSeconds: 10),
            .command(run: "sleep 10", timeoutSeconds: 1),
            .command(run: "read line; test -z \"$line\"", timeoutSeconds: 5),
            .package(name: "coreutils"),
            .package(name: "no-such-package-scour"),
            .service(name: "no-such-service-scour"),
        ]
        let observation = try probe(items, in: tree)

        let facts = try #require(observation.facts)
        #expect(facts.bootID == (try String(contentsOfFile: "/proc/sys/kernel/random/boot_id", encoding: .utf8)).trimmingCharacters(in: .newlines))
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count)
        #expect(facts.hostname == String(cString: name))
        #expect(facts.os.contains("Debian"))
        #expect(facts.kernel.hasPrefix("Linux "))

        for name in HostileTree.names {
            let content = try #require(observation.contents[tree.path(name)])
            #expect(content.bytes == (try Data(contentsOf: URL(fileURLWithPath: tree.path(name)))))
        }
        #expect(observation.files[tree.path("missing $(touch pwned)")] == FileObservation(kind: .absent))
        #expect(observation.files[tree.path("dir with space")]?.kind == .directory)
        #expect(observation.files[tree.path("dir with space")]?.sha256 == nil)
        #expect(observation.files[tree.path("link to star")]?.kind == .symlink)

        let all = try #require(observation.globs[tree.path("*")])
        let expectedCount = try FileManager.default.contentsOfDirectory(atPath: tree.root.path).filter { !$0.hasPrefix(".") }.count
        #expect(all.total == expectedCount)
        #expect(all.matches.count == 3)
        #expect(all.isTruncated)
        for match in all.matches {
            #expect(match.path.hasPrefix(tree.root.path + "/"))
            #expect(match.file.presence == .present)
        }
        let bins = try #require(observation.globs[tree.path("dir with space/*.bin")])
        #expect(bins.total == 1)
        #expect(bins.matches.first?.path == tree.path("dir with space/big.bin"))
        #expect(bins.matches.first?.file.stat?.size == 5000)
        #expect(observation.globs[tree.path("nothing-*-here")] == GlobObservation(total: 0, matches: []))

        // Keyed by path: the later of two content items for one path wins, so check the big file alone below.
        #expect(observation.contents[tree.path("link to star")]?.bytes == (try Data(contentsOf: URL(fileURLWithPath: tree.path("star*")))))
        #expect(observation.contents[tree.path("absent")] == ContentObservation(kind: .absent))

        #expect(observation.commands["exit 3"] == 3)
        #expect(observation.commands["test -d '\(tree.path("dir with space"))'"] == 0)
        #expect(observation.commands["sleep 10"] == 124)
        #expect(observation.commands["read line; test -z \"$line\""] == 0, "a command must read /dev/null, not the script")
        #expect(observation.packages["coreutils"]?.manager == "dpkg")
        #expect(observation.packages["coreutils"]?.isInstalled == true)
        #expect(observation.packages["no-such-package-scour"] == PackageObservation(manager: "dpkg", versions: []))
        #expect(observation.services["no-such-service-scour"]?.exists == false)

        #expect(try tree.snapshot() == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: tree.root.path).filter { $0.hasPrefix("pwned") }
        #expect(leftovers.isEmpty)
    }

    @Test("a file larger than the limit is reported too large, never cut", arguments: [(4999, true), (5000, false)])
    func contentLimit(limit: Int, tooLarge: Bool) throws {
        let tree = try HostileTree()
        defer { tree.remove() }
        let path = tree.path("dir with space/big.bin")
        let content = try #require(try probe([.content(path: path, limit: limit)], in: tree).contents[path])
        #expect(content.tooLarge == tooLarge)
        #expect(content.bytes?.count == (tooLarge ? nil : 5000))
    }

    @Test("items refused by the controller come back as that item's failure")
    func refusedItems() throws {
        let tree = try HostileTree()
        defer { tree.remove() }
        for item: ProbeItem in [.service(name: "--host=evil"), .package(name: "apache*"), .file(path: "a\0b"), .hotfix(id: "Q300972")] {
            let error = #expect(throws: ProbeError.self) { try probe([.facts, item], in: tree) }
            guard case .itemFailed(index: 1, item: item.summary, _) = error else {
                Issue.record("expected item 1 to fail, got \(String(describing: error))")
                continue
            }
        }
    }

    @Test("the script runs nothing when it arrives truncated")
    func truncatedScriptRunsNothing() throws {
        let tree = try HostileTree()
        defer { tree.remove() }
        var invocation = ProbeScript.render([.command(run: "touch pwned-truncated", timeoutSeconds: 5)], platform: .linux, nonce: nonce)
        invocation.stdin = Array((invocation.stdin ?? []).dropLast(30))
        let output = try LocalShell.run(invocation, in: tree.root)
        #expect(output.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: tree.path("pwned-truncated")))
    }
}
