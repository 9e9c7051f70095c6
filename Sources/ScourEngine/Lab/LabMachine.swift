import Foundation

/// The machine's side of a lab: the tools it runs and the checks that they are there.
struct LabMachine {
    let ip: String
    let sshKeygen: String
    let sshd: String

    /// Refuses, with what to do about it, where a lab cannot work.
    static func check() throws -> LabMachine {
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
            sshd: try find("sshd", package: "openssh-server"))
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

    func linkExists(_ name: String) -> Bool {
        (try? LocalCommand(ip, ["link", "show", "dev", name]).run().succeeded) ?? false
    }

    /// Processes whose network namespace is `namespace`: a lab host's whole process tree.
    func processes(in namespace: String) -> [pid_t] {
        let output = (try? LocalCommand(ip, ["netns", "pids", namespace]).run().stdout) ?? ""
        return output.split(separator: "\n").compactMap { pid_t($0) }
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
