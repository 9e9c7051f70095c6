import Foundation
import ScourCore
import ScourEngine
import ScourSSH
import Synchronization

extension LabController {
    /// Every host must accept the lab's key over SSH, as a user's `scour` will: as the login
    /// user when the lab has one (root on bastions). Hosts the machine reaches are checked with
    /// Scour's own client; those behind a bastion or in a site with OpenSSH from the bastion's or
    /// site's network namespace, beside them (the jumps themselves are the tests' to prove).
    func waitUntilReady(_ state: LabState, machine: LabMachine, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        let bastionNames = Set((state.bastions ?? []).map(\.name))
        let targets = state.allHosts.map { host in
            (host: host, user: bastionNames.contains(host.name) ? "root" : state.loginUser?.name ?? "root")
        }
        var failures = await waitDirectly(targets.filter { $0.host.linkNamespace == nil }, until: deadline)
        failures += await waitBeside(targets.filter { $0.host.linkNamespace != nil }, machine: machine, until: deadline)
        guard failures.isEmpty else {
            throw LabError.failed("\(failures.count) lab hosts did not come up within \(timeout.scourLiteral) (see console.log in their folders):\n  "
                + failures.prefix(5).joined(separator: "\n  "))
        }
    }

    private func waitDirectly(_ targets: [(host: LabState.Host, user: String)], until deadline: ContinuousClock.Instant) async -> [String] {
        let options = SSHClientOptions(
            knownHostsFile: layout.knownHostsFile.path,
            identities: [.keyFile(path: layout.clientKey.path, passphrase: nil)], connectTimeout: .seconds(5))
        let notReady = Mutex<[String]>([])
        let logger = self.logger
        await forEachConcurrently(targets, limit: 64, { target -> String? in
            var lastError = "no answer"
            while ContinuousClock.now < deadline {
                do {
                    let session = try await SSHSession.connect(
                        to: SSHTarget(host: target.host.address, user: target.user), options: options, logger: logger)
                    await session.close()
                    return nil
                } catch {
                    lastError = "\(error)"
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
            return "\(target.host.name) (\(target.host.address)): \(lastError)"
        }, onResult: { failure in
            if let failure { notReady.withLock { $0.append(failure) } }
        })
        return notReady.withLock { $0 }
    }

    /// `ssh USER@ADDRESS true` from the namespace holding the host's bridge, 16 at a time, on
    /// threads of their own (each waits for a process).
    private func waitBeside(_ targets: [(host: LabState.Host, user: String)], machine: LabMachine,
                            until deadline: ContinuousClock.Instant) async -> [String] {
        guard !targets.isEmpty, let ssh = machine.ssh else { return [] }
        let nsenter = machine.nsenter, config = layout.sshConfigFile.path
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let notReady = Mutex<[String]>([])
                let group = DispatchGroup()
                let slots = DispatchSemaphore(value: 16)
                for (host, user) in targets {
                    slots.wait()
                    group.enter()
                    Thread.detachNewThread {
                        defer { slots.signal(); group.leave() }
                        let command = LocalCommand(nsenter, [
                            "--net=/var/run/netns/\(host.linkNamespace ?? "")", ssh, "-F", config,
                            "-o", "ConnectTimeout=5", "\(user)@\(host.address)", "true",
                        ])
                        var lastError = "no answer"
                        while ContinuousClock.now < deadline {
                            do {
                                let result = try command.run()
                                if result.succeeded { return }
                                lastError = String(result.stderr.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300))
                            } catch {
                                lastError = "\(error)"
                            }
                            usleep(200_000)
                        }
                        notReady.withLock { $0.append("\(host.name) (\(host.address)): \(lastError)") }
                    }
                }
                group.wait()
                continuation.resume(returning: notReady.withLock { $0 })
            }
        }
    }
}
