import Foundation
import ScourSyntax
import TestSupport
import Testing
@testable import ScourCore

/// The model the analyzer builds from the project's playbooks: what the planner will consume.
@Suite struct PlaybookModelTests {
    static let playbooks = ScourCLI.packageRoot.appending(path: "Playbooks")

    private func load(_ name: String, purpose: AnalysisPurpose = .check) throws -> Playbook {
        let loaded = try LoadedPlaybook.load(path: Self.playbooks.appending(path: name).path, purpose: purpose)
        return try #require(loaded.playbook, "\(DiagnosticRenderer(sources: [loaded.source]).render(loaded.diagnostics))")
    }

    @Test func every_playbook_checks_without_errors_and_is_formatted() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.playbooks.path).filter { $0.hasSuffix(".scour") }
        #expect(names.count >= 4)
        for name in names {
            let loaded = try LoadedPlaybook.load(path: Self.playbooks.appending(path: name).path, purpose: .check)
            #expect(!loaded.diagnostics.containsErrors, "\(name): \(DiagnosticRenderer(sources: [loaded.source]).render(loaded.diagnostics))")
            let (syntax, _) = ScourSyntax.parse(loaded.source)
            #expect(PlaybookFormatter.format(syntax, source: loaded.source) == loaded.source.text, "\(name) is not formatted")
            #expect(loaded.source.text.hasPrefix("#"), "\(name) opens with a comment saying what incident it answers")
        }
    }

    @Test func the_linux_reference_model() throws {
        let playbook = try load("codered-ii-linux.scour", purpose: .execute)
        #expect(playbook.platform == .linux)
        #expect(playbook.rollout.waves == [.count(1), .percent(10), .percent(50), .percent(100)])
        #expect(playbook.rollout.maxFailures == .percent(10))
        #expect(playbook.param(named: "disable_web")?.defaultValue == .bool(false))
        let detect = try #require(playbook.detect(named: "codered_ii"))
        #expect(detect.match == .any && detect.indicators.count == 5)
        #expect(detect.indicators[0] == .file(path: "/var/www/scripts/root.exe", sha256: nil))
        let target = MappingTarget(server: .apache, config: "/etc/apache2/sites-enabled/000-default.conf", site: nil)
        #expect(detect.indicators[3] == .mapping(target, alias: "/c", handler: nil))
        #expect(playbook.steps.map(\.kind) == ["remove_files", "strip_mappings", "reboot", "apply_patch", "disable_service"])
        #expect(playbook.steps[0].when == .detected("codered_ii"))
        #expect(playbook.steps[2].when == .changed)
        #expect(playbook.steps[2].action as? Reboot == Reboot(timeout: .seconds(300), test: nil))
        guard let patch = playbook.steps[3].action as? ApplyPatch else { Issue.record("not apply_patch"); return }
        #expect(patch.file == Self.playbooks.appending(path: "files/ms01-033.sh").path)
        #expect(patch.installed == .file("/var/lib/patches/MS01-033"))
        #expect(playbook.steps[4].when == .param("disable_web"))
    }

    @Test func the_windows_reference_model_defaults_the_iis_config() throws {
        let playbook = try load("codered-ii-windows.scour")
        guard let strip = playbook.steps[1].action as? StripMappings else { Issue.record("not strip_mappings"); return }
        #expect(strip.target == MappingTarget(server: .iis, config: MappingTarget.iisDefaultConfig, site: "Default Web Site"))
        #expect(strip.handlers == [".ida", ".idq"])
        guard let patch = playbook.steps[4].action as? ApplyPatch else { Issue.record("not apply_patch"); return }
        #expect(patch.installed == .hotfix("Q300972"))
    }

    @Test func a_missing_patch_file_is_a_warning_for_check_and_an_error_for_execution() throws {
        let path = Self.playbooks.appending(path: "codered-ii-windows.scour").path
        let checked = try LoadedPlaybook.load(path: path, purpose: .check)
        #expect(checked.playbook != nil)
        #expect(checked.diagnostics.contains { $0.severity == .warning && $0.message.contains("not found") })
        let executed = try LoadedPlaybook.load(path: path, purpose: .execute)
        #expect(executed.playbook == nil)
        #expect(executed.diagnostics.contains { $0.severity == .error && $0.message.contains("not found") })
    }

    @Test func conditions_and_interpolations_are_typed() {
        let source = SourceFile(path: "t.scour", text: """
            playbook "t" {
              platform = linux
              param "limit" {
                type    = number
                default = 3
              }
              param "grace" {
                type    = duration
                default = 30s
              }
              detect "a" {
                file { path = '/opt/a' }
              }
              run "r" {
                when    = !(detected.a || changed) && param.limit >= 2 && param.grace < 1m && host.role == "web"
                command = "echo ${host.name} ${param.limit}"
              }
            }
            """)
        let loaded = LoadedPlaybook.analyze(source, purpose: .check)
        // Without an inventory, check can only warn that every host must set host.role.
        #expect(loaded.diagnostics.map(\.message) == ["every host must set the host variable 'role': plan and apply stop if one does not"])
        let step = loaded.playbook?.steps.first
        #expect(step?.when?.words == "not (the host matched detect \"a\" or an earlier step changed the host) and param limit is at least 2 and param grace is less than 1m and host variable role is \"web\"")
        guard let run = step?.action as? RunCommand, run.unless == nil else { Issue.record("not run"); return }
        #expect(run.command.parts == [.text("echo "), .value(.host("name")), .text(" "), .value(.param("limit"))])
    }
}
