/// `reboot`: the host rebooted, and waited for until it answers from a new boot.
public struct Reboot: StepAction, StepReading {
    public static let keyword = "reboot"
    static let attributes = ["test"]

    /// From the reboot command to a working login.
    public var timeout: Duration
    /// Must succeed after the boot.
    public var test: Template?

    public init(timeout: Duration, test: Template?) {
        self.timeout = timeout
        self.test = test
    }

    public var explanation: [String] {
        var lines = ["reboot, and wait up to \(timeout.scourLiteral) for the host to come back with a new boot id"]
        if let test { lines.append("then `\(test)` must succeed") }
        return lines
    }

    /// Its `test` is a command, rendered when it runs.
    public func resolvingStrings(_ resolve: (String) -> String) -> Reboot { self }

    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> Reboot? {
        var valid = true
        let test = context.readOptional(reader["test"], &valid, context.readTemplate)
        guard valid else { return nil }
        // A reboot's timeout runs from the reboot command to a working login; 15m is a slow server's boot.
        return Reboot(timeout: timeout ?? .seconds(900), test: test)
    }
}
