import Foundation
import ScourCore
import ScourHost

extension ApplyPatch {
    /// The patch uploaded (kept at its upload path, its hash known, its stat not) and installed
    /// as its `installed` check says. A package's version after the install is not known: later steps assume the least
    /// version the constraint accepts, and the plan says so.
    func project(_ decided: StepPlan, onto model: inout HostObservation, _ context: StepContext) -> String? {
        let remotePath = PatchUpload.remotePath(of: self, platform: context.platform)
        if model.files[remotePath] != nil, model.files[remotePath]?.sha256 != sha256 {
            model.files[remotePath] = FileObservation(kind: .regular, sha256: sha256)
        }
        switch installed {
        case .file(let path):
            if model.files[path]?.presence != .present { model.files[path] = FileObservation(kind: .regular) }
        case .hotfix(let id):
            model.hotfixes[id] = true
        case .command(let command):
            model.commands[context.render(command)] = 0
        case .package(let name, let constraint):
            let manager = model.packages[name]?.manager ?? "dpkg"
            guard let constraint else {
                if model.packages[name]?.isInstalled != true { model.packages[name] = PackageObservation(manager: manager, versions: ["unknown"]) }
                return "the version \(name) is installed at is not known: later steps assume it is installed"
            }
            let least = String(constraint.drop { "<>= ".contains($0) })
            guard DebianVersion.satisfies(least, constraint) else {
                return "the version \(name) is installed at is not known: later steps assume \(name) as observed before it"
            }
            model.packages[name] = PackageObservation(manager: manager, versions: [least])
            return "the version \(name) is installed at is not known: later steps assume \(least) (\(constraint))"
        }
        return nil
    }
}
