import Foundation
import Testing
@testable import ScourCore

/// A folder given as the inventory, and `group_vars/` / `host_vars/` beside an inventory.
@Suite struct InventoryFolderTests {
    @Test func every_source_of_a_folder_is_merged_in_name_order_skipping_what_ansible_skips() throws {
        let folder = try InventoryTestFolder()
        try folder.write("10-web.ini", "[web]\nweb1 ansible_user=first\n[web:vars]\nrole=web\n")
        try folder.write("20-more.yml", "all:\n  children:\n    web:\n      hosts:\n        web1:\n          ansible_user: second\n        web2:\n")
        try folder.write("30-cloud", "#!/bin/sh\necho '{\"db\": [\"db1\"], \"_meta\": {\"hostvars\": {}}}'\n", executable: true)
        try folder.write("nested/40-extra", "[extra]\nx1\n")
        for skipped in [".hidden", "notes.md", "old.bak", "hosts~", "a.orig", "ansible.cfg", "last.retry", "mod.pyc", "readme.txt"] {
            try folder.write(skipped, "[skipped]\nmust-not-appear\n")
        }
        try folder.write("group_vars/web.yml", "role: from-group-vars\n")
        let inventory = try Inventory.load(path: folder.path)
        #expect(inventory.hosts.map(\.name) == ["web1", "web2", "db1", "x1"])
        #expect(inventory.hosts[0].user == "second")  // the later source wins
        #expect(inventory.groups["skipped"] == nil)
        #expect(inventory.hosts[1].vars["role"] == .string("from-group-vars"))
    }

    @Test func sources_of_a_folder_may_refer_to_groups_defined_by_another() throws {
        let folder = try InventoryTestFolder()
        try folder.write("a-hosts", "[web]\nweb1\n")
        try folder.write("b-vars", "[web:vars]\nansible_port=2222\n")
        #expect(try Inventory.load(path: folder.path).hosts[0].port == 2222)
    }

    @Test func errors_in_a_folder_name_the_file_they_are_in() throws {
        let folder = try InventoryTestFolder()
        try folder.write("a", "[web]\nweb1\n")
        let bad = try folder.write("b", "[db]\ndb1 ansible_port=70000\n")
        do { _ = try Inventory.load(path: folder.path); Issue.record("loaded") } catch let error as InventoryError {
            #expect(error.description == "\(bad):2: error: host 'db1': ansible_port must be a number from 1 to 65535, not '70000'")
        }
    }

    @Test func group_vars_and_host_vars_follow_ansibles_precedence() throws {
        let folder = try InventoryTestFolder()
        let inventory = try folder.write("hosts.ini", """
            [parent:children]
            child
            [child]
            h1 from_host=inventory
            [parent:vars]
            a=parent-inventory
            [child:vars]
            a=child-inventory
            b=child-inventory
            [all:vars]
            c=all-inventory
            """)
        try folder.write("group_vars/all.yml", "c: all-file\nb: all-file\n")
        try folder.write("group_vars/parent/main.yml", "a: parent-file\n")
        try folder.write("group_vars/parent/.hidden.yml", "a: hidden\n")
        try folder.write("host_vars/h1", "from_host: host-file\n")
        let host = try Inventory.load(path: inventory).hosts[0]
        #expect(host.vars["c"] == .string("all-file"))  // group_vars/all over [all:vars]
        #expect(host.vars["b"] == .string("child-inventory"))  // any group's own over group_vars/all
        #expect(host.vars["a"] == .string("parent-file"))  // group_vars/ of any group over groups' own
        #expect(host.vars["from_host"] == .string("host-file"))
    }

    @Test func a_malformed_variables_file_is_an_error_at_its_line() throws {
        let folder = try InventoryTestFolder()
        let inventory = try folder.write("hosts", "[web]\nw1\n")
        let bad = try folder.write("group_vars/web.yaml", "a: 1\n- b\n")
        do { _ = try Inventory.load(path: inventory); Issue.record("loaded") } catch let error as InventoryError {
            #expect(error.path == bad)
            #expect(error.line == 2)
        }
    }

    @Test func a_missing_inventory_says_so() {
        #expect(throws: InventoryError.self) { try Inventory.load(path: "/nonexistent/inventory") }
    }
}
