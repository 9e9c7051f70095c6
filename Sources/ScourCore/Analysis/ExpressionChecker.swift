import ScourSyntax

/// Type-checks `when` conditions and `${}` interpolations into `Condition`s: every name must
/// exist (`detected.X` a detect block, `param.X` a param, `step.X` an earlier step) and every
/// operator must get operands of the types it takes. Errors are reported at the offending
/// sub-expression. It keeps what the names refer to, and which ones were used.
struct ExpressionChecker {
    struct Typed {
        var condition: Condition
        var type: ValueType
    }

    let diagnostics: DiagnosticLog
    /// For quoting an expression in a fix-it.
    let source: SourceFile
    /// The params' types, once they are read.
    var params: [String: ValueType] = [:]
    /// The detect blocks' names, once they are read.
    var detects: Set<String> = []
    var steps = StepReferences()
    var hostVariables = HostVariableReads()
    /// Names used as `param.X` and `detected.X`, for the unused warnings.
    private(set) var usedParams: Set<String> = []
    private(set) var usedDetects: Set<String> = []

    init(diagnostics: DiagnosticLog, source: SourceFile) {
        self.diagnostics = diagnostics
        self.source = source
    }

    /// A `when`: must be boolean.
    mutating func condition(_ expression: Expression) -> Condition? {
        guard let typed = check(expression) else { return nil }
        guard typed.type == .bool else {
            diagnostics.error("'when' must be a condition (true or false), but this is a \(typed.type.rawValue)", at: expression.range,
                              help: typed.type == .hostVariable ? "compare it: host.role == \"web\"" : nil)
            return nil
        }
        return typed.condition
    }

    /// One `${}` of a template. A bare unknown word there is most likely the shell's own
    /// variable (`${HOME}`), so the help says how to write that.
    mutating func interpolation(_ expression: Expression) -> Typed? {
        if case .identifier(let name) = expression.kind,
            !["changed", "true", "false", "detected", "param", "host", "step"].contains(name)
        {
            diagnostics.error("unknown name '\(name)' in an interpolation", at: expression.range,
                              help: "an interpolation reads param.NAME, host.NAME, detected.NAME, step.NAME.changed or changed; "
                                  + "for the shell's variable write $${\(name)}, or use a literal heredoc (<<'EOT')")
            return nil
        }
        return check(expression)
    }

    mutating func check(_ expression: Expression) -> Typed? {
        switch expression.kind {
        case .invalid: return nil
        case .bool(let value): return Typed(condition: .literal(.bool(value)), type: .bool)
        case .number(let value): return Typed(condition: .literal(.number(Double(value))), type: .number)
        case .decimal(let value): return Typed(condition: .literal(.number(value)), type: .number)
        case .duration(let milliseconds, _): return Typed(condition: .literal(.duration(.milliseconds(milliseconds))), type: .duration)
        case .string(let literal):
            guard let text = literal.literalValue else {
                diagnostics.error("a string in a condition cannot hold an interpolation", at: expression.range)
                return nil
            }
            return Typed(condition: .literal(.string(text)), type: .string)
        case .identifier("changed"): return Typed(condition: .changed, type: .bool)
        case .identifier(let name):
            let roots = ["detected", "param", "host"]
            if roots.contains(name) {
                diagnostics.error("'\(name)' needs a name after it: \(name).NAME", at: expression.range)
            } else if name == "step" {
                diagnostics.error("'step' needs a step's name after it: step.NAME.changed", at: expression.range)
            } else {
                let hint = diagnostics.suggestion(for: name, at: expression.range, among: ["changed", "true", "false"])
                diagnostics.error("unknown name '\(name)' in a condition", at: expression.range,
                                  help: hint.help ?? "a condition uses detected.NAME, param.NAME, host.NAME, step.NAME.changed, changed and literals",
                                  fixIts: hint.fixIts)
            }
            return nil
        case .member(let base, let member):
            return checkMember(base: base, member: member, range: expression.range)
        case .parenthesized(let inner): return check(inner)
        case .unary(.not, let operand):
            guard let typed = check(operand) else { return nil }
            guard requireType(.bool, typed, operand, operator: "!") else { return nil }
            return Typed(condition: .not(typed.condition), type: .bool)
        case .unary(.negate, let operand):
            guard let typed = check(operand) else { return nil }
            guard case .literal(.number(let value)) = typed.condition else {
                diagnostics.error("'-' applies to number literals only", at: expression.range)
                return nil
            }
            return Typed(condition: .literal(.number(-value)), type: .number)
        case .binary(let op, let lhs, let rhs):
            return checkBinary(op, lhs, rhs)
        case .percentage, .size, .list, .call:
            diagnostics.error("\(expression.kindInWords) cannot be used in a condition", at: expression.range)
            return nil
        }
    }

    private mutating func checkMember(base: Expression, member: Identifier, range: SourceRange) -> Typed? {
        if case .member(let root, let step) = base.kind, case .identifier("step") = root.kind {
            return steps.changed(step: step, property: member, range: range, diagnostics: diagnostics).map { Typed(condition: $0, type: .bool) }
        }
        guard case .identifier(let root) = base.kind else {
            diagnostics.error("expected detected.NAME, param.NAME, host.NAME or step.NAME.changed", at: range)
            return nil
        }
        let name = member.name
        switch root {
        case "detected":
            guard detects.contains(name) else {
                let hint = diagnostics.suggestion(for: name, at: member.range, among: detects.sorted())
                diagnostics.error("unknown detect block '\(name)'", at: member.range,
                                  help: hint.help ?? (detects.isEmpty ? "this playbook has no detect blocks"
                                                      : "detect blocks: \(BlockReader.list(detects.sorted()))"),
                                  fixIts: hint.fixIts)
                return nil
            }
            usedDetects.insert(name)
            return Typed(condition: .detected(name), type: .bool)
        case "param":
            guard let type = params[name] else {
                let hint = diagnostics.suggestion(for: name, at: member.range, among: params.keys.sorted())
                diagnostics.error("unknown param '\(name)'", at: member.range,
                                  help: hint.help ?? (params.isEmpty ? "declare it: param \"\(name)\" { type = bool }"
                                                      : "params: \(BlockReader.list(params.keys.sorted()))"),
                                  fixIts: hint.fixIts)
                return nil
            }
            usedParams.insert(name)
            return Typed(condition: .param(name), type: type)
        case "host":
            if HostVariableReads.alwaysSet.contains(name) { return Typed(condition: .host(name), type: .string) }
            if refusesSecret(name, at: range) { return nil }
            hostVariables.read(name, at: range)
            return Typed(condition: .host(name), type: .hostVariable)
        case "step":
            diagnostics.error("expected step.\(name).changed", at: range, help: "whether that earlier step changed the host",
                              fixIts: [.init(range: range, replacement: "step.\(name).changed")])
            return nil
        default:
            let hint = diagnostics.suggestion(for: root, at: base.range, among: ["detected", "param", "host", "step"])
            diagnostics.error("unknown name '\(root)' in a condition", at: base.range,
                              help: hint.help ?? "expected detected.NAME, param.NAME, host.NAME or step.NAME.changed", fixIts: hint.fixIts)
            return nil
        }
    }

    private mutating func checkBinary(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) -> Typed? {
        if op == .coalesce { return checkDefault(lhs, rhs) }
        let left = check(lhs)
        let right = check(rhs)
        guard let left, let right else { return nil }
        switch op {
        case .coalesce:
            return nil  // checked above
        case .and, .or:
            guard requireType(.bool, left, lhs, operator: op.rawValue), requireType(.bool, right, rhs, operator: op.rawValue) else { return nil }
            return Typed(condition: op == .and ? .and(left.condition, right.condition) : .or(left.condition, right.condition), type: .bool)
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let comparison = Condition.Comparison(rawValue: op.rawValue)!
            let ordered = ![.equal, .notEqual].contains(op)
            // A host variable's type is known per host only: it compares with anything, as text or number.
            let dynamic = left.type == .hostVariable || right.type == .hostVariable
            if !dynamic && left.type != right.type {
                diagnostics.error("cannot compare a \(left.type.rawValue) with a \(right.type.rawValue)", at: lhs.range.union(rhs.range))
                return nil
            }
            if ordered && !dynamic && ![.number, .duration].contains(left.type) {
                diagnostics.error("'\(op.rawValue)' compares numbers or durations, not \(left.type.rawValue)s", at: lhs.range.union(rhs.range))
                return nil
            }
            return Typed(condition: .compare(comparison, left.condition, right.condition), type: .bool)
        }
    }

    private func requireType(_ type: ValueType, _ typed: Typed, _ expression: Expression, operator op: String) -> Bool {
        guard typed.type != type else { return true }
        diagnostics.error("'\(op)' needs a condition, but this is a \(typed.type.rawValue)", at: expression.range)
        return false
    }
}
