import Foundation
import ScourCore
@testable import ScourHost
import TestSupport
import Testing

/// Runs the rendered linux probe for real against a tree with root's 0700 folders, an
/// unreadable file, a FIFO, names holding control characters and a CR line: as `nobody`, what
/// it cannot look at is unseen, with the exact reason and path, never absent; as root the same
/// tree is fully seen.
@Suite("POSIX probe: what a login cannot see", .serialized)
struct UnseenProbeRunTests {
    let nonce = "UnseenNonce0123456789abc"

    /// Paths under a fresh folder every user may search; only what the test locks is hidden.
    struct Tree {
        let root: URL
        let manager = FileManager.default

        init() throws {
            root = URL(fileURLWithPath: "/tmp/scour-unseen-\(UUID().uuidString)")
            for folder in ["www/open", "www/locked", "www/pipe", "keys", "names", "unlistable", "many"] {
                try manager.createDirectory(atPath: path(folder), withIntermediateDirectories: true)
            }
            try write("www/open/shell.php", "<?php open")
            try write("www/locked/shell.php", "<?php locked")
            try write("secret.txt", "secret")
            try write("keys/open", "ssh-rsa AAAA evil@host\r\nssh-rsa BBBB good@host\r\n")
            try write("keys/secret", "ssh-rsa CCCC evil@host\n")
            try write("names/tab\tname", "tab")
            try write("names/new\nline", "newline")
            try write("unlistable/known", "known")
            for k in 0..<5 {
                try manager.createDirectory(atPath: path("many/d\(k)"), withIntermediateDirectories: true)
                try write("many/d\(k)/x", "x")
                try lock("many/d\(k)", 0o700)
            }
            guard mkfifo(path("www/pipe/shell.php"), 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
            try lock("www/locked", 0o700)
            try lock("secret.txt", 0o600)
            try lock("keys/secret", 0o600)
            try lock("unlistable", 0o711)
            try lock("", 0o755)
        }

        func path(_ relative: String) -> String { relative.isEmpty ? root.path : root.appendingPathComponent(relative).path }
        func write(_ relative: String, _ text: String) throws { try Data(text.utf8).write(to: URL(fileURLWithPath: path(relative))) }
        func lock(_ relative: String, _ mode: Int) throws { try manager.setAttributes([.posixPermissions: mode], ofItemAtPath: path(relative)) }
        func remove() { try? manager.removeItem(at: root) }
    }

    func probe(_ items: [ProbeItem], in tree: Tree, uid: UInt32?) throws -> HostObservation {
        let invocation = ProbeScript.render(items, platform: .linux, nonce: nonce)
        let output = try LocalShell.run(invocation, in: tree.root, uid: uid)
        #expect(output.status == 0, "stderr: \(String(decoding: output.stderr, as: UTF8.self))")
        return try ProbeAnswer.parse(stdout: output.stdout, items: items, nonce: nonce)
    }

    @Test func a_file_behind_a_locked_folder_or_unreadable_is_unseen_for_nobody_and_seen_by_root() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let locked = tree.path("www/locked/shell.php"), secret = tree.path("secret.txt"), missing = tree.path("www/open/missing")
        let items: [ProbeItem] = [.file(path: locked), .file(path: secret), .file(path: missing), .content(path: secret, limit: 100),
                                  .content(path: tree.path("www/locked/x"), limit: 100), .content(path: tree.path("www/pipe/shell.php"), limit: 100)]

        let nobody = try probe(items, in: tree, uid: LocalShell.nobody)
        #expect(nobody.files[locked] == FileObservation(kind: .unknown, unseen: Unseen(.permissionDenied, path: tree.path("www/locked"))))
        let unreadable = try #require(nobody.files[secret])
        #expect(unreadable.kind == .regular && unreadable.stat?.size == 6 && unreadable.sha256 == nil)
        #expect(unreadable.unseen == Unseen(.permissionDenied, path: secret))
        #expect(nobody.files[missing] == FileObservation(kind: .absent), "a folder it can search: absent is absent")
        #expect(nobody.contents[secret] == ContentObservation(kind: .regular, unseen: Unseen(.permissionDenied, path: secret)))
        #expect(nobody.contents[tree.path("www/locked/x")] == ContentObservation(kind: .unknown, unseen: Unseen(.permissionDenied, path: tree.path("www/locked"))))
        #expect(nobody.contents[tree.path("www/pipe/shell.php")] == ContentObservation(kind: .other), "a FIFO is never opened")

        let root = try probe(items, in: tree, uid: nil)
        #expect(root.files[locked]?.sha256 == SHA256.hex(of: Array("<?php locked".utf8)) && root.files[locked]?.unseen == nil)
        #expect(root.files[secret]?.sha256 == SHA256.hex(of: Array("secret".utf8)))
        #expect(root.contents[secret]?.bytes == Data("secret".utf8))
        #expect(root.contents[tree.path("www/locked/x")] == ContentObservation(kind: .absent))
    }

    @Test func a_glob_names_the_folders_it_could_not_search_or_list() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let shells = ProbeItem.glob(pattern: tree.path("www/*/shell.php"), maxMatches: 10)
        let unlistable = ProbeItem.glob(pattern: tree.path("unlistable/*"), maxMatches: 10)
        let many = ProbeItem.glob(pattern: tree.path("many/*/x"), maxMatches: 2)
        let items = [shells, unlistable, many]

        let nobody = try probe(items, in: tree, uid: LocalShell.nobody)
        let seen = try #require(nobody.globs[tree.path("www/*/shell.php")])
        #expect(seen.matches.map(\.path) == [tree.path("www/open/shell.php"), tree.path("www/pipe/shell.php")])
        #expect(seen.matches.map(\.file.kind) == [.regular, .other])
        #expect(seen.unseen == [Unseen(.permissionDenied, path: tree.path("www/locked"))] && seen.unseenTotal == nil)
        #expect(nobody.globs[tree.path("unlistable/*")] == GlobObservation(total: 0, matches: [], unseen: [Unseen(.permissionDenied, path: tree.path("unlistable"))]))
        let capped = try #require(nobody.globs[tree.path("many/*/x")])
        #expect(capped.total == 0 && capped.unseen == [Unseen(.permissionDenied, path: tree.path("many/d0")), Unseen(.permissionDenied, path: tree.path("many/d1"))])
        #expect(capped.unseenTotal == 5, "the first max_matches travel, and how many there were")

        let root = try probe(items, in: tree, uid: nil)
        #expect(root.globs[tree.path("www/*/shell.php")]?.matches.map(\.path) == ["locked", "open", "pipe"].map { tree.path("www/\($0)/shell.php") })
        #expect(root.globs[tree.path("www/*/shell.php")]?.unseen == nil)
        #expect(root.globs[tree.path("unlistable/*")]?.matches.map(\.path) == [tree.path("unlistable/known")])
        #expect(root.globs[tree.path("many/*/x")]?.total == 5 && root.globs[tree.path("many/*/x")]?.unseen == nil)
    }

    @Test func content_over_a_glob_strips_a_trailing_cr_and_names_the_files_it_could_not_read() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let search = ProbeItem.contentGlob(pattern: tree.path("keys/*"), regex: "evil@host$", maxMatches: 10, lineLimit: 512)
        let edit = ProbeItem.globContents(pattern: tree.path("keys/*"), maxMatches: 10, limit: 1024)

        let nobody = try probe([search, edit], in: tree, uid: LocalShell.nobody)
        let found = try #require(nobody.contentGlob(for: search))
        #expect(found.matches == [LineMatch(path: tree.path("keys/open"), line: 1, text: "ssh-rsa AAAA evil@host", textIsCut: false)])
        #expect(found.unseen == [Unseen(.permissionDenied, path: tree.path("keys/secret"))])
        let files = try #require(nobody.globContents(for: edit))
        #expect(files.matches.map(\.path) == [tree.path("keys/open"), tree.path("keys/secret")])
        #expect(files.matches[0].content?.bytes == Data("ssh-rsa AAAA evil@host\r\nssh-rsa BBBB good@host\r\n".utf8), "the bytes themselves keep their CR")
        #expect(files.matches[1].content == ContentObservation(kind: .regular, unseen: Unseen(.permissionDenied, path: tree.path("keys/secret"))))
        #expect(files.matches[1].file.unseen == Unseen(.permissionDenied, path: tree.path("keys/secret")))

        let root = try probe([search, edit], in: tree, uid: nil)
        #expect(root.contentGlob(for: search)?.matches.map(\.path) == [tree.path("keys/open"), tree.path("keys/secret")])
        #expect(root.contentGlob(for: search)?.unseen == nil && root.globContents(for: edit)?.matches[1].content?.bytes == Data("ssh-rsa CCCC evil@host\n".utf8))
    }

    @Test func names_with_a_tab_or_a_newline_are_real_matches() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let item = ProbeItem.globContents(pattern: tree.path("names/*"), maxMatches: 10, limit: 100)
        let found = try #require(try probe([item], in: tree, uid: nil).globContents(for: item))
        #expect(Set(found.matches.map(\.path)) == [tree.path("names/tab\tname"), tree.path("names/new\nline")])
        #expect(Set(found.matches.compactMap(\.content?.bytes)) == [Data("tab".utf8), Data("newline".utf8)])
    }

    @Test func a_fifo_swapped_in_and_out_under_a_globbed_name_never_hangs_the_probe() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let name = tree.path("www/open/shell.php")
        // Bounded in time of itself: a child may inherit another suite's probe pipe, whose reader waits for it.
        let swap = "end=$(($(date +%s) + 5)); while [ \"$(date +%s)\" -lt \"$end\" ]; do rm -f \"$1\"; mkfifo \"$1\"; rm -f \"$1\"; printf '<?php x' > \"$1\"; done"
        let swapper = try ProcessProbeRunTests.start("/bin/sh", ["-c", swap, "swap", name])
        defer { ProcessProbeRunTests.stop(swapper) }
        let items: [ProbeItem] = [
            .file(path: name), .content(path: name, limit: 100), .glob(pattern: tree.path("www/open/*"), maxMatches: 5),
            .globContents(pattern: tree.path("www/open/*"), maxMatches: 5, limit: 100),
            .contentGlob(pattern: tree.path("www/open/*"), regex: "php", maxMatches: 5, lineLimit: 100),
        ]
        for _ in 0..<20 {
            let started = ContinuousClock.now
            let observation = try probe(items, in: tree, uid: nil)
            // A probe caught on the FIFO would never return (no writer ever comes); the bound only
            // catches one slowed by waiting on it, with room for a loaded machine (5.9 s seen in CI).
            #expect(ContinuousClock.now - started < .seconds(30))
            // Whatever the race gives, an answer: a regular file (its bytes, or why not), a FIFO, nothing, or a path that kept changing.
            let file = try #require(observation.files[name])
            #expect([.regular, .other, .absent, .unknown].contains(file.kind))
            if let unseen = file.unseen { #expect([.notRegularFile, .ioError].contains(unseen.reason), "\(unseen)") }
        }
    }
}

/// In the processes suite: a child started while another test of it probes would hold that
/// probe's pipe (see its comment).
extension ProcessProbeRunTests {
    @Test func a_process_whose_executable_nobody_may_read_is_unseen_never_skipped() throws {
        let tree = try UnseenProbeRunTests.Tree()
        defer { tree.remove() }
        let sleeper = try Self.start("/bin/sleep", ["307"])
        defer { Self.stop(sleeper) }
        let item = ProbeItem.processes(name: nil, executable: nil, commandLine: "^/bin/sleep 307$", maxMatches: 50)

        let nobody = try #require(try UnseenProbeRunTests().probe([item], in: tree, uid: LocalShell.nobody).processList(for: item))
        #expect(nobody.processes.isEmpty)
        #expect(nobody.unseen?.contains(Unseen(.permissionDenied, path: "/proc/\(sleeper.processIdentifier)/exe")) == true)
        // The command line rules out the other processes nobody cannot read: only the sleeper is unseen.
        #expect(nobody.unseen?.count == 1, "\(String(describing: nobody.unseen))")

        let root = try #require(try UnseenProbeRunTests().probe([item], in: tree, uid: nil).processList(for: item))
        #expect(root.processes.map(\.pid) == [sleeper.processIdentifier] && root.unseen == nil)
    }

}
