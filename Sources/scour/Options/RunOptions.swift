import ArgumentParser
import ScourCore

/// What a run of a playbook takes besides the playbook: params and rollout overrides.
struct RunOptions: ParsableArguments {
    @Option(name: .customLong("param"), help: ArgumentHelp(
        "Set a playbook param (repeatable): --param disable_web=true.", valueName: "name=value"))
    var params: [String] = []

    @Option(help: ArgumentHelp("Override the rollout's waves: --waves 1,10%,100%.", valueName: "shares"))
    var waves: String?

    @Option(help: ArgumentHelp("Override the rollout's concurrency (hosts worked on at once).", valueName: "n"))
    var concurrency: Int?

    @Option(help: ArgumentHelp("Override the rollout's max_failures per wave: a count or a percentage.", valueName: "share"))
    var maxFailures: Share?

    @Option(help: ArgumentHelp("Override the rollout's pause between waves: a duration, or manual.", valueName: "pause"))
    var pause: String?

    @Option(help: ArgumentHelp("Override the rollout's step_timeout.", valueName: "duration"))
    var stepTimeout: Duration?

    func validate() throws {
        for param in params where !param.contains("=") {
            throw ValidationError("--param takes name=value, not '\(param)'")
        }
        if let concurrency, concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let stepTimeout, stepTimeout <= .zero { throw ValidationError("--step-timeout must be positive") }
        _ = try overriddenWaves()
        _ = try overriddenPause()
    }

    var paramOverrides: [(name: String, value: String)] {
        params.map { param in
            let parts = param.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// The playbook's rollout with the command line's overrides.
    func rollout(for playbook: Playbook) throws -> Rollout {
        try override(playbook.rollout)
    }

    /// `rollout` with the command line's overrides.
    func override(_ rollout: Rollout) throws -> Rollout {
        var rollout = rollout
        if let waves = try overriddenWaves() { rollout.waves = waves }
        if let concurrency { rollout.concurrency = concurrency }
        if let maxFailures { rollout.maxFailures = maxFailures }
        if let stepTimeout { rollout.stepTimeout = stepTimeout }
        if let pause = try overriddenPause() { rollout.pause = pause }
        return rollout
    }

    private func overriddenPause() throws -> Rollout.Pause? {
        guard let pause else { return nil }
        if pause == "manual" { return .manual }
        guard let duration = Duration(scourLiteral: pause) else {
            throw ValidationError("--pause takes a duration (30s) or manual, not '\(pause)'")
        }
        return .duration(duration)
    }

    private func overriddenWaves() throws -> [Share]? {
        guard let waves else { return nil }
        let shares = waves.split(separator: ",").map { Share(parsing: $0.trimmingCharacters(in: .whitespaces)) }
        guard !shares.isEmpty, shares.allSatisfy({ $0 != nil }), case .percent(100)? = shares.last! else {
            throw ValidationError("--waves takes cumulative counts and percentages ending at 100%, such as 1,10%,100%")
        }
        return shares.map { $0! }
    }
}
