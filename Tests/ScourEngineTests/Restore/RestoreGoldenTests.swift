import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import TestSupport
import Testing

/// The restore scripts, for both platforms, pinned byte for byte like the action scripts
/// (`ActionGoldenTests`): quarantined files and edited configs, plain, forced and dry. The
/// values carry quotes of every kind. `SCOUR_UPDATE_GOLDENS=1` rewrites them; the windows one
/// is also parsed by `PowerShellSyntaxTests`.
@Suite struct RestoreGoldenTests {
    static let directory = ScourCLI.packageRoot.appending(path: "Tests/Golden/Restore")

    static func allScripts(_ platform: Platform) throws -> String {
        let run = "20261125-054357-dd5f"
        let (path, config, mode, owner) = platform == .linux
            ? ("/opt/it's ‘odd’ $(x).exe", "/etc/apache2/sites-enabled/it's ‘odd’ $(x).conf", "4755", "www-data")
            : (#"D:\it's ‘odd’ $(x).exe"#, #"C:\inetpub\it's ‘odd’ $(x).config"#, "Archive, ReadOnly", #"NT AUTHORITY\SYSTEM"#)
        let line = #"{"path_base64":"\#(Data(path.utf8).base64EncodedString())","size":5,"mode":"\#(mode)","owner":"\#(owner.replacingOccurrences(of: "\\", with: "\\\\"))","group":"adm","mtime":1700000000,"sha256":"\#(String(repeating: "a", count: 64))","step":"backdoors","stored_as":"1-0"}"#
        let entries = try QuarantineEntry.parse(line)
        let edit = ConfigEdit(path: config, backup: ConfigEdit.backupPath(of: config, run: run, platform: platform),
                              sha256Before: String(repeating: "b", count: 64), sha256After: String(repeating: "c", count: 64),
                              mode: mode, owner: owner, group: "adm", mtime: 1700000000)
        let folder = ActionScripts(platform: platform, run: run).quarantineFolder
        let variants = [("", false, false), (" --force", true, false), (" --dry-run", false, true)]
        let sections = variants.flatMap { name, force, dryRun in
            [("quarantined files\(name)", platform.shell.restoreQuarantined(entries, folder: folder, force: force, dryRun: dryRun)),
             ("edited configs\(name)", platform.shell.restoreConfigs([edit], force: force, dryRun: dryRun))]
        }
        return sections.map { "#### \($0.0)\n\($0.1.hasSuffix("\n") ? $0.1 : $0.1 + "\n")" }.joined(separator: "\n")
    }

    @Test(arguments: [(Platform.linux, "linux.sh"), (Platform.windows, "windows.ps1")])
    func scripts_match_golden(platform: Platform, file: String) throws {
        let url = Self.directory.appending(path: file)
        let rendered = try Self.allScripts(platform)
        if ProcessInfo.processInfo.environment["SCOUR_UPDATE_GOLDENS"] == "1" {
            try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try Data(rendered.utf8).write(to: url)
        }
        #expect(rendered == (try String(contentsOf: url, encoding: .utf8)), "run with SCOUR_UPDATE_GOLDENS=1 and review the diff")
    }

    @Test func every_config_value_reaches_the_host_quoted() {
        let posix = ConfigEdit(path: "/etc/it's $(rm -rf /).conf", backup: "/b/%etc%it's $(rm -rf /).conf", sha256Before: "aa", sha256After: "bb",
                               mode: "644", owner: "root", group: "www-data", mtime: 1700000000)
        #expect(Platform.linux.shell.restoreConfigs([posix], force: false, dryRun: false)
            .contains(#"restore_configs '0' '0' '/etc/it'\''s $(rm -rf /).conf' '/b/%etc%it'\''s $(rm -rf /).conf' 'aa' 'bb' '644 root www-data 1700000000'"#))
        let windows = ConfigEdit(path: #"C:\it's ‘odd’ $(x).config"#, backup: #"C:\b\C%it's ‘odd’ $(x).config"#, sha256Before: "aa", sha256After: "bb",
                                 mode: "Archive, ReadOnly", owner: #"NT AUTHORITY\SYSTEM"#, group: "x", mtime: 1700000000)
        #expect(Platform.windows.shell.restoreConfigs([windows], force: false, dryRun: false)
            .contains(#"$code = Restore-Config 'C:\it''s ‘‘odd’’ $(x).config' 'C:\b\C%it''s ‘‘odd’’ $(x).config' 'aa' 'bb' 'Archive, ReadOnly' 1700000000"#))
    }
}
