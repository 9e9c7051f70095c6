import Foundation
import Logging
import ScourCore
import ScourHost

/// `scour plan`: probes every host once (one connection, one exec, one script answering every
/// question of the playbook) and decides what `apply` would do there. Never changes a host:
/// every probe item is read-only by construction (see `ProbeItem`).
public struct Planner: Sendable {
    /// What the plan is made from: the playbook, params, rollout and hosts, each host's
    /// variables and playbook worked out once.
    public var inputs: RunInputs
    /// How long one host's probe may run.
    public var probeTimeout: Duration

    public init(inputs: RunInputs, probeTimeout: Duration = .seconds(120)) {
        self.inputs = inputs
        self.probeTimeout = probeTimeout
    }

    /// Plans every host, `rollout.concurrency` at once; `onStart` hears of each host as its
    /// probe starts, `onHost` sees each plan as it is made.
    /// Returns the plans in inventory order, with their waves.
    public func plan(
        connector: HostConnector, onStart: @escaping @Sendable (String) -> Void = { _ in }, onHost: (HostPlan) async -> Void = { _ in }
    ) async -> [HostPlan] {
        let hosts = inputs.hosts
        let schedule = WaveSchedule(hostNames: hosts.map(\.name), cumulativeShares: inputs.rollout.waves)
        var plans: [String: HostPlan] = [:]
        await forEachConcurrently(hosts, limit: inputs.rollout.concurrency, { host in
            onStart(host.name)
            var plan = await self.plan(host, connector: connector)
            plan.wave = schedule.wave(of: host.name).map { $0 + 1 }
            return plan
        }, onResult: { plan in
            plans[plan.name] = plan
            await onHost(plan)
        })
        return hosts.compactMap { plans[$0.name] }
    }

    private func plan(_ host: InventoryHost, connector: HostConnector) async -> HostPlan {
        var plan = HostPlan(name: host.name, address: host.address, status: .planned)
        let decider = inputs.stepDecider(for: host.name)
        let remote = RemoteHost(host: host, connector: connector)
        let observation: HostObservation
        do {
            observation = try await remote.open(expecting: decider.playbook.platform, probing: decider.firstProbeItems, timeout: probeTimeout)
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
        decider.plan(observation, into: &plan)
        let saved = observation.withoutBytes()
        plan.observation = saved
        plan.observationSHA256 = saved.digest
        await remote.releaseAnswers()
        return plan
    }
}
