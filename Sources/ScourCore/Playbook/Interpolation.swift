/// A path, pattern or name written with `${param.X}` or `${host.X}`: not known when the playbook
/// is checked, but known for each host before it is contacted (params come from the command
/// line, host variables from the inventory). Until `Playbook.resolved(in:)` puts each host's
/// value in its place, the model holds the string's source text (`"${host.web_root}/admin.dll"`),
/// the key of its entry in `Playbook.interpolations`.
public struct Interpolation: Sendable, Hashable {
    public var template: Template
    /// What every value must satisfy on every host: the rule the analyzer applies to a literal.
    public var rule: ValueRule
    /// How messages name the value: `an item of 'paths'`.
    public var what: String

    public init(template: Template, rule: ValueRule, what: String) {
        self.template = template
        self.rule = rule
        self.what = what
    }
}

/// What a path, pattern or name must be, checked on literals by the analyzer and on each
/// host's interpolated value before that host is contacted.
public enum ValueRule: Sendable, Hashable {
    /// An absolute path on the platform.
    case path
    /// A file `remove_files` may remove; `globs` when `max_matches` bounds a glob.
    case removablePath(globs: Bool)
    /// A text file `remove_lines` may edit; `globs` when `max_matches` bounds a glob.
    case editablePath(globs: Bool)
    /// A POSIX extended regular expression.
    case pattern
    /// A systemd unit or Windows service name.
    case serviceName
    /// Any one-line text.
    case text

    /// Whether the value names a file: an empty part of it would silently move the path
    /// elsewhere (`"${host.web_root}/admin.dll"` with an empty web root is `/admin.dll`).
    public var isPath: Bool {
        switch self {
        case .path, .removablePath, .editablePath: true
        case .pattern, .serviceName, .text: false
        }
    }

    /// Why `value` breaks the rule on `platform`, or nil.
    public func problem(_ value: String, platform: Platform) -> String? {
        switch self {
        case .path:
            return PathRules.absolutePathProblem(value, platform: platform)
        case .removablePath(let globs):
            if let problem = PathRules.removalProblem(value, platform: platform) { return problem }
            return !globs && PathRules.hasGlob(value) ? "'\(value)' is a glob, and this step sets no max_matches" : nil
        case .editablePath(let globs):
            if let problem = RemoveLines.editProblem(value, platform: platform) { return problem }
            return !globs && PathRules.hasGlob(value) ? "'\(value)' is a glob, and this step sets no max_matches" : nil
        case .pattern:
            if case .failure(let failure) = ExtendedRegex.compile(value) { return "invalid regular expression: \(failure.reason)" }
            return Self.lineProblem(value)
        case .serviceName:
            return value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.@:".contains($0)) }) && !value.isEmpty
                ? nil : "'\(value)' is not a service name"
        case .text:
            return Self.lineProblem(value)
        }
    }

    private static func lineProblem(_ value: String) -> String? {
        if value.isEmpty { return "it is empty" }
        return value.utf8.contains(where: { $0 == 0 || $0 == 0x0A || $0 == 0x0D }) ? "\(value.debugDescription) is not one line" : nil
    }
}

extension Interpolation {
    /// Why the interpolation cannot be rendered in `context` at all, or nil: a path whose
    /// interpolated part is empty or only whitespace — never a path with that part left out.
    func emptyPartProblem(in context: EvaluationContext) -> String? {
        guard rule.isPath else { return nil }
        for case .value(let condition) in template.parts {
            let value = condition.evaluate(in: context).text
            guard value.allSatisfy(\.isWhitespace) else { continue }
            let name = switch condition {
            case .host(let variable, _): "host variable \(variable)"
            case .param(let param): "param \(param)"
            default: "${\(condition.words)}"
            }
            return "\(name) is \(value.isEmpty ? "empty" : "only whitespace"): a path is never made without it"
        }
        return nil
    }
}
