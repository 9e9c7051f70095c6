import ArgumentParser
import ScourEngine

/// How `apply` and `resume` take part in a run kept in PostgreSQL, which several controllers
/// may work at once (`scour join`); a run folder has one controller and ignores them.
struct SharingOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "With --store: claim only the run's hosts this pattern selects (as --limit reads it, e.g. this site's group); `scour join` works the rest.",
        valueName: "pattern"))
    var claim: String?

    @Option(help: ArgumentHelp("With --store: how long this controller's hosts stay its own after it stops renewing them (killed, cut off); then another controller takes them over.", valueName: "duration"))
    var lease: Duration = Run.Sharing.defaultLease

    func validate() throws { try Self.check(lease: lease) }

    static func check(lease: Duration) throws {
        guard lease >= .seconds(2) else { throw ValidationError("--lease must be at least 2s: it is renewed every quarter of it") }
    }

    /// The sharing these options ask for, `claim` resolved against the run's inventory.
    func sharing(_ inputs: RunInputs, reopening: Bool) throws -> Run.Sharing {
        Run.Sharing(claimable: try claim.map { try Self.hosts(of: inputs, matching: $0, option: "--claim") }, lease: lease, reopening: reopening)
    }

    /// The run's hosts `pattern` selects; a pattern that selects none of them is exit 65.
    static func hosts(of inputs: RunInputs, matching pattern: String, option: String) throws -> Set<String> {
        do { return try inputs.hostNames(matching: pattern) } catch { throw commandFailure("\(option): \(error)") }
    }
}
