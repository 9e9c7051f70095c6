import Foundation
import ScourCore
import ScourHost

/// What a `remove_files` step is about to move away, decided on the controller before it acts:
/// the paths (as checked), each as the probe saw it, and the names the host stores them under
/// (`TAG-n`, the tag fresh for each attempt so a retry never overwrites an earlier copy). It
/// goes into the journal with `step_started`, so the run's own record — not the host's
/// manifest — says what `restore` may put back.
struct QuarantinePlan: Sendable {
    let tag: String
    let paths: [String]
    let files: [QuarantinedFile]

    init(step: String, paths: [String], delete: Bool, observation: HostObservation) {
        let tag = step + "." + String(format: "%08x", UInt32.random(in: .min ... .max))
        self.tag = tag
        self.paths = paths
        let matches = observation.globs.values.flatMap(\.matches)
        files = paths.enumerated().compactMap { index, path in
            QuarantinedFile(path: path, storedAs: delete ? nil : "\(tag)-\(index)",
                            observed: observation.files[path] ?? matches.first { $0.path == path }?.file)
        }
    }
}
