import TestSupport

/// Random ssh_config files and host names to resolve, from a seed (SplitMix64), so a failure
/// can be replayed. Lines are drawn from what real configs hold: Host patterns (globs,
/// negation, case, commas), Match criteria, tokens, `${VAR}`, bastion chains, `none` values,
/// service-name ports, unknown keywords with and without IgnoreUnknown, Includes of the
/// corpus's included files.
struct SSHConfigGenerator {
    private var random: SplitMix64
    let localUser: String

    init(seed: UInt64, localUser: String) {
        random = SplitMix64(seed: seed)
        self.localUser = localUser
    }

    private static let names = ["web1", "web2", "Web1", "db", "DB", "db.corp", "bastion", "api.prod", "x", "a,b"]
    private static let hostPatterns = [
        "web*", "Web*", "db", "DB", "*.corp", "db?", "!db", "!web2", "*", "a,b", "a", "b", "bastion", "api.*", "?eb1", "!*.prod",
    ]
    private static let matchCriteria = [
        "all", "host web*", "host=db*", "!host *.corp", "originalhost DB", "originalhost=web1,db", "user root", "user=ops",
        "!user ops", "localuser LOCAL", "!localuser nobody", "canonical", "!canonical", "host *.Example.com", "host web*,!web2",
    ]
    private static let settings = [
        "HostName %h.example.com", "HostName 10.0.0.%%", "HostName Real-%h", "HostName 192.0.2.7",
        "User ops", "User deploy", "User root", "Port 2222", "Port ssh", "Port http",
        "IdentityFile ~/.ssh/id_%h", "IdentityFile /keys/%r@%h:%p", "IdentityFile ${SCOUR_KEYS}/%n", "IdentityFile %d/k_%u",
        "IdentityFile ~/.ssh/id_ed25519", "UserKnownHostsFile ~/.ssh/kh_%h %d/kh2", "UserKnownHostsFile none",
        "UserKnownHostsFile ${SCOUR_KEYS}/known", "ConnectTimeout 5", "ConnectTimeout 1m30",
        "ConnectTimeout none", "ConnectTimeout 0", "ProxyJump bastion", "ProxyJump ops@jump1:2200,[2001:db8::1]:22",
        "ProxyJump none", "ProxyCommand ssh -W %h:%p gw", "ForwardAgent yes", "IgnoreUnknown UseKeychain",
        "IdentitiesOnly yes", "HostName %h", "Include included/only-web", "Include included/??-*.conf", "Include included/match-none",
        "ProxyJump ssh://ops@jump3:2201", "User Mixed", "HostName MiXeD.Example", "IdentityFile ~root/.ssh/id_%u",
    ]

    /// Lines ssh (or Scour, documented) refuses: drawn one time in ten, so most configs resolve.
    private static let refusedSettings = ["HostName %r.bad", "Port 0", "UserKnownHostsFile /kh/%C", "UseKeychain yes", "IdentityFile ${UNSET_VAR}/k"]

    private mutating func next() -> UInt64 { random.next() }

    private mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }

    /// A config of a few blocks, settings first-value-wins order mixed.
    mutating func config() -> String {
        var lines: [String] = []
        for _ in 0..<Int(1 + next() % 4) {
            if next() % 3 == 0 {
                var criteria: [String] = []
                for _ in 0..<Int(1 + next() % 2) { criteria.append(pick(Self.matchCriteria)) }
                if criteria.contains("all") { criteria = ["all"] }
                lines.append("Match " + criteria.joined(separator: " ").replacingOccurrences(of: "LOCAL", with: localUser))
            } else {
                var patterns: [String] = []
                for _ in 0..<Int(1 + next() % 3) { patterns.append(pick(Self.hostPatterns)) }
                lines.append("Host " + patterns.joined(separator: " "))
            }
            for _ in 0..<Int(1 + next() % 4) { lines.append("  " + (next() % 10 == 0 ? pick(Self.refusedSettings) : pick(Self.settings))) }
        }
        if next() % 2 == 0 { lines.append("Host *\n  " + pick(Self.settings)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Host names to resolve in the last config, some with a user or port the inventory fixes.
    mutating func hosts() -> [(host: String, user: String?, port: Int?)] {
        var hosts: [(host: String, user: String?, port: Int?)] = []
        for _ in 0..<4 {
            let user = next() % 4 == 0 ? pick(["ops", "fixed"]) : nil
            let port = next() % 6 == 0 ? 2345 : nil
            hosts.append((pick(Self.names.filter { !$0.contains(",") }), user, port))
        }
        return hosts
    }
}
