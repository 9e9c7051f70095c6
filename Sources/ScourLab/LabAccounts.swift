import Foundation

/// A host's own accounts for `scour lab up --login-user`: copies of /etc/passwd, /etc/shadow,
/// /etc/group and sudo's rules, kept in `D/hosts/hNN/etc/` and bound over the machine's inside
/// the host's mount namespace (by the boot script), so the user exists on the lab's hosts only
/// and the machine's own /etc is never changed. Its home is in the host's private /home.
enum LabAccounts {
    /// What the boot script binds from `D/hosts/hNN/etc/` when the host has it; `/etc/sudoers`
    /// too, so sudo's rules are the lab's whatever the machine's say, and `/etc/hosts` naming
    /// the host, so sudo finds its own name without asking DNS (and warning on every command).
    static let boundFiles = ["passwd", "shadow", "group", "sudoers", "sudoers.d", "hosts"]

    /// The sudo password of `--sudo password` labs: a fixed test password, recorded in lab.json
    /// and the inventory. `sudoPasswordHash` is its SHA-512 crypt
    /// (`openssl passwd -6 -salt scourlab scour-lab-sudo`).
    static let sudoPassword = "scour-lab-sudo"
    static let sudoPasswordHash = "$6$scourlab$YDRvbea9ePiHh8n2fLgc74gMsMih/eeYOEfBtJnhUSP8I9HyhGOzNQXOWboN5tS2lzW9fiJqMVSExnXpnK.Px0"

    /// The sudoers.d file `scour lab tamper HOST requiretty` adds: sudo then refuses without a terminal.
    static let requirettyFile = "sudoers.d/zz-requiretty"

    /// The first id from 4000 that is neither a user nor a group of this machine, so files
    /// the user owns in the hosts' trees are nobody else's here.
    static func freeID() throws -> UInt32 {
        guard let id = (UInt32(4000)..<UInt32(60000)).first(where: { getpwuid($0) == nil && getgrgid($0) == nil }) else {
            throw LabError.failed("no free user id between 4000 and 60000 on this machine")
        }
        return id
    }

    /// The machine's account files, read once for every host.
    struct MachineFiles: Sendable {
        let passwd: String
        let group: String

        init() throws {
            passwd = try String(contentsOfFile: "/etc/passwd", encoding: .utf8)
            group = try String(contentsOfFile: "/etc/group", encoding: .utf8)
        }
    }

    /// Writes the host's account files and the user's home into the host's folder. Every
    /// account of the machine gets a `*` password (none can be used; the machine's own
    /// /etc/shadow is not read), the login user the sudo password's hash or `*`.
    static func write(_ user: LabState.LoginUser, host: String, machine: MachineFiles, hostDirectory: URL) throws {
        let etc = hostDirectory.appendingPathComponent("etc")
        let sudoersFolder = etc.appendingPathComponent("sudoers.d")
        try FileManager.default.createDirectory(at: sudoersFolder, withIntermediateDirectories: true)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sudoersFolder.path)
        let home = "/home/\(user.name)"
        let passwd = lines(machine.passwd) + ["\(user.name):x:\(user.uid):\(user.uid):scour lab login user:\(home):/bin/bash"]
        let hash = user.sudoPassword == nil ? "*" : sudoPasswordHash
        let shadow = passwd.compactMap { $0.split(separator: ":").first }.map { name in
            "\(name):\(name == user.name ? hash : "*"):19000:0:99999:7:::"
        }
        let group = lines(machine.group) + ["\(user.name):x:\(user.uid):"]
        let rule = user.sudo == .nopasswd ? "NOPASSWD: ALL" : "ALL"
        let files: [(String, [String], Int)] = [
            ("passwd", passwd, 0o644), ("shadow", shadow, 0o640), ("group", group, 0o644),
            ("sudoers", sudoers, 0o440), ("sudoers.d/\(user.name)", ["\(user.name) ALL=(ALL) \(rule)"], 0o440),
            ("hosts", ["127.0.0.1 localhost", "127.0.1.1 \(host)", "::1 localhost ip6-localhost ip6-loopback"], 0o644),
        ]
        for (name, content, mode) in files {
            let url = etc.appendingPathComponent(name)
            try (content.joined(separator: "\n") + "\n").write(to: url, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        }
        // Its home, in the host's private /home: plain rc files, as root's are.
        let homeFolder = hostDirectory.appendingPathComponent("root" + home)
        try FileManager.default.createDirectory(at: homeFolder, withIntermediateDirectories: true)
        for path in [homeFolder.path, homeFolder.path + "/.bashrc", homeFolder.path + "/.profile"] {
            if path != homeFolder.path { try Data().write(to: URL(fileURLWithPath: path)) }
            chown(path, user.uid, user.uid)
        }
    }

    /// sudo's main rules on a lab host. Its timestamps go to the host's own /run/scour-lab (the
    /// machine's /run/sudo is shared by every host, whose PIDs repeat); no lecture.
    private static let sudoers = [
        "# scour lab host: sudo's rules, bound over /etc/sudoers in this host only.",
        "Defaults env_reset",
        "Defaults secure_path=\"/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"",
        "Defaults timestampdir=/run/scour-lab/sudo",
        "Defaults !lecture",
        "root ALL=(ALL:ALL) ALL",
        "@includedir /etc/sudoers.d",
    ]

    private static func lines(_ text: String) -> [String] {
        text.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }
}
