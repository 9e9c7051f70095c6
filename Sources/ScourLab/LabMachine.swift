import Foundation

/// The machine's side of a lab: the tools it runs and the checks that they are there.
struct LabMachine {
    let ip: String
    let sshKeygen: String
    let sshd: String
    let nsenter: String
    /// OpenSSH's client, for hosts behind bastions or in sites (checked from beside them); nil in other labs.
    let ssh: String?

    /// Refuses, with what to do about it, where a lab cannot work: `access` adds sudo for a
    /// login user and the ssh client for bastions and sites.
    static func check(for access: LabAccess = LabAccess()) throws -> LabMachine {
        guard geteuid() == 0 else {
            throw LabError.unsupported(
                "scour lab needs root: it creates network namespaces, a bridge and mounts (run it with sudo)")
        }
        func find(_ tool: String, package: String) throws -> String {
            let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
            let folders = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin", "/usr/bin", "/bin"]
            guard let found = folders.map({ "\($0)/\(tool)" }).first(where: FileManager.default.isExecutableFile) else {
                throw LabError.unsupported("scour lab needs `\(tool)` (Debian package \(package)); install it with apt-get install \(package)")
            }
            return found
        }
        let machine = LabMachine(
            ip: try find("ip", package: "iproute2"),
            sshKeygen: try find("ssh-keygen", package: "openssh-client"),
            sshd: try find("sshd", package: "openssh-server"),
            nsenter: try find("nsenter", package: "util-linux"),
            ssh: access.bastions > 0 || access.sites > 0 ? try find("ssh", package: "openssh-client") : nil)
        if access.loginUser != nil {
            _ = try find("sudo", package: "sudo")
            // The boot script binds the host's own sudo rules over these: they must be there.
            for path in ["/etc/sudoers", "/etc/sudoers.d"] where !FileManager.default.fileExists(atPath: path) {
                throw LabError.unsupported("--login-user needs \(path), which the Debian package sudo installs (apt-get install sudo)")
            }
        }
        _ = try find("unshare", package: "util-linux")
        _ = try find("setsid", package: "util-linux")
        guard FileManager.default.fileExists(atPath: "/usr/bin/systemctl") else {
            throw LabError.unsupported("scour lab binds its service shim over /usr/bin/systemctl, which this machine lacks (install systemd, or create an empty executable file there)")
        }
        return machine
    }

    @discardableResult
    func ip(_ arguments: [String], batch: [String]? = nil) throws -> String {
        guard let batch else { return try LocalCommand(ip, arguments).check().stdout }
        guard !batch.isEmpty else { return "" }
        return try LocalCommand(ip, arguments + ["-batch", "-"])
            .check(stdin: Data((batch.joined(separator: "\n") + "\n").utf8)).stdout
    }

    func namespaces() throws -> Set<String> {
        Set(try ip(["netns", "list"]).split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) })
    }

    /// Whether the link exists on the machine, or in `namespace`.
    func linkExists(_ name: String, in namespace: String? = nil) -> Bool {
        let place = namespace.map { ["-n", $0] } ?? []
        return (try? LocalCommand(ip, place + ["link", "show", "dev", name]).run().succeeded) ?? false
    }

    /// `ip` batch commands run where `namespace` says (nil: the machine), one `ip` per namespace.
    func ip(grouped commands: [(namespace: String?, command: String)]) throws {
        var order: [String?] = []
        for (namespace, _) in commands where !order.contains(namespace) { order.append(namespace) }
        for namespace in order {
            try ip(namespace.map { ["-n", $0] } ?? [], batch: commands.filter { $0.namespace == namespace }.map(\.command))
        }
    }

    /// Processes whose network namespace is `namespace`: a lab host's whole process tree.
    func processes(in namespace: String) -> [pid_t] { processes(byNamespace: [namespace])[namespace] ?? [] }

    /// The processes of each of `namespaces` (by network namespace), found in one pass over /proc
    /// as `ip netns pids` finds them for one (the namespace file's inode): listing a 1,000-host
    /// lab one `ip` at a time took longer than `down` gives its processes to die.
    func processes(byNamespace namespaces: [String]) -> [String: [pid_t]] {
        struct Inode: Hashable { var device: UInt64, number: UInt64 }
        func inode(_ path: String) -> Inode? {
            var status = stat()
            return stat(path, &status) == 0 ? Inode(device: UInt64(status.st_dev), number: UInt64(status.st_ino)) : nil
        }
        var names: [Inode: String] = [:]
        for namespace in namespaces { if let file = inode("/run/netns/\(namespace)") { names[file] = namespace } }
        guard !names.isEmpty, let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [:] }
        var found: [String: [pid_t]] = [:]
        for pid in entries.compactMap({ pid_t($0) }) {
            if let namespace = inode("/proc/\(pid)/ns/net").flatMap({ names[$0] }) { found[namespace, default: []].append(pid) }
        }
        return found
    }

    /// PID 1 of a host's PID namespace (sshd, or the boot script while it boots), seen from
    /// here: the process of the host whose `NSpid` ends in 1. Its mount namespace is the host's.
    func initProcess(of namespace: String) -> pid_t? {
        processes(in: namespace).first { pid in
            guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("NSpid:") })
            else { return false }
            let ids = line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst()
            return ids.count >= 2 && ids.last == "1"
        }
    }

    /// Runs `arguments` inside `namespaces` (nsenter flags: `-m` mounts, `-p` PIDs) of the host
    /// whose PID 1 is `pid`; returns its stdout.
    @discardableResult
    func inHost(_ pid: pid_t, namespaces: [String], _ arguments: [String]) throws -> String {
        try LocalCommand(nsenter, ["-t", String(pid)] + namespaces + ["--"] + arguments).check().stdout
    }

    func generateKey(at path: String, comment: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        try? FileManager.default.removeItem(atPath: path + ".pub")
        try LocalCommand(sshKeygen, ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", path]).check()
    }
}

/// Whether `pid` is alive and runs the lab's supervisor script (a pid file can outlive its process).
func isSupervisor(_ pid: pid_t) -> Bool {
    guard pid > 0, kill(pid, 0) == 0,
          let commandLine = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline")
    else { return false }
    return String(decoding: commandLine, as: UTF8.self).contains("bin/supervise")
}
