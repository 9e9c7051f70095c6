import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourLab
import TestSupport
import Testing

/// The linux quarantine and restore scripts run here with `/bin/sh` on a scratch folder: what
/// was quarantined comes back byte for byte with owner, mode and mtime — a setuid file and a
/// symlink included — and a manifest that claims another mode than the quarantined copy has is
/// not followed.
@Suite(.needs(.root, "gives files to nobody"))
struct QuarantineRestoreScriptTests {
    private func sh(_ script: String, in root: String) throws -> LocalCommand.Result {
        try LocalCommand("/bin/sh", ["-s"]).run(stdin: Data(script.utf8), currentDirectory: URL(fileURLWithPath: root))
    }

    /// Quarantines the files of a fresh scratch folder; returns it, its files' `stat` and the manifest.
    private func quarantined() throws -> (root: String, before: String, entries: [QuarantineEntry]) {
        let root = FileManager.default.temporaryDirectory.appending(path: "scour-quarantine-\(UUID().uuidString)").path
        let seed = """
            mkdir -p site && cd site
            printf 'MZ backdoor' > "it's root.exe" && chown nobody "it's root.exe" && chmod 4751 "it's root.exe"
            printf '<?php' > shell.php && touch -m -d @1000000000 shell.php
            ln -s /etc/passwd link && touch -h -m -d @1000000001 link

            """
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        #expect(try sh(seed, in: root).status == 0)
        let files = ["it's root.exe", "shell.php", "link"].map { root + "/site/" + $0 }
        let describe = "cd site && stat -c '%n %s %a %U %G %Y %F' * && sha256sum \"it's root.exe\" shell.php\n"
        let before = try sh(describe, in: root).stdout
        let script = POSIXActions.quarantine(files, run: "t", step: "s", tag: "s.0badf00d", delete: false).replacingOccurrences(of: "/var/lib/scour/quarantine/t", with: root + "/q")
        #expect(try sh(script, in: root).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/site").isEmpty)
        return (root, before, try QuarantineEntry.parse(String(contentsOfFile: root + "/q/manifest.jsonl", encoding: .utf8)))
    }

    private func restore(_ entries: [QuarantineEntry], in root: String) throws -> (codes: [String], stderr: String) {
        let result = try sh(Platform.linux.shell.restoreQuarantined(entries, folder: root + "/q", force: false, dryRun: false), in: root)
        return (result.stdout.split(separator: "\n").map(String.init), result.stderr)
    }

    @Test func every_file_comes_back_with_owner_mode_and_mtime_a_symlink_as_a_symlink() throws {
        let (root, before, entries) = try quarantined()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try restore(entries, in: root).codes == ["RESTORE 0 0", "RESTORE 1 0", "RESTORE 2 0"])
        #expect(try sh("cd site && stat -c '%n %s %a %U %G %Y %F' * && sha256sum \"it's root.exe\" shell.php\n", in: root).stdout == before)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/site/link") == "/etc/passwd")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/site").count == 3, "no temporary left")
    }

    @Test func a_manifest_claiming_another_mode_or_owner_restores_nothing() throws {
        let (root, _, entries) = try quarantined()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var forged = try #require(entries.first { $0.path.hasSuffix("shell.php") })
        forged.mode = "4755"
        var owned = try #require(entries.first { $0.path.hasSuffix("root.exe") })
        owned.owner = "root"
        let (codes, stderr) = try restore([forged, owned], in: root)
        #expect(codes == ["RESTORE 0 1", "RESTORE 1 1"])
        #expect(stderr.contains("the manifest 4755 root root 1000000000"), "\(stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/site").isEmpty, "nothing restored, no temporary left")
    }
}
