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
            if let sha256 = content.sha256 { return "SHA-256 \(sha256.prefix(12))…" }
            return content.tooLarge ? "too large" : content.kind.rawValue
        }
        compare("files matching", planned.globContents, globContents) { glob in
            glob.map { "\($0.total) (\($0.matches.map { "\($0.path) \(Self.words($0.file))" }.joined(separator: ", ")))" } ?? "not asked"
        }
        compare("lines matching in", planned.contentGlobs, contentGlobs) { found in
            found.map { "\($0.total) paths, matching: \($0.matches.map { "\($0.path):\($0.line)" }.joined(separator: ", "))" } ?? "not asked"
        }
        compare("processes", planned.processLists, processLists) { list in
            list.map { "\($0.total) (\($0.processes.map { "\($0.pid) \($0.executable)" }.joined(separator: ", ")))" } ?? "not asked"
        }
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

extension HostObservation {
    /// Only the answers to `items`: what one step's check reads, for naming its drift.
    func restricted(to items: [ProbeItem]) -> HostObservation {
        var kept = HostObservation()
        for item in items {
            switch item {
            case .facts: kept.facts = facts
            case .file(let path): kept.files[path] = files[path]
            case .glob(let pattern, _): kept.globs[pattern] = globs[pattern]
            case .content(let path, _): kept.contents[path] = contents[path]
            case .contentGlob: kept.contentGlobs[item.observationKey] = contentGlobs[item.observationKey]
            case .globContents: kept.globContents[item.observationKey] = globContents[item.observationKey]
            case .processes: kept.processLists[item.observationKey] = processLists[item.observationKey]
            case .command(let run, _): kept.commands[run] = commands[run]
            case .package(let name): kept.packages[name] = packages[name]
            case .service(let name): kept.services[name] = services[name]
            case .hotfix(let id): kept.hotfixes[id] = hotfixes[id]
            }
        }
        return kept
    }
}

/// What `apply plan.json` holds each host to: it must be in the plan as probed (else it is
/// left alone, `drifted`), and the plan's observation, carried forward step by step, is what
/// each step is predicted to find (`HostExecutor`: a step that finds otherwise is `drifted`).
public struct HostGuard: Sendable {
    let plans: [String: HostPlan]

    /// Why `host` is left alone; nil when it was planned on an observation.
    func refusal(of host: String) -> String? {
        guard let plan = plans[host], plan.observation != nil else {
            return "not in the plan as probed (\(plans[host]?.error ?? "no observation was recorded")): plan again"
        }
        return nil
    }

    /// The plan made for `host`, with the observation it was made on.
    func plan(of host: String) -> HostPlan? { plans[host] }
}

extension PlanDocument {
    /// The check `apply plan.json` makes of each host: planned at all, and each step as the
    /// plan predicted it.
    public var driftGuard: HostGuard {
        HostGuard(plans: Dictionary(hosts.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first }))
    }
}
