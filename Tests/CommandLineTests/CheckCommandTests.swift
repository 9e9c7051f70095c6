import Foundation
import Testing
import TestSupport

/// `scour check`, `scour explain` and `scour fmt` as a user runs them.
@Suite struct CheckCommandTests {
    private func temporaryPlaybook(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appending(path: "scour-check-\(UUID().uuidString).scour").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func clean_playbooks_exit_zero() async throws {
        let result = try await ScourCLI.run(["check", "Playbooks/codered-ii-linux.scour", "Playbooks/php-webshell-nginx.scour"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("Playbooks/codered-ii-linux.scour: ok"))
    }

    @Test func every_independent_error_is_reported_with_exit_65() async throws {
        let path = try temporaryPlaybook("""
            playbook "p" {
              platform = linux
              remove_files "x" {
                pahts = ['/opt/explorer.exe']
              }
              reboot "r" {
                when = detected.nope
              }
            }
            """)
        let result = try await ScourCLI.run(["check", path])
        #expect(result.status == 65)
        #expect(result.stderr.contains("\(path):4:5: error: unknown attribute 'pahts' in remove_files"))
        #expect(result.stderr.contains("= help: did you mean 'paths'?"))
        #expect(result.stderr.contains("\(path):7:21: error: unknown detect block 'nope'"))
        #expect(result.stderr.contains("3 errors"))
        #expect(!result.stderr.contains("\u{1B}["), "no colours when stderr is not a terminal")
    }

    @Test func json_diagnostics_for_editors() async throws {
        let path = try temporaryPlaybook("playbook \"p\" {\n  platform = linx\n  reboot \"r\" {}\n}\n")
        let result = try await ScourCLI.run(["check", "--format", "json", path])
        #expect(result.status == 65)
        let array = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(array.count == 1)
        let diagnostic = array[0]
        #expect(diagnostic["file"] as? String == path)
        #expect(diagnostic["line"] as? Int == 2 && diagnostic["column"] as? Int == 14)
        #expect(diagnostic["severity"] as? String == "error")
        let fixIts = try #require(diagnostic["fixIts"] as? [[String: Any]])
        #expect(fixIts.first?["replacement"] as? String == "linux")
    }

    @Test func an_unreadable_playbook_is_an_error_not_a_crash() async throws {
        let result = try await ScourCLI.run(["check", "/nonexistent/x.scour"])
        #expect(result.status == 65)
        #expect(result.stderr.contains("/nonexistent/x.scour: error: cannot read the playbook"))
    }

    @Test func explain_says_what_each_step_does_in_words() async throws {
        let result = try await ScourCLI.run(["explain", "Playbooks/codered-ii-linux.scour"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("4 waves, cumulative: 1 host, then up to 10% of the hosts"))
        #expect(result.stdout.contains("1. backdoors (remove_files): move into quarantine"))
        #expect(result.stdout.contains("only when the host matched detect \"codered_ii\""))
        #expect(result.stdout.contains("3. clear_memory (reboot): reboot, and wait up to 5m"))
        #expect(result.stdout.contains("only when param disable_web is set"))
    }

    @Test func explain_shows_commands_as_written() async throws {
        let path = try temporaryPlaybook("""
            playbook "p" {
              platform = linux
              param "test_apache" {
                type = bool
                default = false
              }
              run "purge" {
                command = "rm -f ${host.docroot}/root.exe && echo ${param.test_apache}"
                unless = "test -e ${host.cache ?? "/var/cache"}/done"
              }
            }

            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try await ScourCLI.run(["explain", path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(
            #"1. purge (run): run `rm -f ${host.docroot}/root.exe && echo ${param.test_apache}`, unless `test -e ${host.cache ?? "/var/cache"}/done` succeeds"#),
            "\(result.stdout)")
    }

    @Test func fmt_check_lists_unformatted_files() async throws {
        let path = try temporaryPlaybook("playbook \"p\" {\nplatform=linux\n  reboot \"r\" {}\n}\n")
        let check = try await ScourCLI.run(["fmt", "--check", path])
        #expect(check.status == 1 && check.stdout == path + "\n")
        #expect(try await ScourCLI.run(["fmt", path]).status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("  platform = linux\n"))
        #expect(try await ScourCLI.run(["fmt", "--check", path]).status == 0)
    }
}
