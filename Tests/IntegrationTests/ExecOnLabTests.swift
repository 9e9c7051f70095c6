import Foundation
import Testing
import TestSupport

/// `scour exec` against lab hosts, over the real transport, as a responder runs it.
@Suite(.needs(.lab))
struct ExecOnLabTests {
    @Test func outputs_and_exit_codes_come_back_per_host_with_stderr_apart() async throws {
        let lab = try await LabFixture(hosts: 3)
        let result = try await lab.exec(#"echo "out $(hostname)"; echo "err $(hostname)" >&2; [ "$(hostname)" != h02 ] || exit 7"#,
                                  ["--format", "json"])
        #expect(result.status == 1, "a non-zero exit anywhere fails the run")
        let report = try ExecReportJSON(result)
        #expect(report.format_version == 1)
        for name in ["h01", "h02", "h03"] {
            let host = try report.host(name)
            #expect(host.stdout == "out \(name)\n")
            #expect(host.stderr == "err \(name)\n")
            #expect(host.exit_code == (name == "h02" ? 7 : 0))
        }
        #expect(report.summary.ok == 2 && report.summary.nonzero == 1)
    }

    @Test func a_stopped_host_is_unreachable_transient_and_retried() async throws {
        let lab = try await LabFixture(hosts: 2)
        #expect(try await lab.lab(["power", "stop", "h02"]).status == 0)
        let result = try await lab.exec("true", ["--retries", "2", "--backoff", "100ms", "--connect-timeout", "1s", "--format", "json"])
        #expect(result.status == 1)
        let report = try ExecReportJSON(result)
        let stopped = try report.host("h02")
        #expect(stopped.status == "unreachable")
        #expect(stopped.transient == true)
        #expect(stopped.connect_attempts == 3, "one attempt and two retries")
        #expect(try report.host("h01").status == "ok")
    }

    @Test func a_host_that_comes_back_during_the_retries_succeeds() async throws {
        let lab = try await LabFixture(hosts: 1)
        #expect(try await lab.lab(["power", "stop", "h01"]).status == 0)
        let powerOn = Task { try await Task.sleep(for: .seconds(2)); _ = try await lab.lab(["power", "start", "h01"]) }
        let result = try await lab.exec("hostname", ["--retries", "8", "--backoff", "500ms", "--connect-timeout", "1s", "--format", "json"])
        #expect(result.status == 0, "\(result.stdout) \(result.stderr)")
        let host = try ExecReportJSON(result).host("h01")
        #expect(host.stdout == "h01\n")
        _ = await powerOn.result
    }

    @Test func host_keys_are_checked_strictly_unless_accept_new_is_asked() async throws {
        let lab = try await LabFixture(hosts: 2)
        let empty = lab.directory + "/empty_known_hosts"
        FileManager.default.createFile(atPath: empty, contents: nil)
        let refused = try await ScourCLI.run(["exec", "-i", lab.inventory, "--known-hosts", empty, "--format", "json", "--", "true"])
        #expect(refused.status == 1)
        for host in try ExecReportJSON(refused).hosts {
            #expect(host.error_kind == "hostKeyUnknown")
            #expect(host.transient == false)
            #expect(host.connect_attempts == 1, "a permanent failure is not retried")
        }

        // h01's address recorded with h02's key: a changed key.
        let keys = try String(contentsOfFile: lab.knownHosts, encoding: .utf8).split(separator: "\n")
        let swapped = lab.directory + "/swapped_known_hosts"
        let h02Key = keys[1].split(separator: " ").dropFirst().joined(separator: " ")
        try "\(lab.state.hosts[0].address) \(h02Key)\n".write(toFile: swapped, atomically: true, encoding: .utf8)
        for accept in [false, true] {
            let mismatch = try await ScourCLI.run(["exec", "-i", lab.inventory, "--known-hosts", swapped, "-l", "h01", "--format", "json"]
                + (accept ? ["--accept-new-host-keys"] : []) + ["--", "true"])
            let host = try ExecReportJSON(mismatch).host("h01")
            #expect(host.error_kind == "hostKeyMismatch", "accept-new: \(accept)")
            #expect(host.error?.contains("\(swapped):1") == true, "the message says where the recorded key is")
        }

        let accepted = try await ScourCLI.run(["exec", "-i", lab.inventory, "--known-hosts", empty, "--accept-new-host-keys", "--", "true"])
        #expect(accepted.status == 0, "\(accepted.stdout)")
        let recorded = try String(contentsOfFile: empty, encoding: .utf8)
        for host in lab.state.hosts { #expect(recorded.contains(host.address + " ssh-ed25519 ")) }
        let strictAgain = try await ScourCLI.run(["exec", "-i", lab.inventory, "--known-hosts", empty, "--", "true"])
        #expect(strictAgain.status == 0)
        let openSSH = try await runProcess("/usr/bin/ssh", [
            "-i", lab.clientKey, "-o", "UserKnownHostsFile=\(empty)", "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
            "root@\(lab.state.hosts[1].address)", "true",
        ])
        #expect(openSSH.status == 0, "OpenSSH accepts what Scour recorded: \(openSSH.stderr)")
    }

    @Test func a_key_the_hosts_do_not_know_is_refused() async throws {
        let lab = try await LabFixture(hosts: 1)
        let stranger = lab.directory + "/stranger"
        _ = try await runProcess("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", stranger])
        let result = try await lab.exec("true", ["--identity", stranger, "--format", "json"])
        #expect(result.status == 1)
        let host = try ExecReportJSON(result).host("h01")
        #expect(host.error_kind == "authenticationFailed")
        #expect(host.transient == false)
    }
}
