import Foundation
import ScourCore
import Testing
@testable import ScourHost

/// The manifest lines the quarantine script writes, read back for restore.
@Suite struct QuarantineManifestTests {
    private func line(_ path: String, stored: String?, sha: String = "ab") -> String {
        let base64 = Data(path.utf8).base64EncodedString()
        return #"{"path_base64":"\#(base64)","size":5,"mode":"4755","owner":"www-data","group":"adm","mtime":1700000000,"sha256":"\#(sha)","step":"s""#
            + (stored.map { #","stored_as":"\#($0)"}"# } ?? #","deleted":true}"#)
    }

    @Test func entries_decode_any_path_and_keep_the_last_per_path() throws {
        let text = [line("/var/www/a b'c\n.php", stored: "1-0"), line("/opt/x", stored: nil), line("/var/www/a b'c\n.php", stored: "2-0", sha: "cd")]
            .joined(separator: "\n") + "\n"
        let entries = try QuarantineEntry.parse(text)
        #expect(entries.map(\.path) == ["/opt/x", "/var/www/a b'c\n.php"])
        #expect(entries[1].storedAs == "2-0")
        #expect(entries[1].sha256 == "cd")
        #expect(entries[0].storedAs == nil)
        #expect(entries[1].mode == "4755")
        #expect(entries[1].owner == "www-data")
    }

    @Test func a_damaged_line_is_an_error() {
        #expect(throws: HostRecordError.self) { try QuarantineEntry.parse(line("/a", stored: "1") + "\n{\"path_base64\":\n") }
    }

    @Test func the_restore_script_quotes_every_value() throws {
        let entry = try #require(QuarantineEntry.parse(line("/tmp/it's $(rm -rf /)", stored: "1-0")).first)
        let script = Platform.linux.shell.restoreQuarantined([entry], folder: "/var/lib/scour/quarantine/r", force: false, dryRun: true)
        #expect(script.contains(#"restore_files '0' '1' '/var/lib/scour/quarantine/r/1-0' '/tmp/it'\''s $(rm -rf /)' 'ab' '4755' 'www-data' 'adm' '1700000000'"#))
    }

    @Test func a_windows_manifest_with_a_byte_order_mark_and_crlf_reads() throws {
        let text = "\u{FEFF}" + line(#"C:\inetpub\scripts\root.exe"#, stored: "1-0") + "\r\n" + line(#"D:\x.exe"#, stored: nil) + "\r\n"
        let entries = try QuarantineEntry.parse(text)
        #expect(entries.map(\.path) == [#"C:\inetpub\scripts\root.exe"#, #"D:\x.exe"#])
        let script = Platform.windows.shell.restoreQuarantined(entries.filter { $0.storedAs != nil }, folder: #"C:\ProgramData\Scour\quarantine\r"#,
                                                               force: false, dryRun: false)
        #expect(script.contains(#"Write-Output ('RESTORE 0 ' + (Restore-One 'C:\ProgramData\Scour\quarantine\r\1-0' 'C:\inetpub\scripts\root.exe' 'ab' '4755' 1700000000 $false $false))"#))
        #expect(script.contains("if (-not $force -and (Test-Path -LiteralPath $dest)) { return \(RestoreScript.Code.exists.rawValue) }"),
                "refuses an existing path without --force")
    }
}
