import Foundation
import Testing
@testable import ScourCore

/// Dynamic inventories: real executables written into a temporary folder and run.
@Suite struct InventoryScriptTests {
    private func error(loading path: String, _ limits: Inventory.ScriptLimits = .init()) -> InventoryError? {
        do { _ = try Inventory.load(path: path, scripts: limits); return nil } catch { return error as? InventoryError }
    }

    @Test func groups_children_vars_and_meta_hostvars_follow_the_script_protocol() throws {
        let folder = try InventoryTestFolder()
        let script = try folder.write("inventory.sh", #"""
            #!/bin/sh
            [ "$1" = "--list" ] || exit 3
            cat <<'JSON'
            {
              "web": {"hosts": ["web1", "web2"], "vars": {"http_port": 80, "ansible_user": "ops"}},
              "db": ["db1"],
              "prod": {"children": ["web", "db"], "vars": {"tier": "prod", "ansible_become": "yes"}},
              "all": {"vars": {"ansible_port": 2222}},
              "_meta": {"hostvars": {"web1": {"ansible_host": "192.0.2.10", "ansible_user": "deploy"},
                                     "db1": {"nested": {"a": [1, true, null]}}}}
            }
            JSON
            """#, executable: true)
        let inventory = try Inventory.load(path: script)
        #expect(inventory.hosts.map(\.name) == ["web1", "web2", "db1"])
        let web1 = try #require(inventory.hosts.first { $0.name == "web1" })
        #expect(web1.address == "192.0.2.10")
        #expect(web1.user == "deploy")  // host variables beat group ones
        #expect(web1.port == 2222)
        #expect(web1.become.enabled == true)
        #expect(web1.groups == ["all", "prod", "web"])
        #expect(inventory.hosts[1].user == "ops")
        #expect(inventory.hosts[2].vars["nested"] == .map(["a": .list([.int(1), .bool(true), .null])]))
        #expect(try inventory.select(HostPattern(parsing: "prod")).count == 3)
    }

    @Test func without_meta_each_host_is_asked_for_with_host() throws {
        let folder = try InventoryTestFolder()
        let script = try folder.write("inv", #"""
            #!/bin/sh
            case "$1" in
              --list) echo '{"web": ["a", "b"]}' ;;
              --host) echo "{\"ansible_host\": \"$2.example\"}" ;;
            esac
            """#, executable: true)
        let inventory = try Inventory.load(path: script)
        #expect(inventory.hosts.map(\.address) == ["a.example", "b.example"])
    }

    @Test func the_short_form_group_object_is_a_host_with_variables() throws {
        let folder = try InventoryTestFolder()
        let script = try folder.write("inv", "#!/bin/sh\necho '{\"solo\": {\"ansible_port\": 2200}, \"_meta\": {}}'\n", executable: true)
        let inventory = try Inventory.load(path: script)
        #expect(inventory.hosts.map(\.name) == ["solo"])
        #expect(inventory.hosts[0].port == 2200)
    }

    @Test func bad_json_says_where_and_shows_the_start_escaped() throws {
        let folder = try InventoryTestFolder()
        let script = try folder.write("inv", "#!/bin/sh\nprintf '{\"web\": [\"a\",\\n  \"b\" \"c\"]}\\033'\n", executable: true)
        let error = try #require(self.error(loading: script))
        #expect(error.path == script)
        #expect(error.message.contains("is not JSON: line 2, column 7 (byte 20): unexpected '\"', expected ',' or ']'"))
        #expect(error.message.contains(#"it starts: "{\"web\": [\"a\",\n  \"b\" \"c\"]}\x1B""#))
    }

    @Test func a_non_object_answer_is_refused() throws {
        let folder = try InventoryTestFolder()
        let script = try folder.write("inv", "#!/bin/sh\necho '[1, 2]'\n", executable: true)
        #expect(error(loading: script)?.message.contains("must be a JSON object") == true)
    }

    @Test func a_failing_script_reports_its_exit_status_and_the_tail_of_stderr() throws {
        let folder = try InventoryTestFolder()
        let script = try folder.write("inv", "#!/bin/sh\nseq 1 2000 >&2\necho 'cloud API: 403 Forbidden' >&2\nexit 7\n", executable: true)
        let message = try #require(error(loading: script)?.message)
        #expect(message.hasPrefix("the inventory script failed (exit 7) on --list: "))
        #expect(message.hasSuffix("2000\\ncloud API: 403 Forbidden\\n"))
        #expect(!message.contains("\\n1\\n2\\n"))  // only the tail
    }

    @Test func a_slow_script_is_stopped_at_the_timeout_with_its_children() throws {
        let folder = try InventoryTestFolder()
        let marker = folder.path + "/child-survived"
        let script = try folder.write("inv", "#!/bin/sh\n(sleep 2; touch \(marker)) &\nsleep 30\n", executable: true)
        let start = ContinuousClock.now
        let message = try #require(error(loading: script, .init(timeout: .milliseconds(300)))?.message)
        #expect(ContinuousClock.now - start < .seconds(5))
        #expect(message == "the inventory script did not finish --list within 300ms; it was stopped")
        Thread.sleep(forTimeInterval: 2.5)
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test func output_past_the_cap_stops_the_script() throws {
        let folder = try InventoryTestFolder()
        let script = try folder.write("inv", "#!/bin/sh\nexec yes '{\"padding\": 1}'\n", executable: true)
        let message = try #require(error(loading: script, .init(outputLimit: 1 << 20))?.message)
        #expect(message == "the inventory script wrote more than 1 MiB for --list; it was stopped")
    }

    @Test func an_executable_file_that_is_not_a_program_is_read_as_text() throws {
        let folder = try InventoryTestFolder()
        let inventory = try folder.write("hosts", "[web]\nweb1\n", executable: true)
        #expect(try Inventory.load(path: inventory).hosts.map(\.name) == ["web1"])
    }

    @Test func json_errors_name_line_column_and_byte() throws {
        func syntaxError(_ text: String) -> JSONValue.SyntaxError? {
            do { _ = try JSONValue.parse(Array(text.utf8)); return nil } catch { return error }
        }
        #expect(syntaxError("{\"a\": tru}")?.description == "line 1, column 10 (byte 9): unexpected '}' in 'true'")
        #expect(syntaxError("")?.description == "line 1, column 1 (byte 0): unexpected end of input, expected a value")
        #expect(syntaxError("{\"a\": 1} x")?.description == "line 1, column 10 (byte 9): unexpected 'x' after the document")
        #expect(syntaxError("[01]")?.message == "a number may not start with 0")
        #expect(syntaxError("\"a\tb\"")?.message == "a control character (0x9) inside a string; escape it")
        #expect(syntaxError(String(repeating: "[", count: 600))?.message == "nested deeper than 512 levels")
        #expect(try JSONValue.parse(Array(#"{"s": "\u00e9\ud83d\ude00\n", "n": -1.5e2, "i": 42}"#.utf8))
            == .object([("s", .string("é😀\n")), ("n", .double(-150)), ("i", .int(42))]))
    }
}
