import Foundation
@testable import ScourCore
@testable import ScourLab
import TestSupport
import Testing

/// What each lab scenario plants, host by host: traces on infected hosts only, benign versions
/// of the same files everywhere, and sample binaries that really run.
@Suite struct LabScenarioTests {
    static let clientKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILabClientKeyForTheseTestsOnly000000000000000 scour-lab\n"

    func host(_ index: Int, infected: Bool) -> LabScenario.Host {
        LabScenario.Host(index: index, name: String(format: "h%02d", index), infected: infected, clientKey: Self.clientKey)
    }

    func files(_ scenario: LabScenario, _ index: Int, infected: Bool) -> [String: String] {
        scenario.files(for: host(index, infected: infected)).mapValues(\.text)
    }

    @Test func the_codered_scenario_seeds_what_the_playbook_looks_for_only_on_infected_hosts() {
        let infected = files(.codeRedII, 2, infected: true)
        let clean = files(.codeRedII, 1, infected: false)
        #expect(infected.keys.contains { $0.hasSuffix("root.exe") })
        #expect(infected.values.contains { $0.contains("Alias /c \"/\"") && $0.contains("AddHandler cgi-script .ida .idq") })
        #expect(!clean.keys.contains { $0.hasSuffix("root.exe") || $0.hasSuffix("explorer.exe") })
        #expect(!clean.values.contains { $0.contains("Alias /c") || $0.contains(".ida") })
        #expect(files(.clean, 2, infected: true) == clean, "the clean scenario plants nothing, whatever the share")
    }

    // MARK: nimda-nginx

    @Test func nimda_web_roots_differ_per_host_and_the_inventory_names_those_off_the_default() {
        let roots = (1...8).map { NimdaNginxScenario.webRoot(of: host($0, infected: false)) }
        #expect(roots == ["/srv/www/h01", "/srv/www/h02", "/var/www/html", "/var/www/html",
                          "/srv/www/h05", "/srv/www/h06", "/var/www/html", "/var/www/html"])
        #expect(LabScenario.nimdaNginx.hostVariables(index: 2, name: "h02") == ["web_root=/srv/www/h02"])
        #expect(LabScenario.nimdaNginx.hostVariables(index: 4, name: "h04").isEmpty)
        #expect(LabScenario.codeRedII.hostVariables(index: 1, name: "h01").isEmpty)
        // 50% infects h02 h04 h06 h08: both kinds of web root among the infected.
        let infected = InfectionSpread.infectedIndices(count: 8, share: .percent(50))
        #expect(Set(infected.map { roots[$0 - 1] }) == ["/srv/www/h02", "/var/www/html", "/srv/www/h06"])
    }

    @Test(arguments: [2, 4])
    func nimda_traces_are_in_the_hosts_own_web_root_only_when_infected(index: Int) {
        let root = String(NimdaNginxScenario.webRoot(of: host(index, infected: true)).dropFirst())
        let infected = files(.nimdaNginx, index, infected: true)
        let clean = files(.nimdaNginx, index, infected: false)
        #expect(infected["\(root)/admin.dll"] != nil && infected["\(root)/readme.eml"] != nil)
        #expect(clean["\(root)/admin.dll"] == nil && clean["\(root)/readme.eml"] == nil)
        #expect(Set(infected.keys).subtracting(clean.keys) == ["\(root)/admin.dll", "\(root)/readme.eml"])
        for page in NimdaNginxScenario.pages {
            let path = "\(root)/\(page)"
            #expect(infected[path] == (clean[path] ?? "") + NimdaNginxScenario.scriptLine + "\n", "\(path)")
            #expect(clean[path]?.contains("readme.eml") == false)
        }
        #expect(NimdaNginxScenario.pages.contains { $0.hasSuffix(".htm") } && NimdaNginxScenario.pages.contains { $0.contains("/") })
        #expect(infected["\(root)/css/site.css"] == clean["\(root)/css/site.css"], "the worm touches pages only")
        #expect(infected["etc/nginx/sites-enabled/default"]?.contains("root /\(root);") == true)
    }

    /// The cleanup's own edit: strip_mappings with the playbook's aliases and handler turns the
    /// infected site back into the clean one exactly (but for the worm's comment), and finds
    /// nothing in the clean one.
    @Test func stripping_the_worms_locations_leaves_the_clean_site() {
        let target = MappingTarget(server: .nginx, config: "/etc/nginx/sites-enabled/default", site: nil)
        let infected = NimdaNginxScenario.site(root: "/srv/www/h02", infected: true)
        let clean = NimdaNginxScenario.site(root: "/srv/www/h02", infected: false)
        let edit = MappingEditor.strip(infected, target: target, aliases: ["/c", "/d"], handlers: [".eml"])
        #expect(edit.removals.count == 3)
        #expect(edit.newText.replacingOccurrences(of: "\n\t# Added by the worm\n", with: "") == clean)
        #expect(!MappingEditor.strip(clean, target: target, aliases: ["/c", "/d"], handlers: [".eml"]).changesSomething)
    }

    // MARK: cryptominer

    /// Each persistence file: the benign lines on every host, one line more when infected.
    @Test func each_persistence_file_gains_exactly_one_line_on_an_infected_host() throws {
        let infected = files(.cryptominer, 2, infected: true)
        let clean = files(.cryptominer, 1, infected: false)
        let expected = [
            "etc/rc.local": CryptominerScenario.rcLocalLine,
            "etc/cron.d/sysstat": CryptominerScenario.cronLine,
            "var/spool/cron/crontabs/root": CryptominerScenario.crontabLine,
            "root/.ssh/authorized_keys": CryptominerScenario.attackerKey,
            "etc/ld.so.preload": CryptominerScenario.preloadedLibrary,
        ]
        for (path, line) in expected {
            let benign = try #require(clean[path]).split(separator: "\n", omittingEmptySubsequences: false)
            #expect(benign.count >= 2, "\(path) has benign lines too")
            #expect(try #require(infected[path]) == (clean[path] ?? "") + line + "\n", "\(path)")
        }
        #expect(infected["etc/cron.d/e2scrub_all"] == clean["etc/cron.d/e2scrub_all"])
        #expect(clean["root/.ssh/authorized_keys"]?.hasPrefix(Self.clientKey) == true, "the lab's own key stays first, as given")
        #expect(CryptominerScenario.attackerKey.range(of: #"AAAAC3NzaC1lZDI1NTE5AAAAIMiner[A-Za-z0-9+/]* x@kworker$"#, options: .regularExpression) != nil,
                "the key Playbooks/cryptominer-persistence.scour looks for")
        let planted = Set(infected.keys).subtracting(clean.keys)
        #expect(planted == ["opt/.kworker/kworkerds", "opt/.kworker/config.json", "etc/libsystem.so"])
    }

    @Test func modes_are_those_of_the_real_files() {
        let planted = LabScenario.cryptominer.files(for: host(2, infected: true))
        #expect(planted["opt/.kworker/kworkerds"]?.mode == 0o755)
        #expect(planted["etc/rc.local"]?.mode == 0o755)
        #expect(planted["var/spool/cron/crontabs/root"]?.mode == 0o600)
        #expect(planted["root/.ssh/authorized_keys"]?.mode == 0o600)
        #expect(planted["etc/cron.d/sysstat"]?.mode == 0o644)
    }

    /// The sample program runs as itself (its own executable and name, any arguments) until
    /// TERM; the sample library loads into a process without a word on stderr.
    @Test(.enabled(if: LabSampleELF.machineRuns)) func the_sample_binaries_really_run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scour-elf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let program = folder.appendingPathComponent("kworkerds").path
        let library = folder.appendingPathComponent("libsystem.so").path
        try LabSampleELF.program(marker: "test\n").write(to: URL(fileURLWithPath: program))
        try LabSampleELF.library(marker: "test\n").write(to: URL(fileURLWithPath: library))
        chmod(program, 0o755)

        let preloaded = try await runProcess("/bin/sh", ["-c", "grep -c libsystem.so /proc/self/maps; echo ran"], environment: ["LD_PRELOAD": library])
        #expect(preloaded.status == 0)
        #expect(preloaded.stdout == "1\nran\n")
        #expect(preloaded.stderr.isEmpty, "\(preloaded.stderr)")

        // Spawned as Scour spawns (no blocked signals), so TERM reaches it as it would from a shell.
        let process = try DaemonProcess.spawn(program, ["-o", "stratum+tcp://pool.invalid:3333"])
        try await Task.sleep(for: .milliseconds(300))
        let proc = "/proc/\(process.pid)"
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: "\(proc)/exe") == program, "it waits, whatever its arguments")
        #expect(try String(contentsOfFile: "\(proc)/comm", encoding: .utf8) == "kworkerds\n")
        #expect(try String(contentsOfFile: "\(proc)/cmdline", encoding: .utf8) == "\(program)\0-o\0stratum+tcp://pool.invalid:3333\0")
        process.signal(SIGTERM)
        var status: Int32 = 0
        let deadline = ContinuousClock.now + .seconds(10)
        while waitpid(process.pid, &status, WNOHANG) == 0 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if ContinuousClock.now >= deadline { await process.terminate() }
        #expect(status & 0x7F == SIGTERM, "TERM ends it")
    }

    @Test func the_samples_are_fixed_and_distinct() {
        #expect(LabSampleELF.program(marker: "a") == LabSampleELF.program(marker: "a"))
        #expect(LabSampleELF.library(marker: "a") != LabSampleELF.library(marker: "b"))
        #expect(LabSampleELF.program(marker: "a").prefix(4) == Data([0x7F, 0x45, 0x4C, 0x46]))
    }
}
