import Foundation
import Synchronization
import Testing
import TestSupport
@testable import ScourCore

/// Scour's reading of ssh_config against OpenSSH's own (`ssh -G`, which resolves without
/// connecting): a corpus of configs (Tests/Fixtures/ssh-config-corpus, modelled on OpenSSH's
/// regress/cfgparse.sh, cfgmatch.sh, cfginclude.sh and real-world files; each names its hosts
/// on a first `# hosts:` line) and seeded random configs. Every difference fails, unless Scour
/// refuses the host as documented (docs/ssh-config.md). Needs only /usr/bin/ssh
/// (openssh-client, in the Makefile's APT_PACKAGES): it runs everywhere, CI included.
@Suite struct SSHConfigDifferentialTests {
    static let corpus = ScourCLI.packageRoot.appending(path: "Tests/Fixtures/ssh-config-corpus")

    /// A HOME holding a copy of the corpus as its `.ssh`, so `Include` finds the files.
    private static func home() throws -> String {
        #expect(FileManager.default.isExecutableFile(atPath: OpenSSHOracle.executable), "install openssh-client")
        let home = FileManager.default.temporaryDirectory.appending(path: "scour-sshconf-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: corpus.path, toPath: home + "/.ssh")
        // ssh refuses to include a group-writable file: a checkout made under umask 002 must
        // not turn the Include cases into refusals.
        for file in FileManager.default.enumerator(atPath: home + "/.ssh")?.compactMap({ $0 as? String }) ?? [] {
            chmod(home + "/.ssh/" + file, FileManager.default.isDirectory(home + "/.ssh/" + file) ? 0o755 : 0o644)
        }
        return home
    }

    /// Compares every (config, host) pair, a few at a time; returns the outcomes in order.
    private static func compare(_ cases: [SSHConfigComparison.Case], oracle: OpenSSHOracle) -> [SSHConfigComparison] {
        let results = Mutex([SSHConfigComparison?](repeating: nil, count: cases.count))
        DispatchQueue.concurrentPerform(iterations: cases.count) { index in
            let outcome: SSHConfigComparison
            do { outcome = try SSHConfigComparison.compare(cases[index], oracle: oracle) } catch {
                outcome = .differ("cannot run ssh: \(error)")
            }
            results.withLock { $0[index] = outcome }
        }
        return results.withLock { $0.map { $0 ?? .differ("not compared") } }
    }

    private static func report(_ name: String, _ cases: [SSHConfigComparison.Case], _ outcomes: [SSHConfigComparison]) {
        var counts: [String: Int] = [:]
        for (pair, outcome) in zip(cases, outcomes) {
            switch outcome {
            case .agree: counts["agree", default: 0] += 1
            case .bothRefuse: counts["both refuse", default: 0] += 1
            case .documentedRefusal: counts["refused by scour (documented)", default: 0] += 1
            case .differ(let what):
                counts["differ", default: 0] += 1
                let fixed = (pair.user.map { " -l \($0)" } ?? "") + (pair.port.map { " -p \($0)" } ?? "")
                Issue.record("\(URL(fileURLWithPath: pair.config).lastPathComponent) \(pair.host)\(fixed): \(what)\n\((try? String(contentsOfFile: pair.config, encoding: .utf8)) ?? "")")
            }
        }
        print("ssh_config differential (\(name)): \(outcomes.count) checks, " + counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }

    @Test func the_corpus_resolves_as_ssh_G_resolves_it() throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let oracle = OpenSSHOracle(home: home)
        var cases: [SSHConfigComparison.Case] = []
        let files = try FileManager.default.contentsOfDirectory(atPath: home + "/.ssh").filter { $0.hasSuffix(".conf") }.sorted()
        #expect(files.count >= 20)
        for file in files {
            let path = home + "/.ssh/" + file
            let firstLine = try String(contentsOfFile: path, encoding: .utf8).prefix { $0 != "\n" }
            guard firstLine.hasPrefix("# hosts:") else { Issue.record("\(file) names no hosts on its first line"); continue }
            for host in firstLine.dropFirst("# hosts:".count).split(separator: " ") { cases.append(.init(config: path, host: String(host))) }
        }
        let outcomes = Self.compare(cases, oracle: oracle)
        Self.report("corpus", cases, outcomes)
        #expect(outcomes.filter { $0 == .agree }.count > cases.count / 2, "most of the corpus resolves")
    }

    @Test func random_configs_resolve_as_ssh_G_resolves_them() throws {
        let home = try Self.home()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let oracle = OpenSSHOracle(home: home)
        // SCOUR_SSHCONFIG_SEED explores other configs (a failure prints the config it found).
        let seed = ProcessInfo.processInfo.environment["SCOUR_SSHCONFIG_SEED"].flatMap(UInt64.init) ?? 20_261_206
        var generator = SSHConfigGenerator(seed: seed, localUser: OpenSSHOracle.localUser.name)
        var cases: [SSHConfigComparison.Case] = []
        for index in 0..<300 {
            let path = home + "/.ssh/random-\(index)"
            try generator.config().write(toFile: path, atomically: true, encoding: .utf8)
            cases += generator.hosts().map { .init(config: path, host: $0.host, user: $0.user, port: $0.port) }
        }
        let outcomes = Self.compare(cases, oracle: oracle)
        Self.report("random, seed \(seed)", cases, outcomes)
        #expect(outcomes.filter { $0 == .agree }.count > cases.count / 2, "most random configs resolve")
    }
}
