import ScourCore
import ScourHost

extension HostObservation {
    /// The exit status of a probed command stopped at its timeout (coreutils' convention, which
    /// both probe scripts follow): what it would have answered is unknown.
    static let commandTimeoutExit: Int32 = 124

    /// Whether the probed command `run` exited with `expected`: unknown when it was stopped at
    /// its timeout, nil when it was not asked.
    func command(_ run: String, exited expected: Int32) -> Truth? {
        guard let exit = commands[run] else { return nil }
        return exit == Self.commandTimeoutExit ? .unknown : Truth(exit == expected)
    }
}
