import Foundation
import Logging
import ScourCore
import ScourSSH
import Synchronization

/// Brings a lab up and down, reports on it and powers its hosts (docs/lab.md).
public struct LabController: Sendable {
    public var layout: LabLayout
    public var logger: Logger

    public init(layout: LabLayout, logger: Logger) {
        self.layout = layout
        self.logger = logger
    }

    public struct UpRequest: Sendable {
        public var hostCount: Int
        public var scenario: LabScenario
        public var infectedShare: Share
        public var bootDelay: Duration
        public var readyTimeout: Duration

        public init(hostCount: Int, scenario: LabScenario, infectedShare: Share, bootDelay: Duration,
                    readyTimeout: Duration = .seconds(120)) {
            self.hostCount = hostCount
            self.scenario = scenario
            self.infectedShare = infectedShare
            self.bootDelay = bootDelay
            self.readyTimeout = readyTimeout
        }
    }

    // MARK: up

    /// Creates the lab, or, when the same lab is already there, brings back whatever of it is
    /// missing (a namespace, a stopped supervisor). Returns once every host answers over SSH.
    @discardableResult
    public func up(_ request: UpRequest) async throws -> LabState {
        try layout.validate()
        let machine = try LabMachine.check()
        guard (1...LabLayout.maximumHosts).contains(request.hostCount) else {
            throw LabError.invalid("a lab has 1 to \(LabLayout.maximumHosts) hosts, not \(request.hostCount)")
        }
        let state: LabState
        let isNew = !FileManager.default.fileExists(atPath: layout.stateFile.path)
        if !isNew {
            state = try LabState.load(from: layout)
            guard state.hosts.count == request.hostCount, state.scenario == request.scenario,
                  state.infectedShare == request.infectedShare.description, state.network == layout.network
            else {
                throw LabError.invalid("""
                    a lab of \(state.hosts.count) hosts (scenario \(state.scenario.rawValue), \(state.infectedShare) infected, \
                    network \(state.network)) is already up in \(layout.directory.path); take it down first with \
                    `scour lab down\(layout.directory == LabLayout.defaultDirectory ? "" : " --dir \(layout.directory.path)")`
                    """)
            }
            // Claimed again after a machine reboot cleared /run; refused if another lab took the network since.
            try NetworkClaim.claim(state.network, for: layout.directory)
            logger.info("lab already in \(layout.directory.path): checking its hosts")
        } else {
            try checkFree(machine: machine)
            state = try rollingBackOnFailure { try create(request, machine: machine) }
        }
        try rollingBackOnFailure(when: isNew) {
            try startNetwork(state, machine: machine)
            // `up` means every host up: power on stopped hosts and resume hung ones.
            if !isNew { try powerOn(state.hosts, machine: machine) }
            try startSupervisors(state)
        }
        try await waitUntilReady(state, timeout: request.readyTimeout)
        return state
    }

    /// A new lab that fails half-way is taken down again, so a retry starts from nothing. `down`
    /// removes only what lab.json (written first) records; the claim and an empty folder made
    /// before it are given back here.
    private func rollingBackOnFailure<T>(when isNew: Bool = true, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            if isNew {
                _ = try? down()
                NetworkClaim.release(layout.network, for: layout.directory)
                rmdir(layout.directory.path)
            }
            throw error
        }
    }

    /// Before a new lab makes anything: the folder must hold no one else's files (`down` removes
    /// it whole) and the network must be free — claimed for this folder, with no namespace or
    /// bridge of it left on the machine. A refusal here has made nothing, so removes nothing.
    private func checkFree(machine: LabMachine) throws {
        let files = FileManager.default
        if let contents = try? files.contentsOfDirectory(atPath: layout.directory.path), !contents.isEmpty {
            throw LabError.invalid("\(layout.directory.path) holds files but no lab (no lab.json); `scour lab down` would remove the whole folder, so a lab needs a new or empty one")
        }
        try NetworkClaim.claim(layout.network, for: layout.directory)
        let prefix = "scour\(layout.network)-"
        let inUse = (try machine.namespaces()).filter { $0.hasPrefix(prefix) }.sorted().first
            ?? (machine.linkExists(layout.bridge) ? "bridge \(layout.bridge)" : nil)
        if let inUse {
            NetworkClaim.release(layout.network, for: layout.directory)
            throw LabError.invalid("network \(layout.network) is used by another lab (\(inUse)); pick another --net or take that lab down")
        }
    }

    private func create(_ request: UpRequest, machine: LabMachine) throws -> LabState {
        let files = FileManager.default
        try files.createDirectory(at: layout.directory, withIntermediateDirectories: true)
        let infected = Set(InfectionSpread.infectedIndices(count: request.hostCount, share: request.infectedShare))
        let hosts = (1...request.hostCount).map { index in
            let name = layout.hostName(index, of: request.hostCount)
            return LabState.Host(
                name: name, address: layout.address(ofHost: index), namespace: layout.namespace(ofHost: name),
                veth: layout.rootVeth(ofHost: index), infected: request.scenario == .codeRedII && infected.contains(index))
        }
        let state = LabState(
            network: layout.network, bridge: layout.bridge, scenario: request.scenario,
            infectedShare: request.infectedShare.description,
            bootDelaySeconds: Double(request.bootDelay.scourMilliseconds) / 1000, hosts: hosts)
        try state.save(to: layout)  // first, so that `down` can undo whatever follows
        try files.createDirectory(at: layout.scriptsDirectory, withIntermediateDirectories: true)
        try CreatedMountPoints.create(LabLayout.privatePaths)
        try files.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        try writeScripts()
        try machine.generateKey(at: layout.clientKey.path, comment: "scour-lab")
        try files.copyItem(at: URL(fileURLWithPath: layout.clientKey.path + ".pub"), to: layout.authorizedKeys)
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: hosts.count) { index in
            do { try prepareHost(hosts[index], scenario: request.scenario, machine: machine) } catch {
                failures.withLock { $0.append("\(hosts[index].name): \(error)") }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw LabError.failed("preparing host \(failure)") }
        try writeClientFiles(state)
        return state
    }

    private func writeScripts() throws {
        let scripts = [
            "supervise": LabScripts.supervise,
            "boot": LabScripts.boot(privatePaths: LabLayout.privatePaths),
            "systemctl": LabScripts.systemctl,
            "empty-rc": "",
        ]
        for (name, text) in scripts {
            let url = layout.scriptsDirectory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
    }

    /// The host's folder: its private trees seeded by the scenario, services, host key, sshd config.
    private func prepareHost(_ host: LabState.Host, scenario: LabScenario, machine: LabMachine) throws {
        let files = FileManager.default
        let folder = layout.hostDirectory(host.name)
        let root = folder.appendingPathComponent("root")
        for path in LabLayout.privatePaths {
            try files.createDirectory(at: root.appendingPathComponent(String(path.dropFirst())), withIntermediateDirectories: true)
        }
        try files.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: root.appendingPathComponent("tmp").path)
        for (path, contents) in scenario.files(infected: host.infected).merging(LabScenario.plainShell, uniquingKeysWith: { $1 }) {
            let url = root.appendingPathComponent(path)
            try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: false, encoding: .utf8)
        }
        let services = root.appendingPathComponent("run/scour-lab/services")
        try files.createDirectory(at: services, withIntermediateDirectories: true)
        for (service, state) in LabScenario.services {
            try (state + "\n").write(to: services.appendingPathComponent(service), atomically: false, encoding: .utf8)
        }
        try files.createDirectory(at: folder.appendingPathComponent("run"), withIntermediateDirectories: true)
        try UUID().uuidString.lowercased().write(to: folder.appendingPathComponent("run/boot_id"), atomically: false, encoding: .utf8)
        try machine.generateKey(at: folder.appendingPathComponent("ssh_host_ed25519_key").path, comment: host.name)
        try LabScripts.sshdConfig(address: host.address, hostDirectory: folder.path, authorizedKeys: layout.authorizedKeys.path)
            .write(to: folder.appendingPathComponent("sshd_config"), atomically: true, encoding: .utf8)
    }

    /// The inventory and known_hosts a user (or a test) points scour at.
    private func writeClientFiles(_ state: LabState) throws {
        let width = state.hosts.map(\.name.count).max() ?? 0
        var inventory = """
            # scour lab: \(state.hosts.count) hosts, scenario \(state.scenario.rawValue)\
            \(state.scenario == .codeRedII ? " (\(state.infectedShare) infected)" : ""). Written by `scour lab up`.
            [lab]

            """
        for host in state.hosts {
            inventory += host.name.padding(toLength: width, withPad: " ", startingAt: 0) + " ansible_host=\(host.address)\n"
        }
        inventory += """

            [lab:vars]
            ansible_user=root
            ansible_ssh_private_key_file=\(layout.clientKey.path)
            scour_platform=linux

            """
        try inventory.write(to: layout.inventoryFile, atomically: true, encoding: .utf8)
        var knownHosts = ""
        for host in state.hosts {
            let key = try String(contentsOf: layout.hostDirectory(host.name).appendingPathComponent("ssh_host_ed25519_key.pub"), encoding: .utf8)
            knownHosts += "\(host.address) \(key.trimmingCharacters(in: .whitespacesAndNewlines))\n"
        }
        try knownHosts.write(to: layout.knownHostsFile, atomically: true, encoding: .utf8)
    }

    /// The bridge, and for every host without one a namespace with its veth pair.
    private func startNetwork(_ state: LabState, machine: LabMachine) throws {
        if !machine.linkExists(state.bridge) {
            try machine.ip([], batch: [
                "link add \(state.bridge) type bridge",
                "addr add \(layout.bridgeAddress)/\(layout.prefixLength) dev \(state.bridge)",
                "link set \(state.bridge) up",
            ])
        }
        let existing = try machine.namespaces()
        let missing = state.hosts.filter { !existing.contains($0.namespace) }
        try machine.ip([], batch: missing.flatMap { host in
            [
                "netns add \(host.namespace)",
                "link add \(host.veth) type veth peer name eth0 netns \(host.namespace)",
                "link set \(host.veth) master \(state.bridge) up",
            ]
        })
        for host in missing {
            try machine.ip(["-n", host.namespace], batch: [
                "addr add \(host.address)/\(layout.prefixLength) dev eth0", "link set eth0 up", "link set lo up",
            ])
        }
    }

    private func startSupervisors(_ state: LabState) throws {
        for host in state.hosts where !isSupervisor(supervisorPID(of: host)) {
            let folder = layout.hostDirectory(host.name)
            _ = try DaemonProcess.spawn(
                "/bin/sh",
                [layout.scriptsDirectory.appendingPathComponent("supervise").path, layout.directory.path, folder.path,
                 host.namespace, host.name, String(state.bootDelaySeconds)],
                logFile: folder.appendingPathComponent("supervisor.log").path, newSession: true)
        }
    }

    func supervisorPID(of host: LabState.Host) -> pid_t {
        let text = try? String(contentsOf: layout.hostDirectory(host.name).appendingPathComponent("supervisor.pid"), encoding: .utf8)
        return pid_t(text?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? 0
    }

    /// Every host must accept the lab's key over SSH, as a user's `scour` will.
    private func waitUntilReady(_ state: LabState, timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        let options = SSHClientOptions(
            knownHostsFile: layout.knownHostsFile.path,
            identities: [.keyFile(path: layout.clientKey.path, passphrase: nil)], connectTimeout: .seconds(5))
        let notReady = Mutex<[String]>([])
        let logger = self.logger
        await forEachConcurrently(state.hosts, limit: 64, { host -> String? in
            var lastError = "no answer"
            while ContinuousClock.now < deadline {
                do {
                    let session = try await SSHSession.connect(
                        to: SSHTarget(host: host.address, user: "root"), options: options, logger: logger)
                    await session.close()
                    return nil
                } catch {
                    lastError = "\(error)"
                    try? await Task.sleep(for: .milliseconds(200))
                }
            }
            return "\(host.name) (\(host.address)): \(lastError)"
        }, onResult: { failure in
            if let failure { notReady.withLock { $0.append(failure) } }
        })
        let failures = notReady.withLock { $0 }
        guard failures.isEmpty else {
            throw LabError.failed("\(failures.count) lab hosts did not come up within \(timeout.scourLiteral) (see console.log in their folders):\n  "
                + failures.prefix(5).joined(separator: "\n  "))
        }
    }
}
