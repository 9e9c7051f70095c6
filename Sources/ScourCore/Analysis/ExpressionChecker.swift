import ScourSyntax

/// Type-checks `when` conditions and `${}` interpolations into `Condition`s: every name must
/// exist (`detected.X` a detect block, `param.X` a param, `step.X` an earlier step) and every
/// operator must get operands of the types it takes. Errors are reported at the offending
/// sub-expression.
extension AnalysisContext {
    struct Typed {
        var condition: Condition
        var type: ValueType
    }

    /// A `when`: must be boolean.
    func readCondition(_ attribute: Attribute) -> Condition? {
        guard let typed = checkExpression(attribute.value) else { return nil }
        guard typed.type == .bool else {
            error("'when' must be a condition (true or false), but this is a \(typed.type.rawValue)", at: attribute.value.range,
                  help: typed.type == .hostVariable ? "compare it: host.role == \"web\"" : nil)
            return nil
        }
        return typed.condition
    }

    func checkExpression(_ expression: Expression) -> Typed? {
        switch expression.kind {
        case .invalid: return nil
        case .bool(let value): return Typed(condition: .literal(.bool(value)), type: .bool)
        case .number(let value): return Typed(condition: .literal(.number(Double(value))), type: .number)
        case .decimal(let value): return Typed(condition: .literal(.number(value)), type: .number)
        case .duration(let milliseconds, _): return Typed(condition: .literal(.duration(.milliseconds(milliseconds))), type: .duration)
        case .string(let literal):
            guard let text = literal.literalValue else {
                error("a string in a condition cannot hold an interpolation", at: expression.range)
                return nil
            }
            return Typed(condition: .literal(.string(text)), type: .string)
        case .identifier("changed"): return Typed(condition: .changed, type: .bool)
        case .identifier(let name):
            let roots = ["detected", "param", "host"]
            if roots.contains(name) {
                error("'\(name)' needs a name after it: \(name).NAME", at: expression.range)
            } else if name == "step" {
                error("'step' needs a step's name after it: step.NAME.changed", at: expression.range)
            } else {
                let hint = suggestion(for: name, at: expression.range, among: ["changed", "true", "false"])
                error("unknown name '\(name)' in a condition", at: expression.range,
                      help: hint.help ?? "a condition uses detected.NAME, param.NAME, host.NAME, step.NAME.changed, changed and literals",
                      fixIts: hint.fixIts)
            }
            return nil
        case .member(let base, let member):
            return checkMember(base: base, member: member, range: expression.range)
        case .parenthesized(let inner): return checkExpression(inner)
        case .unary(.not, let operand):
            guard let typed = checkExpression(operand) else { return nil }
            guard requireType(.bool, typed, operand, operator: "!") else { return nil }
            return Typed(condition: .not(typed.condition), type: .bool)
        case .unary(.negate, let operand):
            guard let typed = checkExpression(operand) else { return nil }
            guard case .literal(.number(let value)) = typed.condition else {
                error("'-' applies to number literals only", at: expression.range)
                return nil
            }
            return Typed(condition: .literal(.number(-value)), type: .number)
        case .binary(let op, let lhs, let rhs):
            return checkBinary(op, lhs, rhs)
        case .percentage, .size, .list, .call:
            error("\(Self.describe(expression)) cannot be used in a condition", at: expression.range)
            return nil
        }
    }

    private func checkMember(base: Expression, member: Identifier, range: SourceRange) -> Typed? {
        if case .member(let root, let step) = base.kind, case .identifier("step") = root.kind {
            return checkStepChanged(step: step, property: member, range: range)
        }
        guard case .identifier(let root) = base.kind else {
            error("expected detected.NAME, param.NAME, host.NAME or step.NAME.changed", at: range)
            return nil
        }
        let name = member.name
        switch root {
        case "detected":
            guard detectNames.contains(name) else {
                let hint = suggestion(for: name, at: member.range, among: detectNames.sorted())
                error("unknown detect block '\(name)'", at: member.range,
                      help: hint.help ?? (detectNames.isEmpty ? "this playbook has no detect blocks"
                                          : "detect blocks: \(BlockReader.list(detectNames.sorted()))"),
                      fixIts: hint.fixIts)
                return nil
            }
            usedDetects.insert(name)
            return Typed(condition: .detected(name), type: .bool)
        case "param":
            guard let type = paramTypes[name] else {
                let hint = suggestion(for: name, at: member.range, among: paramTypes.keys.sorted())
                error("unknown param '\(name)'", at: member.range,
                      help: hint.help ?? (paramTypes.isEmpty ? "declare it: param \"\(name)\" { type = bool }"
                                          : "params: \(BlockReader.list(paramTypes.keys.sorted()))"),
                      fixIts: hint.fixIts)
                return nil
            }
            usedParams.insert(name)
            return Typed(condition: .param(name), type: type)
        case "host":
            if Self.alwaysSetHostVariables.contains(name) { return Typed(condition: .host(name), type: .string) }
            noteHostVariable(name, at: range)
            return Typed(condition: .host(name), type: .hostVariable)
        case "step":
            error("expected step.\(name).changed", at: range, help: "whether that earlier step changed the host",
                  fixIts: [.init(range: range, replacement: "step.\(name).changed")])
            return nil
        default:
            let hint = suggestion(for: root, at: base.range, among: ["detected", "param", "host", "step"])
            error("unknown name '\(root)' in a condition", at: base.range,
                  help: hint.help ?? "expected detected.NAME, param.NAME, host.NAME or step.NAME.changed", fixIts: hint.fixIts)
            return nil
        }
    }

    private func checkBinary(_ op: BinaryOperator, _ lhs: Expression, _ rhs: Expression) -> Typed? {
        if op == .coalesce { return checkDefault(lhs, rhs) }
        let left = checkExpression(lhs)
        let right = checkExpression(rhs)
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
                error("cannot compare a \(left.type.rawValue) with a \(right.type.rawValue)", at: lhs.range.union(rhs.range))
                return nil
            }
            if ordered && !dynamic && ![.number, .duration].contains(left.type) {
                error("'\(op.rawValue)' compares numbers or durations, not \(left.type.rawValue)s", at: lhs.range.union(rhs.range))
                return nil
            }
            return Typed(condition: .compare(comparison, left.condition, right.condition), type: .bool)
        }
    }

    private func requireType(_ type: ValueType, _ typed: Typed, _ expression: Expression, operator op: String) -> Bool {
        guard typed.type != type else { return true }
        error("'\(op)' needs a condition, but this is a \(typed.type.rawValue)", at: expression.range)
        return false
    }
}
