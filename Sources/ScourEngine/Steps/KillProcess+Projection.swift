import ScourCore
import ScourHost

extension KillProcess {
    /// The killed processes are gone from every process list; a name-only step kills every
    /// process of that name (more than `max_matches` blocks it), so that name no longer runs.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        let pids = Set(decided.changes.compactMap(\.pid))
        let listed = model.processLists.values.flatMap(\.processes)
        model.projectKilled(listed.filter { pids.contains($0.pid) })
        if let name, executable == nil, commandLine == nil, model.processes[name] != nil { model.processes[name] = false }
        return nil
    }
}
