import Foundation
import Testing
@testable import ScourCore

/// `--limit` patterns with Ansible's meaning.
@Suite struct HostPatternTests {
    let inventory: Inventory

    init() throws {
        inventory = try Inventory.parse(text: """
            [webservers]
            web1
            web2
            web3
            [staging]
            web3
            db2
            [dbservers]
            db1
            db2
            [prod:children]
            webservers
            dbservers
            [cache]
            db1
            [misc]
            cache
            """, path: "/inv/hosts.ini")
    }

    private func select(_ pattern: String) throws -> [String] {
        try inventory.select(HostPattern(parsing: pattern)).map(\.name)
    }

    @Test(arguments: [
        ("all", ["web1", "web2", "web3", "db2", "db1", "cache"]),
        ("*", ["web1", "web2", "web3", "db2", "db1", "cache"]),
        ("web2", ["web2"]),
        ("dbservers", ["db2", "db1"]),
        ("webservers:dbservers", ["web1", "web2", "web3", "db2", "db1"]),
        ("webservers,db1", ["web1", "web2", "web3", "db1"]),
        ("web*", ["web1", "web2", "web3"]),
        ("db[!1]", ["db2"]),
        ("web[!2]", ["web1", "web3"]),
        ("~web[", ["web1", "web2", "web3"]),
        ("~web[13]", ["web1", "web3"]),
        ("prod:!staging", ["web1", "web2", "db1"]),
        ("webservers:&staging", ["web3"]),
        ("!staging:webservers", ["web1", "web2"]),
        ("webservers,dbservers,&staging,!db2", ["web3"]),
        ("dbserv*", ["db2", "db1"]),
        ("web1 db1", ["web1", "db1"]),
        ("web1:db1", ["web1", "db1"]),
        (" web1 , db1 ", ["web1", "db1"]),
        ("~.*b1", ["web1", "db1"]),
        ("staging:&~web", ["web3"]),
    ])
    func selects(pattern: String, expected: [String]) throws {
        #expect(try select(pattern) == expected)
    }

    /// Positions, as Ansible's `_apply_subscript` (checked against ansible-core 2.19): `all`
    /// orders its own groups' hosts first (staging), then prod's children's.
    @Test(arguments: [
        ("webservers[0]", ["web1"]),
        ("webservers[-1]", ["web3"]),
        ("webservers[0:1]", ["web1", "web2"]),
        ("dbservers[1:]", ["db2"]),
        ("all[0]", ["web3"]),
        ("web*[0]", ["web1"]),
        ("prod[1:0]", ["web2"]),
        ("nogroup*,staging[1]", ["db2"]),
        ("webservers[1:9]", ["web2", "web3"]),
    ])
    func positions(pattern: String, expected: [String]) throws {
        #expect(try select(pattern) == expected)
    }

    @Test func a_name_that_is_a_host_and_a_group_is_the_host_but_excluding_it_excludes_the_group() throws {
        #expect(try select("cache") == ["cache"])
        #expect(try select("!cache") == ["web1", "web2", "web3", "db2", "cache"])
    }

    @Test func a_regex_is_anchored_at_the_start_of_the_name() {
        #expect(throws: InventoryError.self) { try select("~b1") }
    }

    @Test func a_position_past_the_end_is_an_error_and_brackets_after_an_unknown_name_select_nothing() {
        #expect(throws: InventoryError.self) { try select("dbservers[12]") }
        #expect(throws: InventoryError.self) { try select("db[12]") }
    }

    @Test func positions_in_a_group_whose_order_Ansible_leaves_open_are_refused() throws {
        let nested = try Inventory.parse(text: """
            [a]
            h1
            [b]
            h2
            [x:children]
            a
            [y:children]
            b
            [top:children]
            x
            y
            [other:children]
            y
            """, path: "/inv/nested.ini")
        #expect(throws: InventoryError.self) { try nested.select(HostPattern(parsing: "all[0]")) }
        #expect(throws: InventoryError.self) { try nested.select(HostPattern(parsing: "top[0:]")) }
        #expect(try nested.select(HostPattern(parsing: "x[0],y[-1]")).map(\.name) == ["h1", "h2"])
    }

    @Test func a_limit_file_holds_one_term_a_line() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("limit-\(UUID().uuidString)").path
        try "web1\n!staging\n\ndbservers\n".write(toFile: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(try select("@\(file)") == ["web1", "db1"])
        #expect(throws: InventoryError.self) { try HostPattern(parsing: "@/nonexistent/limit") }
    }

    @Test func a_pattern_that_selects_nothing_is_an_error() {
        #expect(throws: InventoryError.self) { try select("nosuchhost") }
        #expect(throws: InventoryError.self) { try select("webservers:&dbservers") }
    }

    /// Ansible selects every host for an empty pattern; Scour refuses it.
    @Test(arguments: ["", " , ", ",", "!", "~web(", "&", "web,!"])
    func malformed_patterns_are_refused(pattern: String) {
        #expect(throws: InventoryError.self) { try HostPattern(parsing: pattern) }
    }
}
