import Testing
@testable import ScourCore

/// Values, host lines and listings as ansible-core 2.19 reads and prints them (each expectation
/// checked with ansible-inventory --list / --graph).
@Suite struct InventoryTypingTests {
    @Test(arguments: [
        ("80", InventoryValue.int(80)), ("-3", .int(-3)), ("1_000", .int(1000)), ("0x1f", .int(31)), ("0o17", .int(15)),
        ("017", .string("017")), ("1.5", .double(1.5)), ("True", .bool(true)), ("true", .string("true")),
        ("yes", .string("yes")), ("None", .null), ("'quoted'", .string("quoted")), ("\"yes\"", .string("yes")),
        ("[1, 'a', True]", .list([.int(1), .string("a"), .bool(true)])), ("{'k': 2}", .map(["k": .int(2)])),
        ("hello world", .string("hello world")), ("", .string("")), ("(1)", .int(1)), ("(1,)", .list([.int(1)])),
        ("1e3", .double(1000)),
    ])
    func ini_values_are_python_literals(text: String, expected: InventoryValue) {
        #expect(PythonLiteral.value(text) == expected)
    }

    @Test func yaml_scalars_follow_yaml_1_1_as_ansible_loads_them() throws {
        let inventory = try Inventory.parse(text: """
            all:
              hosts:
                h1: {a: yes, b: on, c: 0o17, d: 017, e: ~, f: 1e3, g: "yes", h: 1_000, i: 1.5, j: Off, k: }
            """, path: "/inv/hosts.yml")
        let vars = inventory.hosts[0].vars
        #expect(vars["a"] == .bool(true))
        #expect(vars["b"] == .bool(true))
        #expect(vars["c"] == .string("0o17"))
        #expect(vars["d"] == .int(15))
        #expect(vars["e"] == .null)
        #expect(vars["f"] == .string("1e3"))
        #expect(vars["g"] == .string("yes"))
        #expect(vars["h"] == .int(1000))
        #expect(vars["i"] == .double(1.5))
        #expect(vars["j"] == .bool(false))
        #expect(vars["k"] == .null)
    }

    @Test func ini_host_lines_take_ipv6_addresses_and_ports_as_ansible_does() throws {
        let inventory = try Inventory.parse(text: """
            [v6]
            [2001:db8::5]:2200
            2001:db8::6
            192.0.2.1:2222 note=a#comment
            """, path: "/inv/hosts.ini")
        #expect(inventory.hosts.map(\.name) == ["2001:db8::5", "2001:db8::6", "192.0.2.1"])
        #expect(inventory.hosts.map(\.port) == [2200, nil, 2222])
        #expect(inventory.hosts[2].vars["note"] == .string("a"))
    }

    @Test func children_named_before_their_section_follow_it() throws {
        let inventory = try Inventory.parse(text: """
            [b]
            h2
            [top:children]
            a
            b
            [a]
            h1
            """, path: "/inv/hosts.ini")
        #expect(inventory.groups["top"]?.children == ["b", "a"])
        #expect(AnsibleInventoryListing.graph(inventory) == [
            "@all:", "  |--@ungrouped:", "  |--@top:", "  |  |--@b:", "  |  |  |--h2", "  |  |--@a:", "  |  |  |--h1",
        ])
    }

    @Test func a_host_named_as_a_group_with_variables_is_refused() {
        #expect(throws: InventoryError.self) {
            try Inventory.parse(text: "[web]\nh1\n[db]\nweb port=1\n", path: "/inv/hosts.ini")
        }
        #expect(throws: InventoryError.self) { try Inventory.parse(text: "web\n[web]\nh1\n", path: "/inv/hosts.ini") }
    }

    @Test func the_listing_shows_declared_values_and_redacts_secrets() throws {
        let inventory = try Inventory.parse(text: """
            [web]
            h1 ansible_become_password=s3cret app="{{ x }}" x=1
            h2
            """, path: "/inv/hosts.ini")
        let listing = AnsibleInventoryListing.list(inventory)
        let hostvars = (listing["_meta"] as? [String: Any])?["hostvars"] as? [String: [String: Any]]
        #expect(hostvars?["h1"]?["ansible_become_password"] as? String == "<redacted>")
        #expect(hostvars?["h1"]?["app"] as? String == "{{ x }}")
        #expect(hostvars?["h2"] == nil)
        #expect((listing["web"] as? [String: Any])?["hosts"] as? [String] == ["h1", "h2"])
        #expect(try AnsibleInventoryListing.listHosts(inventory, pattern: HostPattern(parsing: "web[-1]")) == ["h2"])
        #expect(AnsibleInventoryListing.json(["x": 1000.0, "y": [true, 1], "z": "a\u{1B}"]) == """
            {
                "x": 1000.0,
                "y": [
                    true,
                    1
                ],
                "z": "a\\u001b"
            }
            """)
    }
}
