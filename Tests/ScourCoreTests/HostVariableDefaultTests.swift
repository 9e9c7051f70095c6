import ScourSyntax
import Testing
@testable import ScourCore

/// `host.X ?? default`: what analysis makes of it, how it evaluates, and the plan-time check
/// that every host sets the host variables read without a default.
@Suite struct HostVariableDefaultTests {
    static func load(_ steps: String, purpose: AnalysisPurpose = .execute) -> LoadedPlaybook {
        let text = """
            playbook "p" {
              platform = linux
            \(steps)
            }

            """
        return LoadedPlaybook.analyze(SourceFile(path: "t.scour", text: text), purpose: purpose)
    }

    static let defaulted = load("""
          run "r" {
            when    = host.role ?? "web" == "web" && host.tier == "1"
            command = "cd ${host.web_root ?? "/var/www/html"} && echo ${host.port ?? 8080} ${host.name} ${host.tier}"
          }
        """)

    @Test func aDefaultBecomesPartOfTheConditionAndTheCommand() throws {
        let playbook = try #require(Self.defaulted.playbook, "\(Self.defaulted.diagnostics)")
        #expect(Self.defaulted.diagnostics.isEmpty)
        let step = playbook.steps[0]
        #expect(step.when == .and(.compare(.equal, .host("role", default: .string("web")), .literal(.string("web"))),
                                  .compare(.equal, .host("tier"), .literal(.string("1")))))
        #expect(step.when?.words == "host variable role (\"web\" where unset) is \"web\" and host variable tier is \"1\"")
        let command = try #require(step.commandTemplate)
        let unset = EvaluationContext(detected: [], params: [:], host: ["name": "h1"], changed: false)
        #expect(command.render(in: unset) { "'\($0)'" } == "cd '/var/www/html' && echo '8080' 'h1' ''")
        let set = EvaluationContext(detected: [], params: [:], host: ["name": "h1", "web_root": "/srv/www", "port": "81", "tier": "1"],
                                    changed: false)
        #expect(command.render(in: set) { "'\($0)'" } == "cd '/srv/www' && echo '81' 'h1' '1'")
        #expect(step.when?.evaluate(in: set) == .bool(true))
        #expect(step.when?.evaluate(in: unset) == .bool(false), "tier is '' where unset")
    }

    @Test func onlyVariablesWithoutADefaultMustBeSet() throws {
        let playbook = try #require(Self.defaulted.playbook)
        #expect(playbook.hostVariables.map(\.name) == ["tier"], "role, web_root and port have defaults; name is always set")
        #expect(playbook.hostVariables[0].range.start.line == 4)
    }

    @Test func checkWithoutAnInventoryWarnsOncePerVariable() {
        let loaded = Self.load("""
              run "a" { command = "echo ${host.role}" }
              run "b" {
                when    = host.role == "web"
                command = "echo ${host.rol}"
              }
            """, purpose: .check)
        #expect(loaded.playbook != nil)
        #expect(loaded.diagnostics.map(\.severity) == [.warning, .warning])
        #expect(loaded.diagnostics.map(\.message) == [
            "every host must set the host variable 'role': plan and apply stop if one does not",
            "every host must set the host variable 'rol': plan and apply stop if one does not",
        ])
        #expect(loaded.diagnostics[1].help == "the playbook also reads host.role: is one of the two misspelt?")
    }

    static func hosts(_ count: Int, setting variables: [String: String] = [:]) -> [(name: String, variables: [String: String])] {
        (1...count).map { ("web\($0)", ["name": "web\($0)", "address": "10.0.0.\($0)"].merging(variables) { $1 }) }
    }

    @Test func planRefusesHostsThatLackAVariable() throws {
        let playbook = try #require(Self.defaulted.playbook)
        #expect(HostVariableCheck.diagnostics(playbook, hosts: Self.hosts(3, setting: ["tier": "1"])).isEmpty)
        let hosts = Self.hosts(2, setting: ["tier": "1"]) + Self.hosts(9).dropFirst(2)
        let diagnostics = HostVariableCheck.diagnostics(playbook, hosts: hosts)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.severity == .error)
        #expect(diagnostics.first?.message
                == "host variable 'tier' is not set on 7 of the 9 hosts: 'web3', 'web4', 'web5', 'web6', 'web7' and 2 more")
        #expect(diagnostics.first?.range == playbook.hostVariables[0].range)
        #expect(diagnostics.first?.help?.contains("host.tier ?? ") == true)
    }

    @Test func aMisspeltInventoryVariableIsToBeFixedInTheInventory() throws {
        let playbook = try #require(Self.load(#"  run "r" { command = "echo ${host.docroot}" }"#).playbook)
        let diagnostics = HostVariableCheck.diagnostics(playbook, hosts: Self.hosts(2, setting: ["doc_root": "/var/www"]))
        #expect(diagnostics.map(\.message) == ["host variable 'docroot' is not set on any of the 2 hosts: 'web1', 'web2'"])
        #expect(diagnostics.first?.help == "those hosts set 'doc_root': if the inventory misspells it, name it 'docroot' there")
        #expect(diagnostics.first?.fixIts.isEmpty == true, "the playbook is not changed to fit the inventory")
    }

    @Test func defaultsAreForHostVariablesOnly() {
        let loaded = Self.load("""
              param "x" {
                type    = number
                default = 1
              }
              run "r" {
                when    = param.x ?? 1 > 0 || changed ?? true
                command = "echo ${host.a ?? true} ${host.b ?? "${param.x}"} ${host.c ?? host.d}"
              }
            """)
        #expect(loaded.playbook == nil)
        #expect(loaded.diagnostics.map(\.message) == [
            "'??' gives a default to a host variable, but param.x always has a value",
            "'??' gives a default to a host variable, but this is always true or false",
            "a host variable's default must be a string or a number, found a boolean",
            "a default cannot hold an interpolation",
            "a host variable's default must be a string or a number literal, found an expression",
        ])
    }
}

extension Step {
    /// A `run` step's `command`, found by reflection so these tests do not depend on how step
    /// kinds are modelled (an enum case, or one type per kind).
    var commandTemplate: Template? {
        func search(_ value: Any) -> Template? {
            for child in Mirror(reflecting: value).children {
                if child.label == "command", let template = child.value as? Template { return template }
                if let found = search(child.value) { return found }
            }
            return nil
        }
        return search(action)
    }
}
