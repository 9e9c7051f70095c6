import Foundation
import Testing
import TestSupport

/// A key file named for the hosts that cannot be read is refused before any host is contacted,
/// saying why and where it was named; Scour's default keys, and an ssh_config's (as OpenSSH
/// does), are offered only when they can be read.
@Suite struct KeyFilePreflightTests {
    /// `unreachableHostFolder` with an empty home folder (`home`) for the command.
    private static func folder(inventoryLine: String = "") throws -> String {
        let folder = try unreachableHostFolder("keyfile", hostVariables: inventoryLine)
        try FileManager.default.createDirectory(atPath: folder + "/home", withIntermediateDirectories: true)
        return folder
    }

    private static func plan(_ folder: String, _ extra: [String]) async throws -> ScourCLI.Result {
        try await ScourCLI.run(["plan", folder + "/p.scour", "-i", folder + "/hosts.ini"] + extra,
                               environment: ["HOME": folder + "/home", "SSH_AUTH_SOCK": ""])
    }

    @Test func a_missing_identity_flag_is_a_usage_error() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try await Self.plan(folder, ["--identity", folder + "/no-such-key"])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.contains("cannot read the key file \(folder)/no-such-key, named by command line --identity: no such file"), "\(result.stderr)")
    }

    @Test func a_missing_inventory_key_is_invalid_input_named_with_its_variable_and_hosts() async throws {
        let folder = try Self.folder(inventoryLine: "ansible_ssh_private_key_file=/nonexistent/deploy")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try await Self.plan(folder, [])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains(
            "cannot read the key file /nonexistent/deploy, named by inventory variable ansible_ssh_private_key_file (\(folder)/hosts.ini) for web1: no such file"),
            "\(result.stderr)")
        #expect(!result.stdout.contains("unreachable") && !result.stderr.contains("unreachable"), "no host contacted")
    }

    /// OpenSSH skips an ssh_config `IdentityFile` it cannot load (`Host *` blocks often name keys
    /// a machine does not have): so does Scour, and the host is contacted.
    @Test func an_ssh_config_key_that_cannot_be_read_is_skipped_as_openssh_does() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "Host *\n  IdentityFile \(folder)/home\n  IdentityFile \(folder)/no-such-key\n".write(toFile: folder + "/ssh_config", atomically: true, encoding: .utf8)
        let result = try await Self.plan(folder, ["-F", folder + "/ssh_config"])
        #expect(result.status == 1, "the host was contacted and found unreachable: \(result.stderr)")
        #expect(!result.stderr.contains("cannot read the key file"), "\(result.stderr)")
    }

    @Test func without_named_keys_a_missing_default_key_is_not_an_error() async throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try await Self.plan(folder, ["--no-ssh-config"])
        #expect(result.status == 1, "the host was contacted and found unreachable: \(result.stderr)")
        #expect(!result.stderr.contains("key file"), "\(result.stderr)")
    }
}
