import ScourSyntax
import Testing
@testable import ScourCore

/// What the analysis says differs by platform: each message, word for word, as the platform
/// rules (Playbook/Platforms) make it.
@Suite struct PlatformMessagesTests {
    static func diagnostics(platform: Platform, _ steps: String) -> [String] {
        let text = "playbook \"p\" {\n  platform = \(platform.rawValue)\n\(steps)\n}\n"
        return LoadedPlaybook.analyze(SourceFile(path: "p.scour", text: text), purpose: .check).diagnostics
            .map { [$0.message, $0.help].compactMap { $0 }.joined(separator: " | ") }
    }

    @Test func a_path_of_the_other_platform_is_named_for_it() {
        #expect(PathRules.absolutePathProblem(#"C:\x"#, platform: .linux) == #"'C:\x' is a Windows path, but this playbook's platform is linux"#)
        #expect(PathRules.absolutePathProblem(#"\\fs\share\x"#, platform: .linux)?.contains("is a Windows path") == true)
        #expect(PathRules.absolutePathProblem("x/y", platform: .linux) == "'x/y' is not an absolute path")
        #expect(PathRules.absolutePathProblem("/x", platform: .windows) == "'/x' is a POSIX path, but this playbook's platform is windows")
        #expect(PathRules.absolutePathProblem("x", platform: .windows) == #"'x' is not an absolute Windows path (C:\… or \\server\share\…)"#)
        #expect(PathRules.absolutePathProblem(#"C:\a\..\b"#, platform: .windows) == #"'C:\a\..\b' holds a '.' or '..' component: write the path it means"#)
        #expect(PathRules.absolutePathProblem(#"/a\..\b"#, platform: .linux) == nil, "'\\' separates nothing on linux")
    }

    @Test func a_host_reported_glob_match_is_read_as_its_platform_s_shell_reads_it() {
        #expect(HostReportedPaths.globMatchProblem("/var/www/a/index.html", pattern: "/var/www/*/index.html") == nil)
        #expect(HostReportedPaths.globMatchProblem("/var/www/.a/index.html", pattern: "/var/www/*/index.html") == "it does not match the pattern")
        #expect(HostReportedPaths.globMatchProblem("/var/www/INDEX.html", pattern: "/var/www/index.html") == "it does not match the pattern")
        #expect(HostReportedPaths.globMatchProblem(#"c:\inetpub\SCRIPTS\root.exe"#, pattern: #"C:\inetpub\*\root.exe"#) == nil)
        #expect(HostReportedPaths.globMatchProblem(#"C:\inetpub\a\b\root.exe"#, pattern: #"C:\inetpub\*\root.exe"#) == "it does not match the pattern")
        #expect(HostReportedPaths.globMatchProblem(#"C:\Windows"#, pattern: #"C:\*"#) == #"refusing to remove the system folder 'C:\Windows'"#)
    }

    @Test func apply_patch_checks_what_the_platform_has() {
        let step = { (check: String) in "  apply_patch \"p\" {\n    file = \"/p.sh\"\n    sha256 = \"\(String(repeating: "a", count: 64))\"\n    installed = \(check)\n  }" }
        #expect(Self.diagnostics(platform: .windows, step(#"package("apache2")"#)).first
            == #"package(…) checks a Debian package, but this playbook's platform is windows | use hotfix("KB…") or command(…)"#)
        #expect(Self.diagnostics(platform: .linux, step(#"hotfix("Q300972")"#)).first
            == "hotfix(…) checks a Windows update, but this playbook's platform is linux | use package(…), file(…) or command(…)")
    }

    @Test func disable_service_names_a_service_of_the_platform() {
        #expect(Self.diagnostics(platform: .linux, "  disable_service \"s\" {}") == [#"disable_service "s" needs 'service' | service = "apache2""#])
        #expect(Self.diagnostics(platform: .windows, "  disable_service \"s\" {}") == [#"disable_service "s" needs 'service' | service = "W3SVC""#])
        #expect(Self.diagnostics(platform: .linux, "  disable_service \"s\" {\n    service = \"apache 2\"\n  }")
            == ["'apache 2' is not a service name | letters, digits and _ - . @ : only (a systemd unit or a Windows service name)"])
    }

    @Test func only_linux_cuts_process_names() {
        let step = "  kill_process \"k\" {\n    name = \"kworkerds-helper-daemon\"\n  }"
        #expect(Self.diagnostics(platform: .linux, step) == [
            "Linux keeps only the first 15 bytes of a process name: any process named 'kworkerds-helpe' matches | to tell them apart, add executable or command_line",
        ])
        #expect(Self.diagnostics(platform: .windows, step).isEmpty)
    }

    @Test func iis_runs_on_windows_only_and_apache_on_both() {
        let strip = { (server: String, config: String) in
            "  strip_mappings \"m\" {\n    server = \(server)\n    config = '\(config)'\n    site = \"Default Web Site\"\n    aliases = [\"/c\"]\n  }"
        }
        #expect(Self.diagnostics(platform: .linux, strip("iis", "/etc/iis.config")).first == "IIS runs on windows, but this playbook's platform is linux")
        let apache = "  strip_mappings \"m\" {\n    server = apache\n    config = 'C:\\Apache24\\conf\\httpd.conf'\n    aliases = [\"/c\"]\n  }"
        #expect(Self.diagnostics(platform: .windows, apache).isEmpty)
    }

    @Test func the_platforms_are_listed_where_messages_name_them_all() throws {
        let text = "playbook \"p\" {\n  run \"r\" {\n    command = \"true\"\n  }\n}\n"
        let missing = LoadedPlaybook.analyze(SourceFile(path: "p.scour", text: text), purpose: .check).diagnostics
        #expect(missing.map(\.help) == ["platform = linux or platform = windows"])
        #expect(try Inventory.parse(text: "a ansible_shell_type=sh\n", path: "/inv/hosts.ini").warnings.map(\.description) == [
            "ansible_shell_type is not honoured by scour (1 host: a): scour picks the shell from scour_platform: POSIX sh on linux, PowerShell on windows",
        ])
        #expect {
            try Inventory.parse(text: "a scour_platform=bsd\n", path: "/inv/hosts.ini")
        } throws: { error in
            String(describing: error).contains("host 'a': scour_platform must be linux or windows, not 'bsd'")
        }
    }
}
