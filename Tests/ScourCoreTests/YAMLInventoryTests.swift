import Testing
@testable import ScourCore

/// YAML inventories as Ansible's guide writes them; they must mean what the INI forms mean.
@Suite struct YAMLInventoryTests {
    private func parse(_ text: String) throws -> Inventory {
        try Inventory.parse(text: text, path: "/inv/hosts.yml")
    }

    @Test func the_guides_example_with_children_and_vars() throws {
        let inventory = try parse("""
            all:
              hosts:
                mail.example.com:
              vars:
                ntp_server: ntp.all.example.com
              children:
                webservers:
                  hosts:
                    foo.example.com:
                    bar.example.com:
                      http_port: 8080
                  vars:
                    ntp_server: ntp.web.example.com
                dbservers:
                  hosts:
                    one.example.com:
                      ansible_host: 192.0.2.11
                      ansible_port: 2222
                      ansible_user: dba
                    two.example.com:
                prod:
                  children:
                    webservers:
                    dbservers:
            """)
        #expect(inventory.hosts.map(\.name) == ["mail.example.com", "foo.example.com", "bar.example.com", "one.example.com", "two.example.com"])
        let bar = try #require(inventory.hosts.first { $0.name == "bar.example.com" })
        #expect(bar.vars["http_port"] == .int(8080))
        #expect(bar.vars["ntp_server"] == .string("ntp.web.example.com"))
        let one = try #require(inventory.hosts.first { $0.name == "one.example.com" })
        #expect(one.address == "192.0.2.11" && one.port == 2222 && one.user == "dba")
        #expect(one.vars["ntp_server"] == .string("ntp.all.example.com"))
        #expect(one.groups.contains("prod"))
        #expect(inventory.hosts[0].groups.contains("ungrouped"))
    }

    @Test func ranges_work_in_yaml_host_keys() throws {
        let inventory = try parse("""
            webservers:
              hosts:
                www[01:02].example.com:
            """)
        #expect(inventory.hosts.map(\.name) == ["www01.example.com", "www02.example.com"])
    }

    @Test func an_ini_and_a_yaml_inventory_of_the_same_fleet_agree() throws {
        let ini = try Inventory.parse(text: """
            [web]
            w1 ansible_host=10.0.0.1
            w2
            [web:vars]
            ansible_user=ops
            """, path: "/inv/a.ini")
        let yaml = try parse("""
            web:
              hosts:
                w1: {ansible_host: 10.0.0.1}
                w2:
              vars: {ansible_user: ops}
            """)
        #expect(ini.hosts.map(\.name) == yaml.hosts.map(\.name))
        #expect(ini.hosts.map(\.address) == yaml.hosts.map(\.address))
        #expect(ini.hosts.map(\.user) == yaml.hosts.map(\.user))
    }

    @Test(arguments: [
        ("web:\n  hosts:\n    - w1\n", "hosts"),
        ("web:\n  hosts:\n    w1:\n      ansible_port: ssh\n", "ansible_port"),
        ("web:\n  childs:\n    db:\n", "childs"),
    ])
    func errors_name_the_file_and_line(text: String, message: String) {
        do {
            _ = try parse(text)
            Issue.record("expected an error containing '\(message)'")
        } catch let error as InventoryError {
            #expect(error.line != nil, "\(error)")
            #expect(error.message.contains(message), "\(error)")
            #expect(error.description.hasPrefix("/inv/hosts.yml:"), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
