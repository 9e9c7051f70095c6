import Foundation

/// Matches the regular expressions a host wrote into its configuration (nginx `location ~`,
/// Apache `AliasMatch`) with bounded work. The servers' engine (PCRE) and the one here (ICU,
/// through `NSRegularExpression`) backtrack: a crafted expression takes exponential or
/// high-polynomial time — `location ~ (.*.*…)Z`, 80 bytes, took 28 s of controller CPU. So the
/// expressions of one file share a budget of this thread's CPU time, checked before each one
/// and while it runs (ICU reports progress at each start position and every 10,000
/// backtracking steps, and stops when told). An expression past the budget, or longer than
/// `patternLimit`, is undecided: never a guess either way.
final class HostRegexMatcher {
    /// CPU time for all of one file's expressions; a real configuration's take microseconds.
    static let defaultBudget: Duration = .milliseconds(100)
    /// Longer expressions are not compiled at all (nginx's own are a few dozen bytes).
    static let patternLimit = 1024

    enum Answer: Equatable {
        case matches, noMatch
        case undecided(why: String)
    }

    private let budget: Duration
    /// What is left of the budget: only the time spent compiling and matching counts.
    private var left: Duration

    init(budget: Duration = defaultBudget) {
        self.budget = budget
        left = budget
    }

    /// Whether `pattern` matches somewhere in one of `subjects`. An expression that does not
    /// compile matches nothing: the server would refuse the configuration.
    func matchesAny(_ pattern: String, caseInsensitive: Bool, _ subjects: [String]) -> Answer {
        guard pattern.utf8.count <= Self.patternLimit else {
            return .undecided(why: "a regular expression longer than \(Self.patternLimit) bytes is not matched")
        }
        guard left > .zero else { return outOfBudget }
        let start = Self.threadCPUTime()
        let deadline = start + left
        defer { left -= Self.threadCPUTime() - start }
        guard let regex = try? NSRegularExpression(pattern: pattern, options: caseInsensitive ? [.caseInsensitive] : []) else {
            return .noMatch
        }
        for subject in subjects {
            var found = false, stopped = false
            let whole = NSRange(subject.startIndex..., in: subject)
            regex.enumerateMatches(in: subject, options: [.reportProgress], range: whole) { result, _, stop in
                if result != nil {
                    found = true
                    stop.pointee = true
                } else if Self.threadCPUTime() >= deadline {
                    stopped = true
                    stop.pointee = true
                }
            }
            if found { return .matches }
            if stopped { return outOfBudget }
        }
        return .noMatch
    }

    private var outOfBudget: Answer {
        .undecided(why: "its regular expressions did not finish matching within \(budget) of CPU time")
    }

    private static func threadCPUTime() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
