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
            """, path: "/inv/hosts.ini")
    }

    private func select(_ pattern: String) throws -> [String] {
        try inventory.select(HostPattern(parsing: pattern)).map(\.name)
    }

    @Test(arguments: [
        ("all", ["web1", "web2", "web3", "db2", "db1"]),
        ("*", ["web1", "web2", "web3", "db2", "db1"]),
        ("web2", ["web2"]),
        ("dbservers", ["db2", "db1"]),
        ("webservers:dbservers", ["web1", "web2", "web3", "db2", "db1"]),
        ("webservers,db1", ["web1", "web2", "web3", "db1"]),
        ("web*", ["web1", "web2", "web3"]),
        ("db[12]", ["db2", "db1"]),
        ("~web[13]", ["web1", "web3"]),
        ("prod:!staging", ["web1", "web2", "db1"]),
        ("webservers:&staging", ["web3"]),
        ("!staging:webservers", ["web1", "web2"]),
        ("webservers,dbservers,&staging,!db2", ["web3"]),
        ("dbserv*", ["db2", "db1"]),
    ])
    func selects(pattern: String, expected: [String]) throws {
        #expect(try select(pattern) == expected)
    }

    @Test func a_pattern_that_selects_nothing_is_an_error() {
        #expect(throws: InventoryError.self) { try select("nosuchhost") }
        #expect(throws: InventoryError.self) { try select("webservers:&dbservers") }
    }

    @Test(arguments: ["", " , ", "!", "~web[", "&"])
    func malformed_patterns_are_refused(pattern: String) {
        #expect(throws: InventoryError.self) { try HostPattern(parsing: pattern) }
    }
}
