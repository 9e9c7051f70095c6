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
        public var access: LabAccess
        public var readyTimeout: Duration

        public init(hostCount: Int, scenario: LabScenario, infectedShare: Share, bootDelay: Duration,
                    access: LabAccess = LabAccess(), readyTimeout: Duration = .seconds(120)) {
            self.hostCount = hostCount
            self.scenario = scenario
            self.infectedShare = infectedShare
            self.bootDelay = bootDelay
            self.access = access
            self.readyTimeout = readyTimeout
        }
    }

    // MARK: up

    /// Creates the lab, or, when the same lab is already there, brings back whatever of it is
    /// missing (a namespace, a stopped supervisor). Returns once every host answers over SSH.
    @discardableResult
    public func up(_ request: UpRequest) async throws -> LabState {
        try layout.validate()
        let machine = try LabMachine.check(for: request.access)
        guard (1...LabLayout.maximumHosts).contains(request.hostCount) else {
            throw LabError.invalid("a lab has 1 to \(LabLayout.maximumHosts) hosts, not \(request.hostCount)")
        }
        let state: LabState
        let isNew = !FileManager.default.fileExists(atPath: layout.stateFile.path)
        if !isNew {
            state = try LabState.load(from: layout)
            guard state.hosts.count == request.hostCount, state.scenario == request.scenario,
                  state.infectedShare == request.infectedShare.description, state.network == layout.network,
                  LabAccess(state) == request.access
            else {
                throw LabError.invalid("""
                    a lab of \(state.hosts.count) hosts (scenario \(state.scenario.rawValue), \(state.infectedShare) infected, \
                    network \(state.network)\(LabAccess(state).summary)) is already up in \(layout.directory.path); take it down first with \
                    `scour lab down\(layout.directory == LabLayout.defaultDirectory ? "" : " --dir \(layout.directory.path)")`
                    """)
            }
            // Claimed again after a machine reboot cleared /run; refused if another lab took the network since.
            try NetworkClaim.claim(state.network, for: layout.directory)
            logger.info("lab already in \(layout.directory.path): checking its hosts")
        } else {
            try request.access.validate(hostCount: request.hostCount)
            try request.scenario.checkMachine()
            try checkFree(machine: machine)
            state = try rollingBackOnFailure { try create(request, machine: machine) }
        }
        try rollingBackOnFailure(when: isNew) {
            try startNetwork(state, machine: machine)
            // `up` means every host up: power on stopped hosts and resume hung ones.
            if !isNew { try powerOn(state.allHosts, machine: machine) }
            try startSupervisors(state)
        }
        try await waitUntilReady(state, machine: machine, timeout: request.readyTimeout)
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
        let access = request.access
        let bastions: [LabState.Host] = access.bastions == 0 ? [] : (1...access.bastions).map { index -> LabState.Host in
            let (address, prefix) = layout.bastionAddress(index)
            return LabState.Host(
                name: layout.bastionName(index), address: address, namespace: layout.namespace(ofHost: layout.bastionName(index)),
                veth: layout.bastionVeth(index), infected: false,
                linkNamespace: index == 1 ? nil : layout.namespace(ofHost: layout.bastionName(index - 1)),
                prefixLength: index == 1 ? nil : prefix, hiddenAddress: layout.bastionHiddenAddress(index, of: access.bastions))
        }
        let sites: [LabState.Site] = access.sites == 0 ? [] : (1...access.sites).map { index in
            LabState.Site(name: layout.siteName(index), namespace: layout.namespace(ofHost: layout.siteName(index)),
                          address: "\(layout.bridgeAddress)/\(layout.prefixLength)")
        }
        let hosts = (1...request.hostCount).map { index in
            let name = layout.hostName(index, of: request.hostCount)
            let site = sites.isEmpty ? nil : sites[LabSites.site(ofHost: index, hostCount: request.hostCount, sites: sites.count) - 1]
            return LabState.Host(
                name: name, address: bastions.isEmpty ? layout.address(ofHost: index) : layout.address(ofHostBehindBastions: index),
                namespace: layout.namespace(ofHost: name),
                veth: layout.rootVeth(ofHost: index), infected: request.scenario.infects && infected.contains(index),
                linkNamespace: site?.namespace ?? bastions.last?.namespace,
                prefixLength: bastions.isEmpty ? nil : LabLayout.hostsBehindBastionsPrefixLength)
        }
        var state = LabState(
            network: layout.network, bridge: layout.bridge, scenario: request.scenario,
            infectedShare: request.infectedShare.description,
            bootDelaySeconds: Double(request.bootDelay.scourMilliseconds) / 1000, hosts: hosts)
        if let name = access.loginUser {
            state.loginUser = LabState.LoginUser(
                name: name, uid: try LabAccounts.freeID(), sudo: access.sudo,
                sudoPassword: access.sudo == .password ? LabAccounts.sudoPassword : nil)
        }
        state.rootLoginRefused = access.refuseRootLogin ? true : nil
        state.bastions = bastions.isEmpty ? nil : bastions
        state.sites = sites.isEmpty ? nil : sites
        try state.save(to: layout)  // first, so that `down` can undo whatever follows
        try files.createDirectory(at: layout.scriptsDirectory, withIntermediateDirectories: true)
        try CreatedMountPoints.create(LabLayout.privatePaths)
        try files.createDirectory(atPath: "/run/sshd", withIntermediateDirectories: true)
        try writeScripts()
        try machine.generateKey(at: layout.clientKey.path, comment: "scour-lab")
        try files.copyItem(at: URL(fileURLWithPath: layout.clientKey.path + ".pub"), to: layout.authorizedKeys)
        let plans = try hostPlans(state)
        let failures = Mutex<[String]>([])
        DispatchQueue.concurrentPerform(iterations: plans.count) { index in
            do { try prepareHost(plans[index], machine: machine) } catch {
                failures.withLock { $0.append("\(plans[index].host.name): \(error)") }
            }
        }
        if let failure = failures.withLock({ $0.first }) { throw LabError.failed("preparing host \(failure)") }
        try writeClientFiles(state)
        return state
    }

    private func writeScripts() throws {
        let scripts = [
            "supervise": LabScripts.supervise,
            "boot": LabScripts.boot(privatePaths: LabLayout.privatePaths, accountFiles: LabAccounts.boundFiles),
            "systemctl": LabScripts.systemctl,
            "empty-rc": "",
        ]
        for (name, text) in scripts {
            let url = layout.scriptsDirectory.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        }
    }

    /// What one host's folder gets: files of its tree, services, sshd settings, accounts.
    private struct HostPlan: Sendable {
        var host: LabState.Host
        var files: [String: LabFile]
        var services: [String: String]
        var sshdConfig: String
        var loginUser: LabState.LoginUser?
        var machineAccounts: LabAccounts.MachineFiles?
    }

    /// Hosts get the scenario, the login user and `PermitRootLogin no` as asked; a bastion only
    /// a plain shell, root's login and forwarding to the next hop alone (the next bastion, or
    /// every host's sshd).
    private func hostPlans(_ state: LabState) throws -> [HostPlan] {
        let accounts = state.loginUser == nil ? nil : try LabAccounts.MachineFiles()
        let clientKey = try String(contentsOfFile: layout.clientKey.path + ".pub", encoding: .utf8)
        let bastions = state.bastions ?? []
        let bastionPlans = bastions.enumerated().map { index, bastion in
            let next = index + 1 < bastions.count ? [bastions[index + 1]] : state.hosts
            return HostPlan(
                host: bastion, files: LabScenario.plainShell, services: [:],
                sshdConfig: sshdConfig(of: bastion, permitOpen: next.map { "\($0.address):22" }))
        }
        return bastionPlans + state.hosts.enumerated().map { index, host in
            let seeded = LabScenario.Host(index: index + 1, name: host.name, infected: host.infected, clientKey: clientKey)
            return HostPlan(
                host: host, files: state.scenario.files(for: seeded).merging(LabScenario.plainShell, uniquingKeysWith: { $1 }),
                services: state.scenario.services,
                sshdConfig: sshdConfig(of: host, refuseRootLogin: state.rootLoginRefused ?? false),
                loginUser: state.loginUser, machineAccounts: accounts)
        }
    }

    private func sshdConfig(of host: LabState.Host, refuseRootLogin: Bool = false, permitOpen: [String]? = nil) -> String {
        LabScripts.sshdConfig(
            address: host.address, hostDirectory: layout.hostDirectory(host.name).path, authorizedKeys: layout.authorizedKeys.path,
            refuseRootLogin: refuseRootLogin, permitOpen: permitOpen)
    }

    /// The host's folder: its private trees seeded by the scenario, services, host key, sshd
    /// config, and its own accounts when the lab has a login user.
    private func prepareHost(_ plan: HostPlan, machine: LabMachine) throws {
        let host = plan.host
        let files = FileManager.default
        let folder = layout.hostDirectory(host.name)
        let root = folder.appendingPathComponent("root")
        for path in LabLayout.privatePaths {
            try files.createDirectory(at: root.appendingPathComponent(String(path.dropFirst())), withIntermediateDirectories: true)
        }
        try files.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: root.appendingPathComponent("tmp").path)
        for (path, planted) in plan.files {
            let url = root.appendingPathComponent(path)
            try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try planted.contents.write(to: url)
            try files.setAttributes([.posixPermissions: planted.mode], ofItemAtPath: url.path)
        }
        let services = root.appendingPathComponent("run/scour-lab/services")
        try files.createDirectory(at: services, withIntermediateDirectories: true)
        for (service, state) in plan.services {
            try (state + "\n").write(to: services.appendingPathComponent(service), atomically: false, encoding: .utf8)
        }
        try files.createDirectory(at: folder.appendingPathComponent("run"), withIntermediateDirectories: true)
        try UUID().uuidString.lowercased().write(to: folder.appendingPathComponent("run/boot_id"), atomically: false, encoding: .utf8)
        try machine.generateKey(at: folder.appendingPathComponent("ssh_host_ed25519_key").path, comment: host.name)
        try plan.sshdConfig.write(to: folder.appendingPathComponent("sshd_config"), atomically: true, encoding: .utf8)
        if let user = plan.loginUser, let machineAccounts = plan.machineAccounts {
            try LabAccounts.write(user, host: host.name, machine: machineAccounts, hostDirectory: folder)
        }
    }

    private func startSupervisors(_ state: LabState) throws {
        for host in state.allHosts where !isSupervisor(supervisorPID(of: host)) {
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
}
