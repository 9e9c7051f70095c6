import Foundation
import Testing
import TestSupport

/// The real `scour` binary reaching a loopback host through a loopback bastion, the chain given
/// by `--jump`, by the ssh_config (`-F`), and by the inventory; and `scour inventory` saying so.
@Suite(.needs(.sshd), .serialized)
struct JumpCommandLineTests {
    /// A bastion that also accepts the target's key, the target, a shared known_hosts file and
    /// an inventory naming the target; `body` gets them and the folder to write in.
    func withBastion(
        inventoryVariables: String = "",
        _ body: (_ bastion: LoopbackSSHServer, _ target: LoopbackSSHServer, _ knownHosts: String, _ inventory: String) async throws -> Void
    ) async throws {
        let target = try await LoopbackSSHServer()
        let bastion = try await LoopbackSSHServer(alsoAuthorize: [target.ed25519Key])
        let knownHosts = try JumpTests.knownHosts([bastion, target], in: target.directory)
        let inventory = target.directory.appendingPathComponent("hosts.ini").path
        try """
            [web]
            behind ansible_host=127.0.0.1 ansible_port=\(target.port) ansible_user=root ansible_ssh_private_key_file=\(target.ed25519Key) \(inventoryVariables)

            """.write(toFile: inventory, atomically: true, encoding: .utf8)
        try await body(bastion, target, knownHosts, inventory)
    }

    @Test func exec_through_the_jump_flag() async throws {
        try await withBastion { bastion, target, knownHosts, inventory in
            let result = try await ScourCLI.run([
                "exec", "-i", inventory, "--known-hosts", knownHosts, "--no-ssh-config",
                "--jump", "root@127.0.0.1:\(bastion.port)", "--format", "json", "--", "echo through-the-bastion",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("through-the-bastion"))
        }
    }

    @Test func exec_through_ssh_config_proxyjump_with_its_known_hosts_file() async throws {
        try await withBastion { bastion, target, knownHosts, inventory in
            let config = target.directory.appendingPathComponent("ssh_config").path
            try """
                Host 127.0.0.1
                  ProxyJump root@127.0.0.1:\(bastion.port)
                  UserKnownHostsFile \(knownHosts)

                """.write(toFile: config, atomically: true, encoding: .utf8)
            let result = try await ScourCLI.run(["exec", "-i", inventory, "-F", config, "--format", "json", "--", "echo via-config"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("via-config"))

            let shown = try await ScourCLI.run(["inventory", "behind", "-i", inventory, "-F", config])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("bastions         root@127.0.0.1:\(bastion.port)"), "\(shown.stdout)")
            #expect(shown.stdout.contains("ssh_config \(config):2"))
            #expect(shown.stdout.contains("known hosts      \(knownHosts)"))
        }
    }

    @Test func exec_through_the_inventory_chain_and_a_refused_target_key() async throws {
        try await withBastion(inventoryVariables: "ansible_ssh_common_args='-o ProxyJump=root@127.0.0.1:BASTION'") { bastion, target, knownHosts, inventory in
            let text = try String(contentsOfFile: inventory, encoding: .utf8).replacingOccurrences(of: "BASTION", with: "\(bastion.port)")
            try text.write(toFile: inventory, atomically: true, encoding: .utf8)
            let result = try await ScourCLI.run(["exec", "-i", inventory, "--known-hosts", knownHosts, "--no-ssh-config", "--", "echo from-inventory"])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("from-inventory"))

            // Only the bastion on record: the target's key is unknown and refused, named.
            let onlyBastion = target.directory.appendingPathComponent("only_bastion").path
            try String(contentsOfFile: bastion.knownHostsFile, encoding: .utf8).write(toFile: onlyBastion, atomically: true, encoding: .utf8)
            let refused = try await ScourCLI.run(["exec", "-i", inventory, "--known-hosts", onlyBastion, "--no-ssh-config", "--", "true"])
            #expect(refused.status == 1)
            #expect((refused.stdout + refused.stderr).contains("[127.0.0.1]:\(target.port)"), "\(refused.stdout)\(refused.stderr)")
        }
    }

    @Test func exec_prints_the_inventory_warnings_once_on_stderr() async throws {
        try await withBastion(inventoryVariables: "ansible_python_interpreter=/usr/bin/python3") { bastion, _, knownHosts, inventory in
            let result = try await ScourCLI.run(["exec", "-i", inventory, "--known-hosts", knownHosts, "--no-ssh-config",
                                           "--jump", "root@127.0.0.1:\(bastion.port)", "--", "true"])
            #expect(result.status == 0, "\(result.stderr)")
            let warning = "scour: warning: ansible_python_interpreter is not honoured by scour (1 host: behind): scour runs no Python on the hosts\n"
            #expect(result.stderr.components(separatedBy: warning).count == 2, "\(result.stderr)")
            #expect(!result.stdout.contains("not honoured"))
        }
    }

    @Test func a_winrm_host_is_reported_and_not_contacted() async throws {
        try await withBastion(inventoryVariables: "ansible_connection=winrm") { _, _, knownHosts, inventory in
            let result = try await ScourCLI.run(["exec", "-i", inventory, "--known-hosts", knownHosts, "--no-ssh-config", "--", "true"])
            #expect(result.status == 1)
            #expect(result.stdout.contains("scour reaches hosts over SSH only"), "\(result.stdout)")
        }
    }
}
