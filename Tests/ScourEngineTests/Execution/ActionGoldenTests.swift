import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourLab
import TestSupport
import Testing

/// Every script `apply` sends, for both platforms, pinned byte for byte. The PowerShell ones
/// cannot run on this machine: these files are where they are reviewed. The values include
/// quotes of every kind, so the quoting is reviewed too. `SCOUR_UPDATE_GOLDENS=1` rewrites them.
@Suite struct ActionGoldenTests {
    static let directory = ScourCLI.packageRoot.appending(path: "Tests/Golden/Actions")

    static func allScripts(_ platform: Platform) -> String {
        let scripts = ActionScripts(platform: platform, run: "20261125-054357-dd5f")
        let (paths, config, patch, service) = platform == .linux
            ? (["/var/www/scripts/root.exe", "/opt/it's ‘odd’ $(x).exe"], "/etc/apache2/sites-enabled/000-default.conf",
               "/var/lib/scour/patches/c1c99cb017673129-ms01-033.sh", "apache2")
            : ([#"C:\inetpub\scripts\root.exe"#, #"D:\it's ‘odd’ $(x).exe"#], #"C:\Windows\System32\inetsrv\config\applicationHost.config"#,
               #"C:\ProgramData\Scour\patches\0000000000000000-Q300972_W2K_SP3_x86_en.exe"#, "W3SVC")
        let staged = scripts.staged(beside: config)
        let sections: [(String, String)] = [
            ("quarantine", scripts.quarantine(paths, step: "backdoors", tag: "backdoors.0badf00d", delete: false)),
            ("delete", scripts.quarantine(paths, step: "backdoors", tag: "backdoors.0badf00d", delete: true)),
            ("replace config (staged at \(staged))", scripts.replaceConfig(config, staged: staged, expected: String(repeating: "a", count: 64))),
            ("restore config", scripts.restoreConfig(config)),
            ("validate the edit", scripts.validated(platform == .linux ? "apachectl configtest" : "& $env:windir\\system32\\inetsrv\\appcmd.exe list config", config: config)),
            ("stage the edited config", scripts.stage(Data("Alias /icons/ \"/usr/share/apache2/icons/\"\n".utf8), at: staged)
                ?? "# none: uploaded over SFTP"),
            ("make the patch folder", scripts.makeFolder(of: patch) ?? "# none: the SFTP upload makes it"),
            ("install the patch", scripts.installPatch(staged: scripts.staged(beside: patch), at: patch, sha256: String(repeating: "0", count: 64),
                                                      install: PatchUpload.defaultInstall(remotePath: patch, platform: platform))),
            ("stop and disable", scripts.stopAndDisable(service)),
            ("reboot", scripts.reboot(step: "clear_memory")),
            ("reboot requested", scripts.rebootRequested(step: "clear_memory")),
            ("boot id", scripts.bootID),
            ("read the manifest", scripts.readManifest),
            ("wait", scripts.shell.sleep(seconds: 30)),
        ]
        return sections.map { "#### \($0.0)\n\($0.1.hasSuffix("\n") ? $0.1 : $0.1 + "\n")" }.joined(separator: "\n")
    }

    @Test(arguments: [(Platform.linux, "linux.sh"), (Platform.windows, "windows.ps1")])
    func scripts_match_golden(platform: Platform, file: String) throws {
        let url = Self.directory.appending(path: file)
        let rendered = Self.allScripts(platform)
        if ProcessInfo.processInfo.environment["SCOUR_UPDATE_GOLDENS"] == "1" { try Data(rendered.utf8).write(to: url) }
        #expect(rendered == (try String(contentsOf: url, encoding: .utf8)), "run with SCOUR_UPDATE_GOLDENS=1 and review the diff")
    }

    @Test func the_linux_stage_script_writes_any_bytes_exactly() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "scour-stage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for contents in [Data((0...255).map { UInt8($0) } + Array("SCOUR_STAGED\n".utf8)), Data(), Data(repeating: 0x41, count: 100_000)] {
            let target = root + "/it's staged"
            let result = try LocalCommand("/bin/sh", ["-s"]).run(stdin: Data(POSIXActions.stage(contents, at: target).utf8))
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: target)) == contents)
        }
    }

    @Test func the_linux_quarantine_script_moves_hostile_names_and_records_them() throws {
        let root = FileManager.default.temporaryDirectory.appending(path: "scour-actions-\(UUID().uuidString)").path
        let names = ["plain.exe", "it's ‘odd’ $(touch pwned).exe", "new\nline.exe", "-dash.exe"]
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for name in names { try Data("x\(name)".utf8).write(to: URL(fileURLWithPath: root + "/" + name)) }
        let script = POSIXActions.quarantine(names.map { root + "/" + $0 }, run: "t", step: "s", tag: "s.0badf00d", delete: false)
            .replacingOccurrences(of: "/var/lib/scour/quarantine/t", with: root + "/q")
        let result = try LocalCommand("/bin/sh", ["-s"]).run(stdin: Data(script.utf8), currentDirectory: URL(fileURLWithPath: root))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: root + "/pwned"), "no value was run as a command")
        let manifest = try String(contentsOfFile: root + "/q/manifest.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(manifest.count == names.count)
        for (line, name) in zip(manifest, names) {
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let path = (record?["path_base64"] as? String).flatMap { Data(base64Encoded: $0) }.map { String(decoding: $0, as: UTF8.self) }
            #expect(path == root + "/" + name)
            #expect(record?["sha256"] as? String == SHA256.hex(of: Array("x\(name)".utf8)))
            let stored = root + "/q/" + (record?["stored_as"] as? String ?? "")
            #expect(FileManager.default.contents(atPath: stored) == Data("x\(name)".utf8))
            #expect(!FileManager.default.fileExists(atPath: root + "/" + name))
        }
        try? FileManager.default.removeItem(atPath: root)
    }
}
