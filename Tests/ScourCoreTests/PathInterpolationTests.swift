import ScourSyntax
import Testing
@testable import ScourCore

/// Paths, patterns and names that interpolate params and host variables: checked for what can
/// be known at `check`, resolved per host, and every resolved value held to the rule a literal
/// is held to.
@Suite struct PathInterpolationTests {
    static let text = """
        playbook "p" {
          platform = linux
          param "site" {
            type    = string
            default = "default"
          }
          remove_files "nimda" {
            paths = ["${host.web_root}/admin.dll", '/opt/explorer.exe']
          }
          strip_mappings "aliases" {
            server  = nginx
            config  = "/etc/nginx/sites-enabled/${param.site}"
            aliases = ["/c"]
          }
          disable_service "web" {
            service = "${host.web_service}"
          }
        }

        """

    static func playbook() throws -> Playbook {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "p.scour", text: text), purpose: .check)
        // Without an inventory, `check` warns that every host must set the variables read.
        #expect(loaded.diagnostics.map(\.message).sorted() == ["web_root", "web_service"].map {
            "every host must set the host variable '\($0)': plan and apply stop if one does not"
        }, "\(loaded.diagnostics)")
        return try #require(loaded.playbook)
    }

    static func context(_ host: [String: String], site: String = "default") -> EvaluationContext {
        EvaluationContext(detected: [], params: ["site": .string(site)], host: host, changed: false)
    }

    @Test func eachHostGetsItsOwnValues() throws {
        let playbook = try Self.playbook()
        #expect(playbook.interpolations.count == 3)
        let resolved = try playbook.resolved(in: Self.context(["web_root": "/srv/www/site1", "web_service": "nginx"], site: "shop"), host: "web1")
        #expect((resolved.steps[0].action as? RemoveFiles)?.paths == ["/srv/www/site1/admin.dll", "/opt/explorer.exe"])
        #expect((resolved.steps[1].action as? StripMappings)?.target.config == "/etc/nginx/sites-enabled/shop")
        #expect((resolved.steps[2].action as? DisableService)?.service == "nginx")
        #expect(resolved.interpolations.isEmpty)
        let other = try playbook.resolved(in: Self.context(["web_root": "/var/www/html", "web_service": "nginx"]), host: "web2")
        #expect((other.steps[0].action as? RemoveFiles)?.paths.first == "/var/www/html/admin.dll")
    }

    @Test func aResolvedValueIsHeldToTheRuleOfALiteral() throws {
        let playbook = try Self.playbook()
        let cases: [(String, String, String)] = [
            ("relative", "nginx", "is not an absolute path"),
            ("/srv/*", "nginx", "is a glob, and this step sets no max_matches"),
            ("/srv/../etc", "nginx", "holds a '.' or '..' component"),
            ("/srv", "nginx; reboot", "is not a service name"),
        ]
        for (root, service, problem) in cases {
            #expect(throws: ResolutionError.self) {
                try playbook.resolved(in: Self.context(["web_root": root, "web_service": service]), host: "web9")
            }
            do {
                _ = try playbook.resolved(in: Self.context(["web_root": root, "web_service": service]), host: "web9")
            } catch {
                #expect(error.problems.count == 1, "\(error.problems)")
                #expect(error.problems.first?.hasPrefix("web9: ") == true, "names the host: \(error.problems)")
                #expect(error.problems.first?.contains(problem) == true, "\(root), \(service): \(error.problems)")
            }
        }
    }

    @Test func anEmptyOrBlankValueInAPathIsRefusedNamingHostAndVariable() throws {
        let playbook = try Self.playbook()
        for (root, words) in [("", "empty"), ("  \t", "only whitespace")] {
            do {
                let resolved = try playbook.resolved(in: Self.context(["web_root": root, "web_service": "nginx"]), host: "web9")
                Issue.record("'\(root)' resolved to \(String(describing: (resolved.steps[0].action as? RemoveFiles)?.paths))")
            } catch {
                #expect(error.problems.count == 1, "\(error.problems)")
                #expect(error.problems.first?.hasPrefix("web9: an item of 'paths' \"${host.web_root}/admin.dll\" is ") == true, "\(error.problems)")
                #expect(error.problems.first?.hasSuffix("host variable web_root is \(words): a path is never made without it") == true,
                        "\(error.problems)")
            }
        }
        // A blank value is refused only in a path: a service name has its own rule.
        #expect(throws: ResolutionError.self) {
            try playbook.resolved(in: Self.context(["web_root": "/srv", "web_service": ""]), host: "web9")
        }
    }

    @Test func aValueFromTheInventoryIsPrintedEscaped() throws {
        let playbook = try Self.playbook()
        do {
            _ = try playbook.resolved(in: Self.context(["web_root": "srv\u{1B}[31m", "web_service": "nginx"]), host: "web3")
            Issue.record("a relative path was accepted")
        } catch {
            #expect(!error.description.contains("\u{1B}"), "\(error.description)")
            #expect(error.description.contains("\"${host.web_root}/admin.dll\""), "names the value as written: \(error.description)")
        }
    }

    @Test func aPlaybookWithoutInterpolationsIsItsOwnResolution() throws {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "p.scour", text: """
            playbook "p" {
              platform = linux
              remove_files "x" {
                paths = ['/opt/x']
              }
            }

            """), purpose: .check)
        let playbook = try #require(loaded.playbook)
        #expect(playbook.interpolations.isEmpty)
        #expect(try playbook.resolved(in: Self.context([:]), host: "h") == playbook)
    }
}
