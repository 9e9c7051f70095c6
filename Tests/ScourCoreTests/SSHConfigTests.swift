import Foundation
import Synchronization
import Testing
@testable import ScourCore

/// OpenSSH client configuration: syntax, Host/Match blocks, Include, tokens, errors.
@Suite struct SSHConfigTests {
    private func config(_ text: String, home: String = "/home/ops") throws(SSHConfigError) -> SSHConfig {
        try SSHConfig.parse(text: text, path: "/home/ops/.ssh/config", home: home)
    }

    private func error(_ text: String) -> String? {
        do { _ = try config(text); return nil } catch { return error.description }
    }

    @Test func keywords_any_case_with_blanks_or_equals_quotes_and_comments() throws {
        let settings = try config("""
            # a comment
              HOSTNAME=db.internal
            user = "ops team"   # trailing comment
            PORT    2222
            IdentityFile "/keys/with space" 
            identityfile=/keys/second
            """).settings(for: "db", localUser: "me")
        #expect(settings.hostName == Sourced("db.internal", from: .sshConfig(.init(path: "/home/ops/.ssh/config", line: 2))))
        #expect(settings.user?.value == "ops team")
        #expect(settings.port?.value == 2222)
        #expect(settings.port?.origin.description == "ssh_config /home/ops/.ssh/config:4")
        #expect(settings.identityFiles.map(\.value) == ["/keys/with space", "/keys/second"])
    }

    @Test func host_patterns_globs_negation_and_first_value_wins() throws {
        let config = try config("""
            Host web-?? !web-99 *.prod
              User web
              Port 2201
            Host web-*
              User generic
              IdentityFile ~/.ssh/web
              ProxyJump bastion
            Host *
              User everyone
              Port 22
              IdentityFile ~/.ssh/common
              UserKnownHostsFile ~/.ssh/known_a ~/.ssh/known_b
              UserKnownHostsFile ~/.ssh/ignored
              ConnectTimeout 1m30s
            """)
        let web = config.settings(for: "web-01", localUser: "me")
        #expect(web.user?.value == "web")
        #expect(web.port?.value == 2201)
        #expect(web.identityFiles.map(\.value) == ["~/.ssh/web", "~/.ssh/common"])  // IdentityFile accumulates
        #expect(web.proxyJump?.value == [JumpHost(host: "bastion")])
        #expect(web.userKnownHostsFiles?.value == ["~/.ssh/known_a", "~/.ssh/known_b"])  // first line only
        #expect(web.connectTimeout?.value == .seconds(90))
        let excluded = config.settings(for: "web-99", localUser: "me")
        #expect(excluded.user?.value == "generic")
        #expect(excluded.port?.value == 22)
        #expect(config.settings(for: "api.prod", localUser: "me").user?.value == "web")
        #expect(config.settings(for: "web-1", localUser: "me").user?.value == "generic")  // ?? needs two characters
        #expect(config.settings(for: "db", localUser: "me").proxyJump == nil)
    }

    @Test func host_patterns_compare_with_case_and_commas_are_ordinary_characters() throws {
        let config = try config("""
            Host Web a,b
              User upper
            Host web
              User lower
            Match host WEB
              Port 2022
            """)
        #expect(config.settings(for: "Web", localUser: "me").user?.value == "upper")
        #expect(config.settings(for: "web", localUser: "me").user?.value == "lower")
        #expect(config.settings(for: "WEB", localUser: "me").user == nil, "ssh matches Host lines with case")
        #expect(config.settings(for: "WEB", localUser: "me").port?.value == 2022, "Match host compares without case")
        #expect(config.settings(for: "a", localUser: "me").user == nil, "a comma does not separate Host patterns")
        #expect(config.settings(for: "a,b", localUser: "me").user?.value == "upper")
    }

    @Test func the_address_and_percent_h_are_lowercased_but_not_percent_n() throws {
        let config = try config("""
            Host Db
              HostName %h.Example.COM
              IdentityFile ~/.ssh/%h-%n
            """)
        let host = InventoryHost(name: "Db", address: "Db")
        let effective = try EffectiveConnection.resolve(
            host: host, inventoryPath: "i", sshConfig: config, local: .init(user: "me", home: "/home/me"))
        #expect(effective.address.value == "db.example.com")
        #expect(effective.identityFiles.map(\.value) == ["/home/me/.ssh/db.example.com-Db"])
    }

    @Test func proxyjump_none_and_proxycommand_exclude_each_other_first_wins() throws {
        let config = try config("""
            Host direct
              ProxyJump none
            Host legacy
              ProxyCommand ssh -W %h:%p gw
            Host *
              ProxyJump ops@bastion1:2222,[2001:db8::5]
              ForwardAgent yes
            """)
        #expect(config.settings(for: "direct", localUser: "me").proxyJump?.value == [])
        let legacy = config.settings(for: "legacy", localUser: "me")
        #expect(legacy.proxyJump == nil)
        #expect(legacy.unsupported.map(\.value) == ["ProxyCommand ssh -W %h:%p gw", "ForwardAgent yes"])
        #expect(config.settings(for: "other", localUser: "me").proxyJump?.value
            == [JumpHost(user: "ops", host: "bastion1", port: 2222), JumpHost(host: "2001:db8::5")])
    }

    @Test func match_host_all_user_and_unsupported_criteria() throws {
        let config = try config("""
            Host alias
              HostName %h.example.com
            Match host *.example.com user root
              Port 2022
            Match originalhost alias !localuser nobody
              User matched
            Match all
              IdentitiesOnly yes
            """)
        let settings = config.settings(for: "alias", localUser: "me")
        #expect(settings.hostName?.value == "alias.example.com")
        #expect(settings.port == nil)  // the remote user is not root yet when that Match is read
        #expect(settings.user?.value == "matched")
        #expect(settings.identitiesOnly?.value == true)
        #expect(settings.refusal == nil)
        let root = try self.config("User root\nMatch host h user root\n  Port 2022\n").settings(for: "h", localUser: "me")
        #expect(root.port?.value == 2022)
    }

    @Test func match_host_with_equals_and_negation_as_openssh_regress_cfgmatch() throws {
        let config = try config("""
            Match !host=other,nope user=me
              Port 1111
            Match host=*.corp !originalhost=x*
              User corp
            Match !all
              User never
            Match canonical
              User never
            Match !canonical
              ConnectTimeout 7
            """)
        #expect(config.settings(for: "box", localUser: "me").port?.value == 1111)
        #expect(config.settings(for: "other", localUser: "me").port == nil)
        #expect(config.settings(for: "a.corp", localUser: "me").user?.value == "corp")
        #expect(config.settings(for: "x.corp", localUser: "me").user == nil)
        #expect(config.settings(for: "x.corp", localUser: "me").connectTimeout?.value == .seconds(7))
    }

    @Test func match_exec_final_and_canonicalization_refuse_the_hosts_they_could_decide() throws {
        let config = try config("""
            Match host db* exec "test -f /etc/x"
              User fromexec
            Host canon*
              CanonicalizeHostname yes
            Host *
              CanonicalizeHostname no
            """)
        let db = config.settings(for: "db1", localUser: "me")
        #expect(db.refusal?.description == "/home/ops/.ssh/config:1: error: Match exec \"test -f /etc/x\" could decide the settings of db1; scour runs no command to read a configuration")
        #expect(db.refusal?.isDeliberateRefusal == true)
        #expect(config.settings(for: "web", localUser: "me").refusal == nil, "host db* rules the exec out")
        #expect(config.settings(for: "canon1", localUser: "me").refusal?.location?.line == 4)
        let final = try self.config("Host x\n  Port 2\nMatch final host y\n  Port 3\n").settings(for: "x", localUser: "me")
        #expect(final.refusal?.message.hasPrefix("Match final makes ssh read the configuration a second time") == true)
    }

    @Test func unknown_keywords_are_refused_unless_ignore_unknown_names_them_first() throws {
        let config = try config("""
            Host quiet
              IgnoreUnknown UseKeychain,Add*
            Host *
              UseKeychain yes
              AddKeysToAgent yes
            """)
        #expect(config.settings(for: "quiet", localUser: "me").refusal == nil)
        let loud = config.settings(for: "loud", localUser: "me")
        #expect(loud.refusal?.description == "/home/ops/.ssh/config:4: error: unknown keyword 'usekeychain' (as in ssh, an error unless IgnoreUnknown names it)")
        #expect(loud.refusal?.isDeliberateRefusal == false)
        #expect(self.error("junk\n") == "/home/ops/.ssh/config:1: error: junk needs an argument")
        #expect(self.error("Protocol 2\n") == nil, "deprecated keywords are accepted and ignored, as by ssh")
    }

    @Test func a_bad_hostname_token_fails_only_the_hosts_it_applies_to() throws {
        let config = try config("Host bad\n  HostName %r.example\nHost *\n  HostName %h.ok\n")
        #expect(config.settings(for: "bad", localUser: "me").refusal?.description
            == "/home/ops/.ssh/config:2: error: HostName takes only the %h and %% tokens, not %r")
        #expect(config.settings(for: "good", localUser: "me").hostName?.value == "good.ok")
        // ssh expands HostName after reading the file (or at the next Match): an unknown
        // keyword after it is the error it reports, and a Match stops it there.
        let later = try self.config("Host bad\n  HostName %r\n  Junk yes\n").settings(for: "bad", localUser: "me")
        #expect(later.refusal?.location?.line == 3)
        let match = try self.config("HostName %r\nMatch all\n  Junk yes\n").settings(for: "h", localUser: "me")
        #expect(match.refusal?.location?.line == 1)
    }

    @Test func port_service_names_connect_timeout_none_and_zero() throws {
        let config = try config("""
            Host a
              Port ssh
              ConnectTimeout none
            Host *
              ConnectTimeout 0
              UserKnownHostsFile none
            """)
        let a = config.settings(for: "a", localUser: "me")
        #expect(a.port?.value == 22)
        #expect(a.connectTimeout?.value == .zero, "none leaves the setting open, as in ssh; 0 is no timeout")
        #expect(a.userKnownHostsFiles?.value == [])
        #expect(SSHConfigParser.seconds("1m30") == 90)
        #expect(SSHConfigParser.seconds("-5") == nil)
        #expect(error("UserKnownHostsFile none /x") == "/home/ops/.ssh/config:1: error: UserKnownHostsFile none must appear alone")
        #expect(error("User a b") == "/home/ops/.ssh/config:1: error: User takes one argument, not 2")
    }

    @Test func include_is_relative_to_dot_ssh_globbed_and_only_where_its_block_applies() throws {
        let folder = try InventoryTestFolder()
        let home = folder.path
        try folder.write(".ssh/config.d/20-b", "Host *\n  User from-b\n")
        try folder.write(".ssh/config.d/10-a", "Host *.corp\n  User from-a\n")
        try folder.write(".ssh/only-web", "Port 2080\n")
        let main = try folder.write(".ssh/config", """
            Include config.d/*
            Include missing/*
            Host web
              Include only-web
            Host *
              User last
            """)
        let config = try SSHConfig.load(path: main, home: home)
        let web = config.settings(for: "web", localUser: "me")
        #expect(web.port?.value == 2080)
        #expect(web.port?.origin == .sshConfig(.init(path: home + "/.ssh/only-web", line: 1)))
        #expect(web.user?.value == "from-b")
        #expect(web.user?.origin == .sshConfig(.init(path: home + "/.ssh/config.d/20-b", line: 2)))
        let corp = config.settings(for: "x.corp", localUser: "me")
        #expect(corp.user?.value == "from-a")  // 10-a is read before 20-b
        #expect(corp.port == nil)  // `Include only-web` is inside `Host web`
    }

    @Test func an_included_file_others_could_change_is_refused_as_ssh_refuses_it() throws {
        let folder = try InventoryTestFolder()
        let included = try folder.write(".ssh/shared", "User x\n")
        let main = try folder.write(".ssh/config", "Include shared\n")
        chmod(included, 0o666)
        do { _ = try SSHConfig.load(path: main, home: folder.path); Issue.record("loaded") } catch {
            #expect(error.description == "\(main):1: error: \(included) is writable by others or owned by another user; ssh refuses to include it")
        }
        chmod(included, 0o644)
        #expect(try SSHConfig.load(path: main, home: folder.path).settings(for: "h", localUser: "me").user?.value == "x")
    }

    @Test func an_include_cycle_is_an_error_at_its_line() throws {
        let folder = try InventoryTestFolder()
        let main = try folder.write(".ssh/config", "Include config\n")
        do { _ = try SSHConfig.load(path: main, home: folder.path); Issue.record("loaded") } catch {
            #expect(error.description == "\(main):1: error: Include nested more than 16 deep (a file including itself?)")
        }
    }

    @Test func malformed_lines_are_errors_at_file_and_line() {
        #expect(error("Host a\n  Port 0x16\n") == "/home/ops/.ssh/config:2: error: Port must be a number from 1 to 65535 or a service name, not '0x16'")
        #expect(error("User \"unterminated\n") == "/home/ops/.ssh/config:1: error: an unterminated quote")
        #expect(error("\n\nHost\n") == "/home/ops/.ssh/config:3: error: Host needs an argument")
        #expect(error("IdentitiesOnly maybe") == "/home/ops/.ssh/config:1: error: IdentitiesOnly must be yes or no, not 'maybe'")
        #expect(error("ProxyJump a,:22") == "/home/ops/.ssh/config:1: error: ProxyJump: '' is not a host name in jump host ':22'")
        #expect(error("ConnectTimeout soon") == "/home/ops/.ssh/config:1: error: ConnectTimeout must be a time such as 10, 30s, 1m or none, not 'soon'")
        #expect(error("Match host") == "/home/ops/.ssh/config:1: error: Match host needs a pattern list")
        #expect(error("User") == "/home/ops/.ssh/config:1: error: User needs an argument")
        #expect(throws: SSHConfigError.self) { try SSHConfig.load(path: "/nonexistent/ssh_config", home: "/") }
    }

    @Test func tokens_expand_in_file_names_and_unknown_ones_are_refused() throws {
        let tokens = SSHTokens(home: "/home/me", localUser: "me", remoteHost: "10.0.0.5", originalHost: "db", remoteUser: "ops", port: 2222)
        #expect(try tokens.expand("~/.ssh/%r@%h:%p-%n-%u-%%") == "/home/me/.ssh/ops@10.0.0.5:2222-db-me-%")
        #expect(try tokens.expand("%d/keys/%i") == "/home/me/keys/\(getuid())")
        #expect(throws: SSHTokenError.self) { try tokens.expand("~/.ssh/%C") }
        #expect(throws: SSHTokenError.self) { try tokens.expand("trailing%") }
        let withEnvironment = SSHTokens(
            home: "/home/me", localUser: "me", remoteHost: "h", originalHost: "h", remoteUser: "r", port: 22, environment: ["KEYS": "/k"])
        #expect(try withEnvironment.expand("${KEYS}/%h") == "/k/h")
        #expect(try withEnvironment.expand("~") == "/home/me/")
        #expect(throws: SSHTokenError.self) { try withEnvironment.expand("${UNSET}/x") }
    }
}

extension SSHConfigTests {
    /// Configs are read on many threads at once (the differential suite, a fleet's hosts): a
    /// service name must resolve to its own port whatever else resolves meanwhile.
    @Test func port_service_names_resolve_alike_on_many_threads_at_once() {
        let names = ["http", "ssh", "https", "ftp"]
        let expected = [80, 22, 443, 21]
        let wrong = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 40_000) { index in
            if SSHConfigParser.port(names[index % 4]) != expected[index % 4] { wrong.add(1, ordering: .relaxed) }
        }
        #expect(wrong.load(ordering: .relaxed) == 0)
    }
}
