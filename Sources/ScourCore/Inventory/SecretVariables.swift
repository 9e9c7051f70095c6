/// The inventory variables that hold passwords. Scour reads the login and become passwords to
/// answer SSH and sudo, and nothing else sees them: a playbook that reads one as `host.NAME`
/// is refused (its value would travel in commands and be written into plans and journals),
/// and none is among a host's playbook variables.
public enum SecretVariables {
    public static let names: Set<String> = [
        "ansible_password", "ansible_ssh_pass", "ansible_ssh_password", "ansible_become_password", "ansible_become_pass",
        // Not honoured (Ansible's older names), but passwords all the same.
        "ansible_sudo_pass", "ansible_sudo_password", "ansible_su_pass",
    ]
}
