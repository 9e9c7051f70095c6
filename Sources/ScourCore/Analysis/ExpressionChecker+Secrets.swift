import ScourSyntax

/// `host.ansible_become_password` and the other password variables (`SecretVariables`) are not
/// for playbooks: read into a command, a path or a condition, a password would travel to the
/// host in a script and be written into plans, journals and reports.
extension ExpressionChecker {
    /// Refuses a read of `host.NAME` when NAME holds a password; true when it did.
    func refusesSecret(_ name: String, at range: SourceRange) -> Bool {
        guard SecretVariables.names.contains(name) else { return false }
        diagnostics.error("host.\(name) is a password: a playbook cannot read it", at: range,
                          help: "scour uses it only to log in or answer sudo; in a playbook it would be sent in scripts and written into plans and journals")
        return true
    }
}
