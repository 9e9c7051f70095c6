import Foundation
import Testing
@testable import ScourCore

/// The precedence table of docs/ssh-config.md: command line, then inventory variables, then
/// ssh_config, then Scour's defaults — each setting with its origin.
@Suite struct EffectiveConnectionTests {
    static let inventoryPath = "/inv/hosts.ini"
    static let configPath = "/home/me/.ssh/config"
    static let local = EffectiveConnection.Local(user: "me", home: "/home/me")

    /// ssh_config giving every setting Scour reads, for the host `web` (line numbers below).
    static let fullConfig = """
        Host web
          HostName web.internal
          User cfg-user
          Port 2200
          IdentityFile ~/.ssh/%r-%h
          IdentitiesOnly yes
          ProxyJump cfg-bastion
          UserKnownHostsFile %d/.ssh/known_%n
          ConnectTimeout 7
        """

    private func resolve(
        _ inventoryLine: String, config: String = fullConfig, commandLine: EffectiveConnection.CommandLine = .init()
    ) throws -> EffectiveConnection {
        let host = try Inventory.parse(text: inventoryLine + "\n", path: Self.inventoryPath).hosts[0]
        let sshConfig = try SSHConfig.parse(text: config, path: Self.configPath, home: "/home/me")
        return try EffectiveConnection.resolve(
            host: host, inventoryPath: Self.inventoryPath, sshConfig: sshConfig, commandLine: commandLine, local: Self.local)
    }

    private func line(_ number: Int) -> SettingOrigin { .sshConfig(.init(path: Self.configPath, line: number)) }
    private func variable(_ name: String) -> SettingOrigin { .inventory(variable: name, path: Self.inventoryPath) }

    @Test func inventory_variables_win_over_ssh_config() throws {
        let effective = try resolve(
            "web ansible_user=inv-user ansible_port=2222 ansible_ssh_private_key_file=/k/inv ansible_ssh_common_args='-J inv-bastion' ansible_become=yes")
        #expect(effective.user == Sourced("inv-user", from: variable("ansible_user")))
        #expect(effective.port == Sourced(2222, from: variable("ansible_port")))
        #expect(effective.identityFiles == [Sourced("/k/inv", from: variable("ansible_ssh_private_key_file")),
                                            Sourced("/home/me/.ssh/inv-user-web.internal", from: line(5))])  // tokens use the final user
        #expect(effective.jumps == Sourced([JumpHost(host: "inv-bastion")], from: variable("ansible_ssh_common_args")))
        #expect(effective.become == Sourced(true, from: variable("ansible_become")))
        // ssh_config is looked up by the name Ansible gives ssh; its HostName then maps it.
        #expect(effective.address == Sourced("web.internal", from: line(2)))
    }

    /// Ansible takes the last alias of a setting that is set, at whatever level: the origin is
    /// that alias, the one whose value is used.
    @Test func origins_name_the_alias_whose_value_is_used() throws {
        let effective = try resolve("""
            [g]
            web ansible_user=host-user ansible_private_key_file=/k/plain ansible_become_user=admin ansible_ssh_host=10.0.0.2
            [g:vars]
            ansible_ssh_user=group-user
            ansible_ssh_port=2201
            ansible_port=2202
            ansible_ssh_private_key_file=/k/ssh
            ansible_sudo_user=sudoer
            ansible_host=10.0.0.1
            """, config: "")
        #expect(effective.user == Sourced("group-user", from: variable("ansible_ssh_user")))
        #expect(effective.port == Sourced(2201, from: variable("ansible_ssh_port")))
        #expect(effective.identityFiles == [Sourced("/k/ssh", from: variable("ansible_ssh_private_key_file"))])
        #expect(effective.becomeUser == Sourced("sudoer", from: variable("ansible_sudo_user")))
        #expect(effective.address == Sourced("10.0.0.2", from: variable("ansible_ssh_host")))
    }

    /// As Ansible's become plugins: `sudo` reads `ansible_sudo_user`, `su` `ansible_su_user`,
    /// each after `ansible_become_user`; the other method's alias is not read.
    @Test func the_become_user_alias_follows_the_method() throws {
        let su = try resolve("web ansible_become_method=su ansible_su_user=oracle ansible_sudo_user=ignored", config: "")
        #expect(su.becomeUser == Sourced("oracle", from: variable("ansible_su_user")))
        let sudo = try resolve("web ansible_su_user=ignored ansible_sudo_user=dba", config: "")
        #expect(sudo.becomeUser == Sourced("dba", from: variable("ansible_sudo_user")))
        let unset = try resolve("web ansible_su_user=ignored ansible_become_user=None", config: "")
        #expect(unset.becomeUser == Sourced("root", from: .defaultValue("root")))
    }

    @Test func ssh_config_fills_what_the_inventory_leaves_unset() throws {
        let effective = try resolve("web")
        #expect(effective.address == Sourced("web.internal", from: line(2)))
        #expect(effective.user == Sourced("cfg-user", from: line(3)))
        #expect(effective.port == Sourced(2200, from: line(4)))
        #expect(effective.identityFiles == [Sourced("/home/me/.ssh/cfg-user-web.internal", from: line(5))])
        #expect(effective.defaultIdentities == nil)
        #expect(effective.identitiesOnly == Sourced(true, from: line(6)))
        #expect(effective.jumps == Sourced([JumpHost(host: "cfg-bastion")], from: line(7)))
        #expect(effective.knownHostsFiles == Sourced(["/home/me/.ssh/known_web"], from: line(8)))
        #expect(effective.connectTimeout == Sourced(.seconds(7), from: line(9)))
    }

    @Test func defaults_apply_when_neither_says() throws {
        let effective = try resolve("db ansible_host=192.0.2.7")
        #expect(effective.address == Sourced("192.0.2.7", from: variable("ansible_host")))
        #expect(effective.user == Sourced("me", from: .defaultValue("$USER")))
        #expect(effective.port == Sourced(22, from: .defaultValue("port 22")))
        #expect(effective.identityFiles.isEmpty)
        #expect(effective.defaultIdentities?.origin == .defaultValue("scour's keys"))
        #expect(effective.identitiesOnly.value == false)
        #expect(effective.jumps == Sourced([], from: .defaultValue("direct connection")))
        #expect(effective.knownHostsFiles == Sourced(["/home/me/.ssh/known_hosts"], from: .defaultValue("~/.ssh/known_hosts")))
        #expect(effective.connectTimeout == Sourced(.seconds(10), from: .defaultValue("10s")))
        #expect(effective.become == Sourced(false, from: .defaultValue("no become")))
        #expect(effective.becomeUser == Sourced("root", from: .defaultValue("root")))
        #expect(effective.becomeMethod == Sourced(.sudo, from: .defaultValue("sudo")))
        let named = try resolve("db")
        #expect(named.address == Sourced("db", from: .inventoryName(path: Self.inventoryPath)))
    }

    @Test func command_line_flags_win_over_everything() throws {
        let flags = EffectiveConnection.CommandLine(
            user: "cli-user", identityFile: "/k/cli", knownHostsFile: "/k/known", connectTimeout: .seconds(3),
            jumps: [JumpHost(host: "cli-bastion")], become: false)
        let effective = try resolve("web ansible_user=inv-user ansible_ssh_private_key_file=/k/inv ansible_become=yes ansible_ssh_common_args='-J x'", commandLine: flags)
        #expect(effective.user == Sourced("cli-user", from: .commandLine(flag: "--user")))
        #expect(effective.identityFiles == [Sourced("/k/cli", from: .commandLine(flag: "--identity"))])
        #expect(effective.knownHostsFiles == Sourced(["/k/known"], from: .commandLine(flag: "--known-hosts")))
        #expect(effective.connectTimeout == Sourced(.seconds(3), from: .commandLine(flag: "--connect-timeout")))
        #expect(effective.jumps == Sourced([JumpHost(host: "cli-bastion")], from: .commandLine(flag: "--jump")))
        #expect(effective.become == Sourced(false, from: .commandLine(flag: "--become")))
    }

    @Test func match_user_sees_the_user_the_inventory_fixed() throws {
        let config = "Match user deploy\n  Port 2022\n"
        #expect(try resolve("web ansible_user=deploy", config: config).port == Sourced(2022, from: line(2)))
        #expect(try resolve("web", config: config).port.value == 22)
    }

    @Test func jump_origin_names_the_variable_that_gave_it_and_none_is_explicit() throws {
        let effective = try resolve("web ansible_ssh_common_args='-C' ansible_ssh_extra_args='-o ProxyJump=none'")
        #expect(effective.jumps == Sourced([], from: variable("ansible_ssh_extra_args")))
    }

    @Test func origins_read_as_the_inventory_view_prints_them() throws {
        let effective = try resolve("web ansible_user=inv-user")
        #expect(effective.user.origin.description == "inventory variable ansible_user (/inv/hosts.ini)")
        #expect(effective.port.origin.description == "ssh_config /home/me/.ssh/config:4")
        #expect(Sourced(1, from: .defaultValue("port 22")).origin.description == "default: port 22")
        #expect(SettingOrigin.commandLine(flag: "--user").description == "command line --user")
    }

    @Test func an_unexpandable_token_is_an_error_at_its_config_line() throws {
        do { _ = try resolve("web", config: "Host web\n  IdentityFile ~/.ssh/%C\n"); Issue.record("resolved") } catch let error as SSHConfigError {
            #expect(error.description.hasPrefix("/home/me/.ssh/config:2: error: '%C' in '~/.ssh/%C' is a token ssh expands and scour does not"))
            #expect(error.isDeliberateRefusal)
        }
        do { _ = try resolve("web", config: "Host web\n  IdentityFile ~/.ssh/%z\n"); Issue.record("resolved") } catch let error as SSHConfigError {
            #expect(!error.isDeliberateRefusal, "ssh refuses %z too")
        }
    }

    @Test func unsupported_config_lines_are_reported_not_dropped() throws {
        let effective = try resolve("web", config: "Host *\n  ForwardAgent yes\n  StrictHostKeyChecking no\n")
        #expect(effective.unsupported.map { "\($0.origin): \($0.value)" }
            == ["ssh_config /home/me/.ssh/config:2: ForwardAgent yes", "ssh_config /home/me/.ssh/config:3: StrictHostKeyChecking no"])
    }
}
