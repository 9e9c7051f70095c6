import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourLab
import TestSupport
import Testing

/// The linux scripts of a config edit and its restore, run here with `/bin/sh` on a scratch
/// folder: the edit's record comes from the replace script's own output, and the restore puts
/// the original back byte for byte — or refuses, as the record says it must. Every value
/// reaches the shell quoted (the config's name has quotes and a command substitution in it).
@Suite(.needs(.root, "gives files to nobody"))
struct ConfigRestoreScriptTests {
    static let original = Data("<VirtualHost *:80>\n  Alias /c \"/bin\"\n</VirtualHost>\n".utf8)
    static let edited = Array("<VirtualHost *:80>\n</VirtualHost>\n".utf8)

    /// A scratch folder holding a config as a site has it (mode 640, nobody's, an old mtime),
    /// edited by `replaceConfig`: returns the folder, the config path and the edit record.
    private func edited() throws -> (root: String, config: String, edit: ConfigEdit) {
        let root = FileManager.default.temporaryDirectory.appending(path: "scour-config-\(UUID().uuidString)").path
        let config = root + "/site/it's ‘odd’ $(touch pwned).conf"
        try FileManager.default.createDirectory(atPath: root + "/site", withIntermediateDirectories: true)
        try Self.original.write(to: URL(fileURLWithPath: config))
        try sh("chmod 640 \"$1\" && chown nobody \"$1\" && touch -m -d @1000000000 \"$1\"", config)
        let replaced = try replace(config, in: root, expected: SHA256.hex(of: Array(Self.original)))
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let backup = POSIXActions.backup(of: config, run: "r").replacingOccurrences(of: POSIXActions.backupFolder(run: "r"), with: root + "/backups")
        let edit = try ConfigEdit.parse(replaced.stdout, config: config, backup: backup, written: Self.edited)
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == Data(Self.edited))
        return (root, config, edit)
    }

    /// Runs the edit of `config` to `Self.edited`, staged beside it, expecting it to have the
    /// SHA-256 `expected`; the backups go to `root`/backups.
    private func replace(_ config: String, in root: String, expected: String) throws -> LocalCommand.Result {
        let staged = root + "/site/.staged"
        let script = (POSIXActions.stage(Data(Self.edited), at: staged) + POSIXActions.replaceConfig(config, staged: staged, run: "r", expected: expected))
            .replacingOccurrences(of: POSIXActions.backupFolder(run: "r"), with: root + "/backups")
        return try LocalCommand("/bin/sh", ["-s"]).run(stdin: Data(script.utf8), currentDirectory: URL(fileURLWithPath: root))
    }

    @discardableResult
    private func sh(_ script: String, _ arguments: String...) throws -> LocalCommand.Result {
        try LocalCommand("/bin/sh", ["-c", script, "sh"] + arguments).run()
    }

    /// Runs the restore of `edit`; returns the code and why of its answer line.
    private func restore(_ edit: ConfigEdit, force: Bool = false, dryRun: Bool = false, in root: String) throws -> (code: Int, why: String) {
        let script = Platform.linux.shell.restoreConfigs([edit], force: force, dryRun: dryRun)
        let result = try LocalCommand("/bin/sh", ["-s"]).run(stdin: Data(script.utf8), currentDirectory: URL(fileURLWithPath: root))
        let words = try #require(result.stdout.split(separator: "\n").last { $0.hasPrefix("CONFIG 0 ") }).split(separator: " ", maxSplits: 3)
        return (Int(words[2]) ?? -1, words.count > 3 ? String(words[3]) : "")
    }

    private func stat(_ path: String) throws -> String { try sh("stat -c '%a %U %G %Y %F' -- \"$1\"", path).stdout }

    @Test func the_original_comes_back_byte_for_byte_with_mode_owner_and_mtime() throws {
        let (root, config, edit) = try edited()
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(edit.sha256Before == SHA256.hex(of: Array(Self.original)))
        #expect(edit.sha256After == SHA256.hex(of: Self.edited))
        #expect(edit.mode == "640" && edit.owner == "nobody" && edit.mtime == 1000000000)
        #expect(try restore(edit, dryRun: true, in: root).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == Data(Self.edited), "a dry run changes nothing")
        #expect(try restore(edit, in: root).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == Self.original)
        #expect(try stat(config) == "640 nobody root 1000000000 regular file\n")
        #expect(try restore(edit, in: root).code == ConfigRestoreScript.Code.alreadyOriginal.rawValue, "a second restore has nothing to do")
        #expect(!FileManager.default.fileExists(atPath: root + "/pwned"), "no value ran as a command")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/site") == [(config as NSString).lastPathComponent], "no temporary left")
    }

    @Test func a_config_changed_since_the_edit_is_refused_unless_forced() throws {
        let (root, config, edit) = try edited()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try sh("echo 'Alias /c \"/bin\"' >> \"$1\"", config)
        let refused = try restore(edit, in: root)
        #expect(refused.code == ConfigRestoreScript.Code.changedSince.rawValue)
        #expect(refused.why.hasPrefix("it has SHA-256 "), "\(refused.why)")
        #expect(try String(contentsOfFile: config, encoding: .utf8).hasSuffix("Alias /c \"/bin\"\n"), "left alone")
        #expect(try restore(edit, force: true, in: root).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == Self.original)
    }

    @Test func a_tampered_backup_is_never_put_back() throws {
        let (root, config, edit) = try edited()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try sh("echo 'LoadModule evil' >> \"$1\"", edit.backup)
        let refused = try restore(edit, force: true, in: root)
        #expect(refused.code == ConfigRestoreScript.Code.backupMismatch.rawValue)
        #expect(refused.why.hasPrefix("the backup has SHA-256 "))
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == Data(Self.edited))
        try Self.original.write(to: URL(fileURLWithPath: edit.backup))
        try sh("touch -m -d @1000000000 \"$1\" && chmod 4755 \"$1\" && chown nobody \"$1\"", edit.backup)
        #expect(try restore(edit, force: true, in: root).code == ConfigRestoreScript.Code.backupMismatch.rawValue, "same bytes, another mode")
    }

    @Test func a_link_at_the_config_is_replaced_never_written_through() throws {
        let (root, config, edit) = try edited()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let victim = root + "/victim"
        try Data("root only\n".utf8).write(to: URL(fileURLWithPath: victim))
        try sh("chmod 600 \"$2\" && rm -f \"$1\" && ln -s \"$2\" \"$1\"", config, victim)
        let refused = try restore(edit, in: root)
        #expect(refused.code == ConfigRestoreScript.Code.changedSince.rawValue)
        #expect(refused.why == "it is a symbolic link")
        #expect(try restore(edit, force: true, in: root).code == 0)
        #expect(try stat(config) == "640 nobody root 1000000000 regular file\n")
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == Self.original)
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "root only\n")
        #expect(try stat(victim).hasPrefix("600 root root "))
    }

    @Test func a_config_changed_since_it_was_read_is_never_overwritten() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "scour-config-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = root + "/site/app.conf"
        try FileManager.default.createDirectory(atPath: root + "/site", withIntermediateDirectories: true)
        let changed = Data("changed by the site meanwhile\n".utf8)
        try changed.write(to: URL(fileURLWithPath: config))
        let refused = try replace(config, in: root, expected: SHA256.hex(of: Array(Self.original)))
        #expect(refused.status == ScriptExit.configChangedSinceRead.rawValue, "\(refused.stderr)")
        #expect(refused.stderr.contains("app.conf changed on the host since it was read (SHA-256 now \(SHA256.hex(of: Array(changed))))"), "\(refused.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == changed, "nothing written")
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/site") == ["app.conf"], "the staged file is removed")
        #expect(!FileManager.default.fileExists(atPath: root + "/backups"), "no backup of a file that was not edited")
    }

    /// The record made before an edit (`ConfigEdit.planned`: no metadata) is enough to put the
    /// original back when the step never finished, and finds nothing to do when the edit never
    /// happened.
    @Test func an_edit_recorded_only_before_it_was_made_is_restored_by_its_bytes() throws {
        let (root, config, made) = try edited()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let planned = ConfigEdit(path: config, backup: made.backup, sha256Before: made.sha256Before, sha256After: made.sha256After,
                                 mode: nil, owner: nil, group: nil, mtime: nil)
        #expect(try restore(planned, in: root).code == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: config)) == Self.original)
        #expect(try stat(config) == "640 nobody root 1000000000 regular file\n")
        try FileManager.default.removeItem(atPath: made.backup)
        #expect(try restore(planned, in: root).code == ConfigRestoreScript.Code.alreadyOriginal.rawValue,
                "cut off before the backup: the file is still the original")
        try Data(Self.edited).write(to: URL(fileURLWithPath: config))
        #expect(try restore(planned, in: root).code == ConfigRestoreScript.Code.backupMissing.rawValue)
    }
}
