import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import ScourSyntax
import Testing

/// The step decider's decisions from synthetic observations: pure, fast, and exhaustive where the
/// lab tests cannot reach (globs, folders, packages, services, `changed` propagation).
@Suite struct StepDeciderTests {
    static let playbookText = """
        playbook "t" {
          platform = linux
          param "stop_web" {
            type    = bool
            default = false
          }
          detect "shell" {
            match   = all
            file    { path = '/var/www/cmd.php' }
            content { path = '/var/log/access.log'  pattern = 'POST /uploads/[^ ]+\\.php' }
          }
          remove_files "shells" {
            when        = detected.shell
            paths       = ['/var/www/cmd.php', '/var/www/uploads/*.php']
            max_matches = 2
          }
          run "note" {
            when    = changed
            command = "logger cleaned ${host.role}"
            unless  = "test -e /var/lib/scour/noted"
          }
          apply_patch "fix" {
            file      = "/etc/hostname"
            sha256    = "\(SHA256.hex(ofFileAt: "/etc/hostname") ?? "")"
            installed = package("apache2", ">= 2.4.62")
          }
          disable_service "web" {
            when    = param.stop_web
            service = "apache2"
          }
        }
        """

    let playbook: Playbook

    init() throws {
        let loaded = LoadedPlaybook.analyze(SourceFile(path: "/tmp/t.scour", text: Self.playbookText), purpose: .execute)
        playbook = try #require(loaded.playbook, "\(loaded.diagnostics)")
    }

    private func plan(_ observation: HostObservation, params: [String: Value] = ["stop_web": .bool(false)], role: String = "web") -> HostPlan {
        var plan = HostPlan(name: "h1", address: "10.0.0.1", status: .planned)
        StepDecider(playbook: playbook, params: params, hostVariables: ["name": "h1", "address": "10.0.0.1", "role": role],
                    patchSizes: ["/etc/hostname": 12]).plan(observation, into: &plan)
        return plan
    }

    private func file(_ size: UInt64 = 10, kind: FileKind = .regular) -> FileObservation {
        FileObservation(kind: kind, stat: FileStat(size: size, mode: "644", uid: 0, gid: 0, mtime: 0, owner: "root", group: "root"),
                        sha256: kind == .regular ? String(repeating: "a", count: 64) : nil)
    }

    private var infected: HostObservation {
        var observation = HostObservation()
        observation.files["/var/www/cmd.php"] = file()
        observation.contents["/var/log/access.log"] = ContentObservation(kind: .regular, bytes: Data("1.2.3.4 POST /uploads/x.php 200\n".utf8))
        observation.globs["/var/www/uploads/*.php"] = GlobObservation(total: 1, matches: [GlobMatch(path: "/var/www/uploads/a.php", file: file(20))])
        observation.commands["test -e /var/lib/scour/noted"] = 1
        observation.packages["apache2"] = PackageObservation(manager: "dpkg", versions: ["2.4.57-2"])
        observation.services["apache2"] = ServiceObservation(manager: "systemd", activeState: "active", enabledState: "enabled")
        return observation
    }

    private func step(_ plan: HostPlan, _ name: String) -> StepPlan { plan.steps.first { $0.name == name }! }

    @Test func a_step_no_host_can_run_is_not_probed() {
        func items(stopWeb: Bool) -> [ProbeItem] {
            PlanProbes(playbook: playbook, context: EvaluationContext(detected: [], params: ["stop_web": .bool(stopWeb)],
                                                                      host: ["role": "web"], changed: false)).items
        }
        #expect(!items(stopWeb: false).contains(.service(name: "apache2")), "when = param.stop_web is false on every host")
        #expect(items(stopWeb: true).contains(.service(name: "apache2")))
        #expect(items(stopWeb: false).contains(.command(run: "test -e /var/lib/scour/noted", timeoutSeconds: ProbeItem.defaultCommandTimeoutSeconds)),
                "when = changed depends on the host: probed")
    }

    @Test func all_indicators_must_match_with_match_all() {
        var observation = infected
        #expect(plan(observation).detections[0].matched)
        observation.contents["/var/log/access.log"] = ContentObservation(kind: .regular, bytes: Data("GET / 200\n".utf8))
        let partial = plan(observation)
        #expect(!partial.detections[0].matched)
        #expect(partial.detections[0].indicators.map(\.matched) == [true, false])
        #expect(step(partial, "shells").action == .skip)
        #expect(step(partial, "note").action == .skip, "nothing changed before it")
    }

    @Test func exact_paths_and_glob_matches_are_quarantined_and_changed_flows_on() {
        let planned = plan(infected)
        let shells = step(planned, "shells")
        #expect(shells.action == .change)
        #expect(shells.changes.map(\.path) == ["/var/www/cmd.php", "/var/www/uploads/a.php"])
        #expect(shells.changes.map(\.kind) == [.quarantine, .quarantine])
        let note = step(planned, "note")
        #expect(note.action == .change)
        #expect(note.changes.first?.command == "logger cleaned 'web'", "interpolated values are quoted for the shell")
        #expect(step(plan(infected, role: "x'; rm -rf /; '"), "note").changes.first?.command == #"logger cleaned 'x'\''; rm -rf /; '\'''"#)
    }

    @Test func a_glob_past_max_matches_or_a_folder_blocks_the_step() {
        var observation = infected
        observation.globs["/var/www/uploads/*.php"] = GlobObservation(total: 5, matches: [])
        #expect(step(plan(observation), "shells").action == .blocked)
        observation = infected
        observation.files["/var/www/cmd.php"] = file(kind: .directory)
        #expect(step(plan(observation), "shells").reason.contains("is a folder"))
    }

    @Test func unless_succeeding_means_nothing_to_do() {
        var observation = infected
        observation.commands["test -e /var/lib/scour/noted"] = 0
        #expect(step(plan(observation), "note").action == .ok)
    }

    @Test func the_package_constraint_decides_whether_the_patch_is_installed() {
        var observation = infected
        #expect(step(plan(observation), "fix").action == .change)
        #expect(step(plan(observation), "fix").changes.map(\.kind) == [.upload, .install])
        observation.packages["apache2"] = PackageObservation(manager: "dpkg", versions: ["2.4.62-1~deb12u1"])
        #expect(step(plan(observation), "fix").action == .ok)
    }

    @Test func a_service_is_stopped_and_disabled_only_as_far_as_needed() {
        var observation = infected
        let params: [String: Value] = ["stop_web": .bool(true)]
        #expect(step(plan(observation, params: params), "web").changes.map(\.kind) == [.stopService, .disableService])
        observation.services["apache2"] = ServiceObservation(manager: "systemd", activeState: "inactive", enabledState: "enabled")
        #expect(step(plan(observation, params: params), "web").changes.map(\.kind) == [.disableService])
        observation.services["apache2"] = ServiceObservation(manager: "systemd", activeState: "inactive", enabledState: "disabled")
        #expect(step(plan(observation, params: params), "web").action == .ok)
        #expect(step(plan(observation), "web").action == .skip)
    }
}
