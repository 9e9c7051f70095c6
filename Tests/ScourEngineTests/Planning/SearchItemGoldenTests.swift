import Foundation
@testable import ScourHost
import TestSupport
import Testing

/// The `contentGlob`, `globContents` and `processes` items rendered for both platforms, pinned byte for byte
/// (the Windows one is also syntax-checked with the other golden PowerShell probes, by
/// `PowerShellSyntaxTests`). `SCOUR_UPDATE_GOLDENS=1` rewrites the files.
@Suite struct SearchItemGoldenTests {
    static let items: [ProbeItem] = [
        .contentGlob(pattern: "/var/www/*/index.html", regex: "readme\\.eml", maxMatches: 200, lineLimit: ProbeItem.defaultLineLimit),
        .contentGlob(pattern: #"C:\inetpub\*\default.htm"#, regex: "it's \"readme\\.eml\"", maxMatches: 50, lineLimit: ProbeItem.defaultLineLimit),
        .globContents(pattern: "/etc/cron.d/*", maxMatches: 50, limit: 1 << 20),
        .globContents(pattern: #"C:\Users\*\.ssh\authorized_keys"#, maxMatches: 20, limit: 65536),
        .processes(name: "kworkerds", executable: nil, commandLine: nil, maxMatches: 1),
        .processes(name: nil, executable: "/opt/.kworker/*", commandLine: "stratum\\+tcp://", maxMatches: 4),
        .processes(name: "-x$(reboot)", executable: #"C:\Users\Public\miner.exe"#, commandLine: nil, maxMatches: 4),
        .processes(name: nil, executable: nil, commandLine: nil, maxMatches: 4),
    ]

    @Test(arguments: [("search-items-linux", "sh"), ("search-items-windows", "ps1")])
    func rendered_items_match_golden(name: String, ext: String) throws {
        let invocation = ProbeScript.render(Self.items, platform: ext == "sh" ? .linux : .windows, nonce: ProbeGoldenTests.nonce)
        let rendered = "# command: \(invocation.command)\n" + String(decoding: invocation.stdin ?? [], as: UTF8.self)
        let file = ProbeGoldenTests.directory.appending(path: "\(name).\(ext)")
        if ProcessInfo.processInfo.environment["SCOUR_UPDATE_GOLDENS"] == "1" {
            try Data(rendered.utf8).write(to: file)
        }
        #expect(rendered == (try String(contentsOf: file, encoding: .utf8)), "\(name): run with SCOUR_UPDATE_GOLDENS=1 and review the diff")
    }
}
