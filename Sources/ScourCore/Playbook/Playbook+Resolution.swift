/// Every value interpolated into the playbook's paths, patterns and names did not pass its rule
/// on some hosts: nothing is contacted then.
public struct ResolutionError: Error, Sendable, CustomStringConvertible {
    /// Each problem, naming its host.
    public var problems: [String]

    public init(problems: [String]) { self.problems = problems }

    public var description: String {
        let shown = problems.prefix(20).map { "  " + $0 }.joined(separator: "\n")
        let more = problems.count > 20 ? "\n  … and \(problems.count - 20) more" : ""
        return "the playbook's interpolated values are refused on \(problems.count == 1 ? "a host" : "some hosts"):\n" + shown + more
    }
}

extension Playbook {
    /// The playbook as it applies to one host: each interpolated path, pattern and name
    /// replaced by its value there (params and the host's variables, never quoted: the scripts
    /// quote what they use), each value checked by its rule. The problems name `host`.
    public func resolved(in context: EvaluationContext, host: String) throws(ResolutionError) -> Playbook {
        guard !interpolations.isEmpty else { return self }
        var problems: [String] = []
        let resolve = { (text: String) -> String in
            guard let interpolation = interpolations[text] else { return text }
            let value = interpolation.template.render(in: context) { $0 }
            if let problem = interpolation.emptyPartProblem(in: context) ?? interpolation.rule.problem(value, platform: platform) {
                // The value comes from the inventory or the command line, and the rule's
                // message quotes it: the whole line is escaped for the terminal.
                problems.append(HostText.terminal("\(host): \(interpolation.what) \(text) is '\(value)': \(problem)"))
            }
            return value
        }
        var playbook = self
        playbook.steps = steps.map { step in
            var step = step
            step.action = step.action.resolvingStrings(resolve)
            return step
        }
        playbook.detects = detects.map { detect in
            var detect = detect
            detect.indicators = detect.indicators.map { $0.resolvingStrings(resolve) }
            return detect
        }
        playbook.interpolations = [:]
        guard problems.isEmpty else { throw ResolutionError(problems: problems) }
        return playbook
    }
}
