import Foundation
import Testing
import TestSupport

/// The lab removes only what it made, and its hosts run commands in a plain root shell
/// (issue 15: a refused `up` and a `down` in an empty folder removed another lab's hosts; root's
/// rc files ran `pyenv init` in every command).
@Suite(.needs(.lab))
struct LabOwnershipTests {
    /// Every host of `lab` still answers over plain OpenSSH with its own name.
    private func expectAnswering(_ lab: LabFixture, _ comment: Comment) async throws {
        for host in lab.state.hosts {
            let answer = try await lab.ssh(host, "hostname")
            #expect(answer.stdout == host.name + "\n", "\(comment): \(host.name) \(answer.stderr)")
        }
    }

    private func emptyFolder() throws -> String {
        let folder = "/var/lib/scour-lab-test-empty-\(UUID().uuidString.prefix(6))"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func a_refused_up_on_a_taken_network_leaves_the_other_lab_working() async throws {
        let lab = try await LabFixture(hosts: 3, scenario: "clean")
        let other = "/var/lib/scour-lab-test-second-\(UUID().uuidString.prefix(6))"
        defer { try? FileManager.default.removeItem(atPath: other) }
        let refused = try await ScourCLI.run(["lab", "up", "2", "--scenario", "clean", "--dir", other, "--net", String(lab.network)])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("network \(lab.network) is used by another lab (in \(lab.directory))"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: other + "/lab.json"), "the refused lab made nothing")
        try await expectAnswering(lab, "after a refused up on its network")
        let exec = try await lab.exec("true")
        #expect(exec.status == 0, "scour exec still reaches every host: \(exec.stderr)")
    }

    @Test func down_in_a_folder_without_a_lab_errors_and_removes_nothing() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "clean")
        let empty = try emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        for folder in [empty, empty + "/missing"] {
            let down = try await ScourCLI.run(["lab", "down", "--dir", folder, "--net", String(lab.network)])
            #expect(down.status == 1)
            #expect(down.stderr.contains("no lab in \(folder) (no lab.json): nothing to take down"), "\(down.stderr)")
            #expect(down.stdout.isEmpty, "removed nothing: \(down.stdout)")
        }
        #expect(FileManager.default.fileExists(atPath: empty), "the folder itself is left alone")
        try await expectAnswering(lab, "after down in an empty folder on its network")
        #expect(try await runProcess("/usr/sbin/ip", ["link", "show", "dev", lab.state.bridge]).status == 0, "its bridge is there")
    }

    @Test func up_refuses_a_folder_holding_someone_elses_files() async throws {
        let folder = try emptyFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "notes".write(toFile: folder + "/mine.txt", atomically: true, encoding: .utf8)
        let up = try await ScourCLI.run(["lab", "up", "1", "--dir", folder, "--net", "39"])
        if up.status == 0 { _ = try await ScourCLI.run(["lab", "down", "--dir", folder]) }
        #expect(up.status != 0)
        #expect(up.stderr.contains("holds files but no lab"), "\(up.stderr)")
        #expect(try String(contentsOfFile: folder + "/mine.txt", encoding: .utf8) == "notes")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["mine.txt"])
    }

    @Test func hosts_run_commands_in_a_plain_root_shell() async throws {
        let lab = try await LabFixture(hosts: 2, scenario: "clean")
        for host in lab.state.hosts {
            // sshd runs `bash -c`: on Debian it reads /etc/bash.bashrc and ~/.bashrc; sshd runs /etc/ssh/sshrc.
            let seen = try await lab.ssh(host, """
                wc -c < /root/.bashrc; wc -c < /root/.profile; wc -c < /etc/bash.bashrc
                [ ! -e /etc/ssh/sshrc ] || wc -c < /etc/ssh/sshrc
                echo "$PATH"; command -v pyenv || echo no-pyenv
                """)
            let lines = seen.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(lines.prefix(3) == ["0", "0", "0"], "\(host.name): rc files are empty: \(seen.stdout) \(seen.stderr)")
            #expect(!seen.stdout.contains(".pyenv"), "\(host.name): no pyenv on PATH: \(seen.stdout)")
            #expect(lines.last == "no-pyenv")
        }
    }
}
