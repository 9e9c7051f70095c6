/// The script language a host's probes are written in: POSIX sh for linux hosts, Windows
/// PowerShell 5.1 for windows hosts (the playbook's `platform` picks it).
public enum ProbeDialect: String, Sendable, Hashable, CaseIterable {
    case posixShell
    case powerShell
}
