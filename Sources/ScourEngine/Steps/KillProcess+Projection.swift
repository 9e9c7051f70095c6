import ScourCore
import ScourHost

extension KillProcess {
    /// The killed processes are gone from every process list (a process indicator's too).
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        let pids = Set(decided.changes.compactMap(\.pid))
        let listed = model.processLists.values.flatMap(\.processes)
        model.projectKilled(listed.filter { pids.contains($0.pid) })
        return nil
    }
}
