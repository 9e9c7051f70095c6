import ScourCore
import ScourHost

extension StepHandler {
    /// The model of an edit step (`remove_lines`, `strip_mappings`): each file its `start`
    /// would replace holds the written bytes, so a later edit of the same file is diffed
    /// against this one's output.
    func projectEdits(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) {
        for edit in start(decided, step: decided.name, observation: model, context: context, run: "").edits {
            model.projectEdit(of: edit.record.path, to: edit.written)
        }
    }
}
