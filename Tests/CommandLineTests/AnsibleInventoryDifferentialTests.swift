import Foundation
import Testing
import TestSupport

/// Scour's `scour inventory --list`, `--graph` and `--limit P --list-hosts` against ansible-core's
/// `ansible-inventory --list`, `--graph` and `ansible all --limit P --list-hosts` (the version `make
/// pyenv` installs), on the corpus in Tests/Fixtures/inventory-corpus and on inventories and
/// patterns drawn by a seeded generator (`SCOUR_INVENTORY_SEED` picks another draw); and, for
/// every host with a template among its variables, the variables `scour inventory HOST --format
/// json` shows against ansible-core's rendering of them (as a task reads them). Every difference
/// fails, except Scour's documented refusals (docs/inventory.md): it then errors where Ansible
/// would select hosts, or refuses a host whose templates Ansible would render. In CI a missing
/// ansible-core fails the test.
@Suite struct AnsibleInventoryDifferentialTests {
    static let python = ScourCLI.packageRoot.appendingPathComponent(".build/pyenv/bin/python").path
    /// Checked before the oracle is fed: a Python without ansible-core exits at once, and writing
    /// the jobs to its closed stdin would kill the test run with SIGPIPE.
    static let hasAnsible = (try? runProcess(python, ["-c", "import ansible"]).status == 0) ?? false
    static let available = hasAnsible || TestRequirement.isCI

    /// Scour's errors that are deliberate refusals, documented in docs/inventory.md.
    static let refusals = [
        "Ansible would select every host for it",
        "whose hosts Ansible orders differently from run to run",
        "has the name of a group and variables of its own",
        "has the name of a group and is in no group",
    ]
    /// A host refused for a template Scour does not render (docs/inventory.md, Templates).
    static let templateRefusal = "Ansible would render it"

    @Test(.enabled(if: available, "needs ansible-core: `make pyenv` (runs in CI)"))
    func scour_reads_inventories_and_patterns_as_ansible_does() throws {
        try #require(Self.hasAnsible, "\(Self.python) cannot import ansible: run `make pyenv`")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scour-inventory-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let seed = ProcessInfo.processInfo.environment["SCOUR_INVENTORY_SEED"].flatMap(UInt64.init) ?? 2519
        var generator = InventoryGenerator(seed: seed)
        let cases = try Self.corpus() + generator.write(count: 40, into: scratch.path)

        var jobs: [[String: Any]] = []
        for (inventory, patterns) in cases {
            let listed = try ScourCLI.run(["inventory", "-i", inventory, "--list"])
            let graph = try ScourCLI.run(["inventory", "-i", inventory, "--graph"])
            var hosts: [[Any]] = []
            for pattern in patterns {
                let result = try ScourCLI.run(["inventory", "-i", inventory, "--list-hosts", "--limit", pattern])
                let answer: Any = result.status == 0
                    ? result.stdout.split(separator: "\n").map(String.init) : ["error": result.stderr]
                hosts.append([pattern, answer])
            }
            var rendered: [[Any]] = []
            for host in Self.hostsWithTemplates(listed: listed) {
                let view = try ScourCLI.run(["inventory", "-i", inventory, host, "--format", "json", "--no-ssh-config"])
                let answer: Any = view.status == 0
                    ? try JSONSerialization.jsonObject(with: Data(view.stdout.utf8)) : ["error": view.stderr]
                rendered.append([host, answer])
            }
            jobs.append([
                "inventory": inventory, "hosts": hosts, "list": listed.status == 0 ? listed.stdout : ["error": listed.stderr],
                "graph": graph.status == 0 ? graph.stdout : ["error": graph.stderr], "rendered": rendered,
            ])
        }
        let oracle = ScourCLI.packageRoot.appendingPathComponent("Tests/Tools/ansible-inventory-oracle.py").path
        let answer = try runProcess(Self.python, [oracle], stdin: JSONSerialization.data(withJSONObject: jobs))
        try #require(answer.status == 0, "the oracle failed: \(answer.stderr)")
        let verdicts = try #require(try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [[String: Any]])

        var checks = 0, refused = 0
        var refusedByKind: [String: Int] = [:]
        var differences: [String] = []
        for ((inventory, patterns), (job, verdict)) in zip(cases, zip(jobs, verdicts)) {
            let renderedHosts = (job["rendered"] as! [[Any]]).map { $0[0] as! String }
            let comparisons = [("--list", verdict["list"] as! [String: Any]), ("--graph", verdict["graph"] as! [String: Any])]
                + zip(patterns, verdict["hosts"] as! [[String: Any]]).map { ("--limit '\($0)'", $1) }
                + zip(renderedHosts, verdict["rendered"] as! [[String: Any]]).map { ("host \($0) rendered", $1) }
            for (what, comparison) in comparisons {
                checks += 1
                if comparison["agree"] as? Bool == true { continue }
                let scour = comparison["scour"] as? [String: Any]
                let scourError = scour?["error"] as? String
                    ?? (scour?["not_contacted"] as? String).flatMap { $0.contains(Self.templateRefusal) ? $0 : nil }
                if let scourError, let kind = (Self.refusals + [Self.templateRefusal]).first(where: scourError.contains) {
                    refused += 1
                    refusedByKind[kind, default: 0] += 1
                    continue
                }
                // Of a host view, the part compared: its variables (and a refusal).
                let scourShown = scour?["variables"].map { ["variables": $0, "not_contacted": scour?["not_contacted"] ?? NSNull()] }
                differences.append(
                    "\(inventory) \(what):\n  ansible: \(Self.show(comparison["ansible"]))\n  scour:   \(Self.show(scourShown ?? comparison["scour"]))")
            }
        }
        print("inventory differential (seed \(seed)): \(cases.count) inventories, \(checks) checks, \(checks - refused - differences.count) agree, \(refused) refused as documented (\(refusedByKind.sorted { $0.key < $1.key }.map { "\($1) '\($0)'" }.joined(separator: ", "))), \(differences.count) differ")
        #expect(checks > 500)
        #expect(differences.isEmpty, "\(differences.count) differences from ansible-core:\n\(differences.prefix(15).joined(separator: "\n"))")
    }

    /// The hosts whose variables, as Scour's `--list` shows them, hold a template.
    static func hostsWithTemplates(listed: ScourCLI.Result) -> [String] {
        guard listed.status == 0, let list = try? JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any],
            let hostvars = (list["_meta"] as? [String: Any])?["hostvars"] as? [String: Any]
        else { return [] }
        return hostvars.filter { _, vars in
            let text = (try? JSONSerialization.data(withJSONObject: vars)).map { String(decoding: $0, as: UTF8.self) } ?? ""
            return text.contains("{{") || text.contains("{%") || text.contains("{#")
        }.keys.sorted()
    }

    /// Corpus cases: each `NAME.patterns` with its inventory `NAME.*` (a file or a folder).
    static func corpus() throws -> [(String, [String])] {
        let folder = ScourCLI.packageRoot.appendingPathComponent("Tests/Fixtures/inventory-corpus").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        return try names.filter { $0.hasSuffix(".patterns") }.map { patternsFile in
            let stem = String(patternsFile.dropLast(".patterns".count))
            let inventory = try #require(names.first { $0 != patternsFile && ($0 == stem || $0.hasPrefix(stem + ".")) })
            let patterns = try String(contentsOfFile: "\(folder)/\(patternsFile)", encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            return ("\(folder)/\(inventory)", patterns)
        }
    }

    static func show(_ value: Any?) -> String {
        guard let value else { return "nil" }
        if let text = value as? String { return String(text.prefix(300)) }
        guard JSONSerialization.isValidJSONObject(value), let data = try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys]) else {
            return "\(value)"
        }
        return String(String(decoding: data, as: UTF8.self).prefix(600))
    }
}
