import Testing
@testable import ScourCore

/// Readings checked against ansible-core 2.19: YAML merge keys, `{{ }}` references, and which
/// of two aliases of a setting wins.
@Suite struct InventoryAnsibleReadingTests {
    @Test func yaml_merge_keys_are_merged_and_own_keys_win() throws {
        let inventory = try Inventory.parse(text: """
            all:
              vars:
                bastion: &via_bastion
                  unused: 1
              children:
                web:
                  vars:
                    <<: [*via_bastion, {ansible_user: ops, ansible_port: 2200}]
                    ansible_port: 2222
                  hosts:
                    web1:
            """, path: "/inv/hosts.yml")
        let host = inventory.hosts[0]
        #expect(host.user == "ops")
        #expect(host.port == 2222)
        #expect(host.vars["unused"] == .int(1))
        #expect(host.vars["<<"] == nil)
    }

    @Test func plain_references_are_rendered_keeping_their_type() throws {
        let inventory = try Inventory.parse(text: """
            [web]
            web1.example.com ansible_host="{{ myhost }}" myhost=192.0.2.7 ansible_port="{{ p }}" p=2200 label="{{ inventory_hostname_short }}-x"
            """, path: "/inv/hosts.ini")
        let host = inventory.hosts[0]
        #expect(host.address == "192.0.2.7")
        #expect(host.port == 2200)
        #expect(host.vars["label"] == .string("web1-x"))
        #expect(host.declaredVars["ansible_host"] == .string("{{ myhost }}"))
        #expect(host.refusal == nil)
    }

    /// As ansible-core 2.19 renders them (`ansible HOST -m debug`): `inventory_hostname_short` of
    /// an IP address is the whole address; `group_names` is a sorted list, written as Python
    /// writes it inside text, as are booleans and None (nothing).
    @Test func magic_variables_are_rendered_as_ansible_renders_them() throws {
        let inventory = try Inventory.parse(text: """
            10.0.0.5 short="{{ inventory_hostname_short }}" names="{{ group_names }}"
            [web]
            web1.example.com short="{{ inventory_hostname_short }}" names="{{ group_names }}" text="in {{ group_names }}"
            web2 mixed="{{ flag }}/{{ empty }}/{{ items }}" flag=True empty=None items="[1, 'a', \\\"b'c\\\", None]"
            [db:children]
            web
            [ungrouped]
            both names="{{ group_names }}"
            [other]
            both
            """, path: "/inv/hosts.ini")
        let host = Dictionary(uniqueKeysWithValues: inventory.hosts.map { ($0.name, $0) })
        #expect(host["10.0.0.5"]?.vars["short"] == .string("10.0.0.5"))
        #expect(host["10.0.0.5"]?.vars["names"] == .list([.string("ungrouped")]))
        #expect(host["web1.example.com"]?.vars["short"] == .string("web1"))
        #expect(host["web1.example.com"]?.vars["names"] == .list([.string("db"), .string("web")]))
        #expect(host["web1.example.com"]?.vars["text"] == .string("in ['db', 'web']"))
        #expect(host["web2"]?.vars["mixed"] == .string("True//[1, 'a', \"b'c\", None]"))
        #expect(host["both"]?.vars["names"] == .list([.string("other")]))
        #expect(inventory.hosts.allSatisfy { $0.refusal == nil })
    }

    /// Ansible's magic variables replace an inventory variable of the same name: the three Scour
    /// renders take Ansible's value; a host setting another is refused; `--list` leaves them out
    /// as `ansible-inventory --list` does.
    @Test func inventory_variables_named_as_magic_ones_are_read_as_ansible_reads_them() throws {
        let inventory = try Inventory.parse(text: """
            shadow inventory_hostname=foo group_names=bar label="{{ inventory_hostname }}"
            shadow2 groups=1 label=x
            """, path: "/inv/hosts.ini")
        #expect(inventory.hosts[0].vars["inventory_hostname"] == .string("shadow"))
        #expect(inventory.hosts[0].vars["group_names"] == .list([.string("ungrouped")]))
        #expect(inventory.hosts[0].vars["label"] == .string("shadow"))
        #expect(inventory.hosts[0].refusal == nil)
        #expect(inventory.hosts[1].refusal?.contains("host 'shadow2': sets 'groups', the name of Ansible's magic variable") == true)
        let meta = AnsibleInventoryListing.list(inventory)["_meta"] as? [String: Any]
        let hostvars = try #require(meta?["hostvars"] as? [String: [String: Any]])
        #expect(hostvars["shadow"]?.keys.sorted() == ["label"])
        #expect(hostvars["shadow2"]?.keys.sorted() == ["label"])
    }

    @Test(arguments: [
        ("ansible_host=\"{{ myhost | default('x') }}\"", ["ansible_host", "more than a variable name"]),
        ("ansible_user=\"{{ nosuch }}\"", ["nosuch", "not a variable of host 'web1'"]),
        ("app=\"{% if x %}y{% endif %}\"", ["app"]),
        ("ansible_user=\"{{ a }}\" a=\"{{ ansible_user }}\"", ["refers to itself"]),
        ("label=\"{{ groups }}\"", ["label=", "'groups' is Ansible's magic variable"]),
        ("label=\"{{ hostvars['web2'].x }}\"", ["label=", "magic variable 'hostvars'"]),
        ("label=\"{{ inventory_dir }}\"", ["'inventory_dir' is Ansible's magic variable"]),
        ("label=\"{{ ansible_host }}\"", ["'ansible_host' is not set for host 'web1'"]),
        ("label=\"{{ ansible_hostname }}\"", ["'ansible_hostname' is not a variable of host 'web1'", "fact"]),
        ("label=\"x{{ f }}\" f=1.5", ["label=", "float inside text"]),
    ])
    func other_templates_refuse_the_host_naming_the_variable_and_the_host(vars: String, named: [String]) throws {
        let inventory = try Inventory.parse(text: "[web]\nweb1 \(vars)\n", path: "/inv/hosts.ini")
        let refusal = try #require(inventory.hosts[0].refusal)
        #expect(refusal.hasPrefix("host 'web1': "))
        for part in named { #expect(refusal.contains(part), "\(refusal)") }
    }

    @Test func an_unhonoured_ansible_variable_with_a_template_does_not_refuse_the_host() throws {
        let inventory = try Inventory.parse(text: "web1 ansible_python_interpreter=\"{{ ansible_playbook_python }}\"\n", path: "/inv/hosts.ini")
        #expect(inventory.hosts[0].refusal == nil)
    }

    /// ansible-core 2.19 takes the last alias that is set, at any level: `ansible_ssh_user` on a
    /// group beats `ansible_user` on the host (seen with `ansible -vvv`: "USER: groupssh").
    @Test func the_ssh_alias_wins_wherever_it_is_set() throws {
        let inventory = try Inventory.parse(text: """
            [web]
            h1 ansible_ssh_user=hostssh ansible_ssh_port=2201
            h2 ansible_user=hostplain ansible_host=10.0.0.2
            [web:vars]
            ansible_user=groupplain
            ansible_ssh_user=groupssh
            ansible_port=2300
            ansible_ssh_host=10.9.9.9
            ansible_become_password=a
            ansible_sudo_pass=b
            """, path: "/inv/hosts.ini")
        #expect(inventory.hosts.map(\.user) == ["hostssh", "groupssh"])
        #expect(inventory.hosts.map(\.port) == [2201, 2300])
        #expect(inventory.hosts[1].address == "10.9.9.9")
        #expect(inventory.hosts[1].become.password?.value == "b")
    }
}
