import Foundation
import Logging
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourLab
import ScourSSH
import TestSupport
import Testing

/// An action script followed by a probe in one exec must fail as the script alone would: a
/// step that stopped halfway is never reported done. A staged patch is run only from a file
/// no one else holds.
@Suite struct POSIXShellTests {
    private func remote() -> RemoteHost {
        RemoteHost(host: InventoryHost(name: "here", address: "127.0.0.1"),
                   connector: HostConnector(settings: ConnectionSettings(knownHostsFile: "/k", homeDirectory: "/tmp"), logger: Logger(label: "test"),
                                            dial: { _, _ in LocalTransport() }))
    }

    @Test func a_failure_in_the_middle_of_the_script_fails_the_combined_exec() async throws {
        let (result, observation) = try await remote().runScript("set -e\nfalse\necho reached >&2\n", thenProbe: [.facts], timeout: .seconds(10))
        #expect(!result.succeeded)
        #expect(!result.stderrText.contains("reached"), "set -e stopped the script")
        #expect(observation == nil)
    }

    @Test func a_script_that_succeeds_is_followed_by_its_probe() async throws {
        let (result, observation) = try await remote().runScript("echo acted\n", thenProbe: [.facts], timeout: .seconds(10))
        #expect(result.succeeded, "\(result.stderrText)")
        #expect(result.stderrText == "acted\n", "the script's output goes to stderr")
        #expect(observation?.facts?.bootID.isEmpty == false)
    }

    /// The patch install script run here on an upload staged by `stage` in a folder of the
    /// test's own; the patch goes to a folder below it.
    private func install(stage: (String) throws -> Void) throws -> (result: LocalCommand.Result, patch: String, staged: String) {
        let root = FileManager.default.temporaryDirectory.appending(path: "scour-install-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let (staged, patch) = (root + "/.scour-upload-token-it's.sh", root + "/patches/it's.sh")
        try stage(staged)
        let script = POSIXShell().installPatch(staged: staged, at: patch, sha256: SHA256.hex(of: Array(Self.patch)),
                                               install: "sh \(ShellQuote.posix(patch))")
        return (try LocalCommand("/bin/sh", ["-s"]).run(stdin: Data(script.utf8)), patch, staged)
    }

    /// A patch that leaves `ran` beside itself.
    private static let patch = Data("touch \"$(dirname \"$0\")/ran\"\n".utf8)
    private func ran(_ patch: String) -> Bool { FileManager.default.fileExists(atPath: (patch as NSString).deletingLastPathComponent + "/ran") }

    @Test func an_upload_of_the_scripts_own_user_is_moved_in_checked_and_run() throws {
        let (result, patch, staged) = try install { try Self.patch.write(to: URL(fileURLWithPath: $0)) }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ran(patch))
        #expect(!FileManager.default.fileExists(atPath: staged))
    }

    @Test func a_symbolic_link_at_the_upload_name_is_refused_and_nothing_is_run() throws {
        let (result, patch, _) = try install { staged in
            try Self.patch.write(to: URL(fileURLWithPath: staged + ".real"))
            try FileManager.default.createSymbolicLink(atPath: staged, withDestinationPath: staged + ".real")
        }
        #expect(result.status == 1)
        #expect(result.stderr.contains("is not the plain file scour uploaded"), "\(result.stderr)")
        #expect(!ran(patch))
        #expect(!FileManager.default.fileExists(atPath: patch))
    }

    /// Through sudo the upload is the login's: it is copied to a fresh file of the script's
    /// user, so no one who held the upload holds what is checked and run. Needs root, to give
    /// the upload away.
    @Test(.needs(.root, "gives a file away"))
    func another_users_upload_is_copied_to_a_fresh_file_of_the_scripts_user_before_it_is_checked() throws {
        var uploaded = stat()
        let (result, patch, staged) = try install { staged in
            try Self.patch.write(to: URL(fileURLWithPath: staged))
            try #require(chown(staged, 4321, 4321) == 0, "needs root")
            try #require(lstat(staged, &uploaded) == 0)
        }
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ran(patch))
        var installed = stat()
        try #require(lstat(patch, &installed) == 0)
        #expect(installed.st_uid == getuid() && installed.st_ino != uploaded.st_ino, "a new file of the script's user")
        #expect(!FileManager.default.fileExists(atPath: staged), "the upload is removed")
    }
}
