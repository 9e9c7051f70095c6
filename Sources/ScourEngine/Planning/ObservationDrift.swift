import Foundation
import ScourCore
import ScourHost

extension HostObservation {
    /// What differs from `planned`, item by item, in words (empty: no drift). The boot id is
    /// left out: a reboot alone does not change what the plan would do, and whatever it did
    /// change (a process gone) shows in its own item.
    public func drift(from planned: HostObservation) -> [String] {
        var changes: [String] = []
        func compare<Value: Equatable>(_ what: String, _ old: [String: Value], _ new: [String: Value], _ describe: (Value?) -> String) {
            for key in Set(old.keys).union(new.keys).sorted() where old[key] != new[key] {
                changes.append("\(what) \(key): \(describe(old[key])) → \(describe(new[key]))")
            }
        }
        if let old = planned.facts, let new = facts {
            if old.hostname != new.hostname { changes.append("hostname: \(old.hostname) → \(new.hostname)") }
            if old.os != new.os || old.kernel != new.kernel { changes.append("system: \(old.os), \(old.kernel) → \(new.os), \(new.kernel)") }
        }
        compare("file", planned.files, files) { $0.map(Self.words) ?? "not asked" }
        compare("matches of", planned.globs, globs) { glob in
            glob.map { "\($0.total) (\($0.matches.map { "\($0.path) \(Self.words($0.file))" }.joined(separator: ", ")))" } ?? "not asked"
        }
        compare("contents of", planned.contents, contents) { content in
            guard let content else { return "not asked" }
            if let bytes = content.bytes { return "\(bytes.count) bytes, SHA-256 \(SHA256.hex(of: Array(bytes)).prefix(12))…" }
            return content.tooLarge ? "too large" : content.kind.rawValue
        }
        compare("lines matching in", planned.contentGlobs, contentGlobs) { found in
            found.map { "\($0.total) paths, matching: \($0.matches.map { "\($0.path):\($0.line)" }.joined(separator: ", "))" } ?? "not asked"
        }
        compare("processes", planned.processLists, processLists) { list in
            list.map { "\($0.total) (\($0.processes.map { "\($0.pid) \($0.executable)" }.joined(separator: ", ")))" } ?? "not asked"
        }
        compare("process", planned.processes, processes) { $0.map { $0 ? "running" : "not running" } ?? "not asked" }
        compare("command", planned.commands, commands) { $0.map { "exit \($0)" } ?? "not asked" }
        compare("package", planned.packages, packages) { $0.map { $0.versions.isEmpty ? "absent" : $0.versions.joined(separator: ", ") } ?? "not asked" }
        compare("service", planned.services, services) { $0.map { "\($0.activeState ?? "absent")/\($0.enabledState ?? "absent")" } ?? "not asked" }
        compare("hotfix", planned.hotfixes, hotfixes) { $0.map { $0 ? "installed" : "absent" } ?? "not asked" }
        return changes
    }

    private static func words(_ file: FileObservation) -> String {
        guard let stat = file.stat else { return file.kind.rawValue }
        var text = "\(file.kind.rawValue) \(stat.size) bytes mode \(stat.mode) \(stat.owner):\(stat.group) mtime \(stat.mtime)"
        if let sha256 = file.sha256 { text += " SHA-256 \(sha256.prefix(12))…" }
        return text
    }
}

extension PlanDocument {
    /// The check `apply plan.json` makes of each host before touching it: the host must look
    /// as it did when the plan was made, and must have been planned at all.
    public var driftGuard: HostGuard {
        let planned = Dictionary(uniqueKeysWithValues: hosts.map { ($0.name, $0) })
        return { name, observation in
            guard let plan = planned[name], let before = plan.observation else {
                return "not in the plan as probed (\(planned[name]?.error ?? "no observation was recorded")): plan again"
            }
            let changes = observation.drift(from: before)
            return changes.isEmpty ? nil : "drifted since the plan: " + changes.joined(separator: "; ")
        }
    }
}
