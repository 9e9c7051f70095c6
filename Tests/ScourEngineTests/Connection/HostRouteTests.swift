import Foundation
import Logging
import ScourCore
import ScourEngine
import ScourSSH
import Testing

/// Where a host's bastions, login and files come from (docs/ssh-config.md, "Precedence").
@Suite struct HostRouteTests {
    /// A key the ssh_config names that exists (one that cannot be read is skipped, as OpenSSH skips it).
    static let configKey: String = {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scour-hostroute-\(getpid())-from_config").path
        FileManager.default.createFile(atPath: path, contents: Data("not a real key\n".utf8))
        return path
    }()

    static let config = try! SSHConfig.parse(text: """
        Host direct-by-config
          ProxyJump none
        Host via-config
          ProxyJump cfgops@cfgbastion:2201
          IdentityFile \(configKey)
          IdentitiesOnly yes
        Host bastion-alias
          HostName 10.9.9.9
          User alias-user
          Port 2022
        Host *
          UserKnownHostsFile /etc/scour/known_%h
          ConnectTimeout 42s
        """, path: "/home/ops/.ssh/config", home: "/home/ops")

    /// An inventory host; `proxyJump` as `ansible_ssh_common_args='-o ProxyJump=…'` sets it.
    static func host(_ name: String, proxyJump: String? = nil) -> InventoryHost {
        var host = InventoryHost(name: name, address: name)
        if let proxyJump {
            host.vars["ansible_ssh_common_args"] = .string("-o ProxyJump=\(proxyJump)")
            host.jumps = try! JumpHost.parseChain(proxyJump)
        }
        return host
    }

    static func settings(jump: String? = nil, config: SSHConfig? = HostRouteTests.config) -> ConnectionSettings {
        ConnectionSettings(homeDirectory: "/home/ops", agentSocket: "/run/agent.sock",
                           jumps: try! jump.map { try JumpHost.parseChain($0) }, sshConfig: config)
    }

    @Test func the_inventory_chain_wins_over_ssh_config_and_the_flag_over_both() throws {
        let host = Self.host("via-config", proxyJump: "invops@invbastion:2200")
        let effective = try Self.settings().effectiveConnection(for: host, inventoryPath: "hosts.ini")
        #expect(effective.jumps.value == [JumpHost(user: "invops", host: "invbastion", port: 2200)])
        #expect(effective.jumps.origin == .inventory(variable: "ansible_ssh_common_args", path: "hosts.ini"))
        let route = try Self.settings(jump: "flag@flagbastion").route(for: host)
        #expect(route.jumps == [SSHTarget(host: "flagbastion", port: 22, user: "flag")], "as ssh's -J beats the config")
    }

    @Test func the_flag_wins_over_ssh_config_proxyjump_even_none_as_ssh_j_does() throws {
        let route = try Self.settings(jump: "flag@flagbastion").route(for: Self.host("via-config"))
        #expect(route.jumps == [SSHTarget(host: "flagbastion", port: 22, user: "flag")])
        let effective = try Self.settings(jump: "flagbastion").effectiveConnection(for: Self.host("direct-by-config"), inventoryPath: "i")
        #expect(effective.jumps.value == [JumpHost(host: "flagbastion")])
        #expect(try Self.settings().route(for: Self.host("direct-by-config")).jumps.isEmpty)
    }

    @Test func known_hosts_none_is_no_file_and_connect_timeout_zero_the_systems() throws {
        let config = try SSHConfig.parse(text: "UserKnownHostsFile none\nConnectTimeout 0\n", path: "c", home: "/home/ops")
        let route = try Self.settings(config: config).route(for: Self.host("h"))
        #expect(route.options.knownHostsFile == "/dev/null")
        #expect(route.options.connectTimeout == .seconds(130))
    }

    @Test func the_flag_applies_where_nothing_else_names_a_chain() throws {
        let host = Self.host("plain")
        let effective = try Self.settings(jump: "a,ops@b:2222").effectiveConnection(for: host, inventoryPath: "i")
        #expect(effective.jumps.origin == .commandLine(flag: "--jump"))
        #expect(try Self.settings(jump: "a,ops@b:2222").route(for: host).jumps.map(\.description) == ["\(ProcessInfo.processInfo.environment["USER"] ?? "root")@a", "ops@b:2222"])
        #expect(try Self.settings().route(for: host).jumps.isEmpty, "no flag, no chain: direct")
    }

    @Test func a_hop_is_resolved_through_its_own_ssh_config_block() throws {
        let route = try Self.settings(jump: "bastion-alias").route(for: Self.host("plain"))
        #expect(route.jumps == [SSHTarget(host: "10.9.9.9", port: 2022, user: "alias-user")])
        let explicit = try Self.settings(jump: "me@bastion-alias:2").route(for: Self.host("plain"))
        #expect(explicit.jumps == [SSHTarget(host: "10.9.9.9", port: 2, user: "me")], "the hop's own user and port win")
    }

    @Test func ssh_config_gives_known_hosts_timeout_and_keys_unless_flags_do() throws {
        let route = try Self.settings().route(for: Self.host("via-config"))
        #expect(route.options.knownHostsFile == "/etc/scour/known_via-config")
        #expect(route.options.connectTimeout == .seconds(42))
        #expect(route.options.identities.map(\.description) == ["key \(Self.configKey)"], "IdentitiesOnly: no agent keys")
        let missing = try SSHConfig.parse(text: "Host *\n  IdentityFile ~/.ssh/from_config\n  IdentitiesOnly yes\n", path: "c", home: "/home/ops")
        let skipped = try Self.settings(config: missing).route(for: Self.host("plain"))
        #expect(skipped.options.identities.isEmpty, "a key the ssh_config names that is not there is skipped, as OpenSSH skips it")
        var flags = Self.settings()
        flags.knownHostsFile = "/flag/known_hosts"
        flags.connectTimeout = .seconds(3)
        let overridden = try flags.route(for: Self.host("plain"))
        #expect(overridden.options.knownHostsFile == "/flag/known_hosts")
        #expect(overridden.options.connectTimeout == .seconds(3))
        #expect(overridden.options.identities.map(\.description).first == "ssh-agent at /run/agent.sock")
    }

    @Test func without_ssh_config_the_defaults_apply() throws {
        let route = try Self.settings(config: nil).route(for: Self.host("via-config"))
        #expect(route.jumps.isEmpty)
        #expect(route.options.knownHostsFile == "/home/ops/.ssh/known_hosts")
        #expect(route.options.connectTimeout == .seconds(10))
    }

    @Test func the_key_passphrase_goes_to_key_files_only() throws {
        var settings = Self.settings()
        settings.keyPassphrase = "secret words"
        let route = try settings.route(for: Self.host("via-config"))
        guard case .keyFile(_, let passphrase) = route.options.identities.first else { Issue.record("no key file"); return }
        #expect(passphrase == "secret words")
    }

    @Test func a_public_key_given_as_the_key_is_refused_plainly() throws {
        var host = Self.host("plain")
        host.privateKeyFile = "/keys/deploy.pub"
        #expect {
            try Self.settings().route(for: host)
        } throws: { error in
            let message = (error as? SSHError)?.message ?? ""
            return message.contains("/keys/deploy.pub") && message.contains("is a public key; give the private key (/keys/deploy)")
        }
    }

    @Test func a_host_refused_by_the_inventory_fails_permanently_without_a_dial() async throws {
        var host = Self.host("win1")
        host.refusal = "ansible_connection=winrm: scour reaches hosts over SSH only"
        let connector = HostConnector(settings: Self.settings(), logger: Logger(label: "test")) { _, _ in
            Issue.record("a refused host was dialled")
            throw SSHError(kind: .timedOut, host: "win1", message: "")
        }
        do {
            _ = try await connector.connect(to: host)
            Issue.record("connected to a refused host")
        } catch let failure as HostConnector.Failure {
            #expect(failure.error.kind == .notSSH)
            #expect(failure.error.isTransient == false)
            #expect(failure.error.message == host.refusal)
        }
    }
}
