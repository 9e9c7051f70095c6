import Foundation
import ScourCore
@testable import ScourHost
import Testing

/// Every POSIX script that changes or restores a host is a constant body — the same text
/// whatever the values — then one line calling its entry function with the values as
/// single-quoted arguments: no value is ever part of the code, and the body is checked once
/// (`POSIXScriptCheckTests` runs `dash -n` and shellcheck over the goldens).
@Suite struct POSIXScriptShapeTests {
    /// The values of one rendering; every one carries `mark`, so a value that reached a body
    /// would be seen there.
    struct Values {
        var mark: String
        var run: String { "run-\(mark)" }
        var paths: [String] { ["/var/www/\(mark)/root.exe", "/opt/it's $(\(mark)) ‘odd’.exe"] }
        var config: String { "/etc/\(mark)/it's.conf" }
        var sha256: String { "sha-\(mark)" }
        var targets: [ProcessTarget] { [ProcessTarget(pid: 4242, start: "start-\(mark)", executable: "/opt/\(mark)", name: "name-\(mark)")] }
        var entry: QuarantineEntry {
            QuarantineEntry(path: paths[1], size: 5, mode: "mode-\(mark)", owner: "owner-\(mark)", group: "group-\(mark)", mtime: 1,
                            sha256: sha256, step: "step-\(mark)", storedAs: "stored-\(mark)")
        }
        var edit: ConfigEdit {
            ConfigEdit(path: config, backup: POSIXActions.backup(of: config, run: run), sha256Before: sha256, sha256After: "after-\(mark)",
                       mode: "mode-\(mark)", owner: nil, group: nil, mtime: nil)
        }
    }

    /// Each script with the function its call line runs (the body is what precedes that line).
    static func scripts(_ v: Values) -> [(name: String, function: String, script: String)] {
        let shell = POSIXShell()
        return [
            ("quarantine", "quarantine_files", shell.quarantine(v.paths, run: v.run, step: "step-\(v.mark)", tag: "tag-\(v.mark)", delete: false)),
            ("delete", "quarantine_files", shell.quarantine(v.paths, run: v.run, step: "step-\(v.mark)", tag: "tag-\(v.mark)", delete: true)),
            ("replace config", "replace_config", shell.replaceConfig(v.config, staged: shell.staged(beside: v.config, run: v.run), run: v.run, expected: v.sha256)),
            ("restore config", "put_back", shell.restoreConfig(v.config, run: v.run)),
            ("validate", "put_back", shell.validated("apachectl configtest", config: v.config, run: v.run)),
            ("stop and disable", "stop_and_disable", shell.stopAndDisable("service-\(v.mark)")),
            ("stage", "stage_file", shell.stage(Data(v.mark.utf8), at: shell.staged(beside: v.config, run: v.run)) ?? ""),
            ("install patch", "place_patch", shell.installPatch(staged: "/tmp/\(v.mark)", at: v.paths[0], sha256: v.sha256, install: "true")),
            ("reboot", "request_reboot", shell.reboot(marker: shell.rebootMarker(run: v.run, step: "step"))),
            ("kill", "kill_processes", shell.killProcesses(v.targets, grace: .seconds(2))),
            ("restore files", "restore_files", shell.restoreQuarantined([v.entry], folder: shell.quarantineFolder(run: v.run), force: false, dryRun: false)),
            ("restore configs", "restore_configs", shell.restoreConfigs([v.edit], force: true, dryRun: true)),
        ]
    }

    @Test func every_script_is_a_constant_body_then_one_call() throws {
        let (one, other) = (Values(mark: "AAA"), Values(mark: "BBB"))
        for (a, b) in zip(Self.scripts(one), Self.scripts(other)) {
            let (bodyA, callA) = try #require(Self.split(a.script, at: a.function), "\(a.name): no call of \(a.function)")
            let (bodyB, _) = try #require(Self.split(b.script, at: b.function), "\(b.name): no call of \(b.function)")
            #expect(bodyA == bodyB, "\(a.name): the body depends on the values")
            #expect(!bodyA.contains(one.mark), "\(a.name): a value is part of the body")
            #expect(callA.contains(one.mark), "\(a.name): the values are not on the call line")
        }
    }

    @Test func the_call_line_quotes_every_value() {
        #expect(POSIXActions.call("f", ["it's", "", "$(x) `y`"]) == #"f 'it'\''s' '' '$(x) `y`'"#)
    }

    /// The text before the last line that starts with `function`, and that line.
    static func split(_ script: String, at function: String) -> (body: Substring, call: Substring)? {
        guard let start = script.range(of: "\n\(function) ", options: .backwards)?.lowerBound else { return nil }
        let body = script[...start]
        let rest = script[script.index(after: start)...]
        return (body, rest.prefix { $0 != "\n" })
    }
}
