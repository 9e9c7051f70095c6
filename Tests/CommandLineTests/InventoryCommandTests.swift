import Foundation
import Testing
import TestSupport

/// `scour inventory`'s modes, run as a user runs them.
@Suite struct InventoryCommandTests {
    static let corpus = ScourCLI.packageRoot.appendingPathComponent("Tests/Fixtures/inventory-corpus").path

    @Test func host_json_gives_each_setting_with_its_origin_and_the_variables_redacted() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scour-inv-\(UUID().uuidString).ini").path
        try """
            [web]
            web1 ansible_host="{{ addr }}" addr=192.0.2.7 ansible_ssh_user=ops ansible_become_password=s3cret tier=front
            """.write(toFile: scratch, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let result = try ScourCLI.run(["inventory", "web1", "-i", scratch, "--no-ssh-config", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let hostname = try #require(object["hostname"] as? [String: Any])
        #expect(hostname["value"] as? String == "192.0.2.7")
        #expect((hostname["origin"] as? String)?.contains("ansible_host") == true)
        #expect((object["user"] as? [String: Any])?["value"] as? String == "ops")
        for key in ["port", "identity_files", "known_hosts_files", "connect_timeout_seconds", "proxy_jump", "become", "become_user", "become_method"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let variables = try #require(object["variables"] as? [String: Any])
        #expect(variables["tier"] as? String == "front")
        #expect(variables["ansible_become_password"] as? String == "<redacted>")
        #expect(!result.stdout.contains("s3cret"))
    }

    /// The origin is the alias whose value is used (Ansible's last set), and a magic variable's
    /// template is rendered or the host refused, naming the host and the variable.
    @Test func host_json_names_the_alias_used_and_renders_or_refuses_magic_variables() throws {
        let corpusFile = "\(Self.corpus)/magic.ini"
        let web1 = try ScourCLI.run(["inventory", "web1.example.com", "-i", corpusFile, "--no-ssh-config", "--format", "json"])
        #expect(web1.status == 0, "\(web1.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(web1.stdout.utf8)) as? [String: Any])
        let variables = try #require(object["variables"] as? [String: Any])
        #expect(variables["text"] as? String == "in ['db', 'web']")
        #expect((object["user"] as? [String: Any])?["value"] as? String == "web1")
        #expect(object["not_contacted"] == nil)
        let web3 = try ScourCLI.run(["inventory", "web3", "-i", corpusFile, "--no-ssh-config"])
        #expect(web3.stdout.contains("not contacted: host 'web3': every='{{ groups }}': 'groups' is Ansible's magic variable"))

        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scour-inv-\(UUID().uuidString).ini").path
        try "[web]\nweb1 ansible_user=plain ansible_sudo_user=dba\n[web:vars]\nansible_ssh_user=ssh\n"
            .write(toFile: scratch, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let aliases = try ScourCLI.run(["inventory", "web1", "-i", scratch, "--no-ssh-config", "--format", "json"])
        let settings = try #require(try JSONSerialization.jsonObject(with: Data(aliases.stdout.utf8)) as? [String: Any])
        let user = settings["user"] as? [String: String], becomeUser = settings["become_user"] as? [String: String]
        #expect(user == ["value": "ssh", "origin": "inventory variable ansible_ssh_user (\(scratch))"])
        #expect(becomeUser == ["value": "dba", "origin": "inventory variable ansible_sudo_user (\(scratch))"])
    }

    @Test func list_hosts_prints_the_selected_hosts_one_a_line() throws {
        let result = try ScourCLI.run(["inventory", "-i", "\(Self.corpus)/guide.ini", "--list-hosts", "--limit", "webservers[1:2]"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "bar.example.com\nwww01.example.com\n")
        let none = try ScourCLI.run(["inventory", "-i", "\(Self.corpus)/guide.ini", "--list-hosts", "--limit", "nosuch"])
        #expect(none.status == 65)
    }

    @Test func graph_prints_groups_then_hosts_as_ansible_does() throws {
        let result = try ScourCLI.run(["inventory", "-i", "\(Self.corpus)/nested.yml", "--graph"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("@all:\n  |--@ungrouped:\n  |  |--solo\n  |--@web:\n  |  |--web1\n"))
    }

    @Test(arguments: [["inventory", "-i", "x.ini"], ["inventory", "h", "-i", "x.ini", "--list"], ["inventory", "-i", "x.ini", "--list", "--graph"], ["inventory", "-i", "x.ini", "--list", "--limit", "a"]])
    func modes_are_exclusive_and_one_is_needed(arguments: [String]) throws {
        #expect(try ScourCLI.run(arguments).status == 64)
    }
}
