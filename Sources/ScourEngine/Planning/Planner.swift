import Foundation
import Logging
import ScourCore
import ScourHost
import ScourSSH

/// `scour plan`: probes every host once (one connection, one exec, one script answering every
/// question of the playbook) and decides what `apply` would do there. Never changes a host:
/// every probe item is read-only by construction (see `ProbeItem`).
public struct Planner: Sendable {
    public var playbook: Playbook
    public var params: [String: Value]
    public var rollout: Rollout
    /// How long one host's probe may run.
    public var probeTimeout: Duration

    public init(playbook: Playbook, params: [String: Value], rollout: Rollout, probeTimeout: Duration = .seconds(120)) {
        self.playbook = playbook
        self.params = params
        self.rollout = rollout
        self.probeTimeout = probeTimeout
    }

    /// Plans every host, `rollout.concurrency` at once; `onHost` sees each plan as it is made.
    /// Returns the plans in inventory order, with their waves.
    public func plan(
        _ hosts: [InventoryHost], connector: HostConnector, onHost: (HostPlan) async -> Void = { _ in }
    ) async throws -> [HostPlan] {
        let patchSizes = try Self.patchSizes(of: playbook)
        let playbooks = try HostPlaybooks(playbook, params: params, hosts: hosts)
        let schedule = WaveSchedule(hostNames: hosts.map(\.name), cumulativeShares: rollout.waves)
        var plans: [String: HostPlan] = [:]
        await forEachConcurrently(hosts, limit: rollout.concurrency, { host in
            var plan = await self.plan(host, playbook: playbooks[host.name], connector: connector, patchSizes: patchSizes)
            plan.wave = schedule.wave(of: host.name).map { $0 + 1 }
            return plan
        }, onResult: { plan in
            plans[plan.name] = plan
            await onHost(plan)
        })
        return hosts.compactMap { plans[$0.name] }
    }

    private func plan(_ host: InventoryHost, playbook: Playbook, connector: HostConnector, patchSizes: [String: UInt64]) async -> HostPlan {
        var plan = HostPlan(name: host.name, address: host.address, status: .planned)
        let variables = Self.variables(of: host)
        let context = EvaluationContext(detected: [], params: params, host: variables, changed: false)
        let remote = RemoteHost(host: host, connector: connector)
        let observation: HostObservation
        do {
            observation = try await remote.open(expecting: playbook.platform, probing: PlanProbes(playbook: playbook, context: context).items,
                                                timeout: probeTimeout)
            plan.connectAttempts = await remote.connectAttempts
            await remote.disconnect()
        } catch {
            await remote.disconnect()
            switch error {
            case .unreachable(let failure):
                plan.status = .unreachable
                plan.error = failure.error.message
                plan.errorKind = failure.error.kind.rawValue
                plan.connectAttempts = failure.attempts
            case .failed(let why):
                plan.status = .failed
                plan.error = why
            }
            return plan
        }
        plan.facts = observation.facts
        plan.observation = observation
        plan.observationSHA256 = observation.digest
        StepDecider(playbook: playbook, params: params, hostVariables: variables,
                    patchSizes: patchSizes).plan(observation, into: &plan)
        return plan
    }

    /// The host's inventory variables as text, with `name` and `address`.
    static func variables(of host: InventoryHost) -> [String: String] {
        var variables = host.vars.mapValues(\.description)
        variables["name"] = host.name
        variables["address"] = host.address
        return variables
    }

    /// The size of every patch on the controller, for the plan. Their hashes need no second
    /// read: analysis for execution has checked each file against its declared `sha256`, and
    /// the host checks the upload against it again before installing.
    static func patchSizes(of playbook: Playbook) throws -> [String: UInt64] {
        var sizes: [String: UInt64] = [:]
        for step in playbook.steps {
            guard let patch = step.action as? ApplyPatch else { continue }
            let attributes = try FileManager.default.attributesOfItem(atPath: patch.file)
            sizes[patch.file] = (attributes[.size] as? NSNumber)?.uint64Value ?? 0
        }
        return sizes
    }
}

/// A problem with the plan's own inputs (an unreadable file).
struct PlanningError: Error, CustomStringConvertible {
    var description: String
}
