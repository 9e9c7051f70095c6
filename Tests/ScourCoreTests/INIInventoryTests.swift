import Testing
@testable import ScourCore

/// Inventories written the way Ansible's "How to build your inventory" guide writes them.
@Suite struct INIInventoryTests {
    private func parse(_ text: String) throws -> Inventory {
        try Inventory.parse(text: text, path: "/inv/hosts.ini")
    }

    @Test func hosts_by_name_come_in_the_order_asked_and_missing_ones_are_named() throws {
        let inventory = try parse("a\nb\nc\n")
        #expect(try inventory.hosts(named: ["c", "a"]).map(\.name) == ["c", "a"])
        #expect(throws: InventoryError.self) { try inventory.hosts(named: ["a", "gone"]) }
        do { _ = try inventory.hosts(named: ["a", "gone", "lost"]) } catch let error as InventoryError {
            #expect(error.message == "hosts no longer in the inventory: gone, lost")
        }
    }

    @Test func groups_and_ungrouped_hosts_from_the_guide() throws {
        let inventory = try parse("""
            mail.example.com

            [webservers]
            foo.example.com
            bar.example.com

            [dbservers]
            one.example.com
            two.example.com
            three.example.com
            """)
        #expect(inventory.hosts.map(\.name) == ["mail.example.com", "foo.example.com", "bar.example.com",
                                                "one.example.com", "two.example.com", "three.example.com"])
        #expect(inventory.groups["webservers"]?.hosts == ["foo.example.com", "bar.example.com"])
        #expect(inventory.hosts[0].groups.contains("ungrouped"))
        #expect(!inventory.hosts[1].groups.contains("ungrouped"))
        #expect(inventory.hosts.allSatisfy { $0.groups.contains("all") })
    }

    @Test func ranges_expand_with_leading_zeros_letters_and_strides() throws {
        let inventory = try parse("""
            [webservers]
            www[01:03].example.com
            [databases]
            db-[a:c].example.com
            [odd]
            node[1:7:3]
            """)
        #expect(inventory.groups["webservers"]?.hosts == ["www01.example.com", "www02.example.com", "www03.example.com"])
        #expect(inventory.groups["databases"]?.hosts == ["db-a.example.com", "db-b.example.com", "db-c.example.com"])
        #expect(inventory.groups["odd"]?.hosts == ["node1", "node4", "node7"])
    }

    @Test func connection_variables_ports_and_literals() throws {
        let inventory = try parse("""
            [targets]
            localhost              ansible_connection=local
            other1.example.com     ansible_connection=ssh        ansible_user=myuser
            jumper ansible_port=5555 ansible_host=192.0.2.50
            badwolf.example.com:5309 http_port=80 maxRequestsPerChild=808 secure=True note="two words"
            """)
        let jumper = try #require(inventory.hosts.first { $0.name == "jumper" })
        #expect(jumper.address == "192.0.2.50" && jumper.port == 5555)
        #expect(inventory.hosts[1].user == "myuser")
        let badwolf = try #require(inventory.hosts.first { $0.name == "badwolf.example.com" })
        #expect(badwolf.port == 5309)
        #expect(badwolf.vars["http_port"] == .int(80))
        #expect(badwolf.vars["secure"] == .bool(true))
        #expect(badwolf.vars["note"] == .string("two words"))
    }

    @Test func variables_merge_from_all_then_parents_then_children_then_the_host() throws {
        let inventory = try parse("""
            [atlanta]
            host1
            host2 ntp_server=ntp.host2.example.com

            [raleigh]
            host2
            host3

            [southeast:children]
            atlanta
            raleigh

            [usa:children]
            southeast

            [all:vars]
            ntp_server=ntp.all.example.com
            proxy=proxy.example.com

            [usa:vars]
            ntp_server=ntp.usa.example.com
            ansible_user=usa

            [atlanta:vars]
            ntp_server=ntp.atlanta.example.com
            """)
        func vars(_ name: String) throws -> [String: InventoryValue] {
            try #require(inventory.hosts.first { $0.name == name }).vars
        }
        #expect(try vars("host1")["ntp_server"] == .string("ntp.atlanta.example.com"), "child group beats parent")
        #expect(try vars("host2")["ntp_server"] == .string("ntp.host2.example.com"), "host beats its groups")
        #expect(try vars("host3")["ntp_server"] == .string("ntp.usa.example.com"), "parent beats all")
        #expect(try vars("host3")["proxy"] == .string("proxy.example.com"))
        #expect(inventory.hosts.allSatisfy { $0.user == "usa" })
        let host1 = try #require(inventory.hosts.first { $0.name == "host1" })
        #expect(Set(host1.groups).isSuperset(of: ["atlanta", "southeast", "usa", "all"]))
    }

    @Test func key_files_resolve_relative_to_the_inventory_and_platform_is_read() throws {
        let inventory = try parse("""
            [iis]
            web1 ansible_ssh_private_key_file=keys/web1 scour_platform=windows
            web2 ansible_ssh_private_key_file=/etc/scour/web2
            """)
        #expect(inventory.hosts[0].privateKeyFile == "/inv/keys/web1")
        #expect(inventory.hosts[0].platform == .windows)
        #expect(inventory.hosts[1].privateKeyFile == "/etc/scour/web2")
    }

    @Test func a_password_is_kept_but_never_printed() throws {
        let inventory = try parse("h1 ansible_password=hunter2\n")
        #expect(inventory.hosts[0].password?.value == "hunter2")
        #expect("\(inventory.hosts[0].password!)" == "<redacted>")
    }

    @Test(arguments: [
        ("[web servers]\nh1\n", 1, "invalid section header"),
        ("[web]\nh1\n[web:parents]\nx\n", 3, "unknown section kind ':parents'"),
        ("[web]\nh1 novalue\n", 2, "expected key=value"),
        ("[web]\nh1\n\n[south:children]\nweb\nnorth\n", 6, "'north', a group that is defined nowhere"),
        ("[web]\nh1\n[db:vars]\nx=1\n", 3, "'db', a group that is defined nowhere"),
        ("[web]\nh[3:1]\n", 2, "range"),
        ("[web]\nh1 ansible_port=70000\n", 2, "ansible_port must be a number from 1 to 65535"),
        ("[web]\nh1 scour_platform=solaris\n", 2, "scour_platform must be linux or windows"),
        ("[a:children]\nb\n[b:children]\na\n", nil, "cycle"),
    ] as [(String, Int?, String)])
    func errors_point_at_the_line(text: String, line: Int?, message: String) {
        do {
            _ = try parse(text)
            Issue.record("expected an error containing '\(message)'")
        } catch let error as InventoryError {
            if let line { #expect(error.line == line, "\(error)") }
            #expect(error.message.contains(message), "\(error)")
            #expect(error.description.hasPrefix("/inv/hosts.ini:"), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
