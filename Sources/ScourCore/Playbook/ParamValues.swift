/// The params of a run: defaults, overridden by `--param name=value`.
public enum ParamValues {
    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Every param's value; errors for an unknown name, a value of the wrong type, or a param
    /// without default that was not given.
    public static func resolve(_ playbook: Playbook, overrides: [(name: String, value: String)]) throws -> [String: Value] {
        var values: [String: Value] = [:]
        for param in playbook.params { values[param.name] = param.defaultValue }
        for (name, text) in overrides {
            guard let param = playbook.param(named: name) else {
                let known = playbook.params.map(\.name)
                throw Failure(description: "unknown param '\(name)'" + (known.isEmpty ? ": the playbook has none" : "; the playbook's params: \(known.joined(separator: ", "))"))
            }
            guard let value = Value(parsing: text, as: param.type) else {
                throw Failure(description: "--param \(name)=\(text): '\(text)' is not a \(param.type.rawValue)")
            }
            values[name] = value
        }
        if let missing = playbook.params.first(where: { values[$0.name] == nil }) {
            throw Failure(description: "param '\(missing.name)' has no default: give it with --param \(missing.name)=VALUE")
        }
        return values
    }
}
