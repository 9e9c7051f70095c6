import Foundation
import ScourCore

/// `ssh -G -F FILE HOST`: the settings OpenSSH resolves for a host, printed without connecting
/// anywhere. Run in a fixed environment (HOME, USER, one variable for `${…}`), so the results
/// are the same on every run.
struct OpenSSHOracle: Sendable {
    static let executable = "/usr/bin/ssh"
    /// The `HOME` ssh sees: `Include`'s `~` and relative paths are under it.
    let home: String
    let environment: [String: String]

    /// The local user as ssh finds it (its passwd entry: `%u`, `%d`, `~`, `Match localuser`).
    static let localUser: (name: String, home: String) = {
        guard let entry = getpwuid(getuid()) else { return ("root", "/root") }
        return (String(cString: entry.pointee.pw_name), String(cString: entry.pointee.pw_dir))
    }()

    init(home: String) {
        self.home = home
        environment = [
            "HOME": home, "USER": Self.localUser.name, "LOGNAME": Self.localUser.name, "PATH": "/usr/bin:/bin",
            "SCOUR_KEYS": "/srv/keys",
        ]
    }

    /// How ssh expands `file` for `host` under `config`. `-G` prints IdentityFile as written
    /// (ssh expands it only when it loads the keys), so the file is given as a ControlPath —
    /// expanded the same way (`~`, `${VAR}`, the same tokens) and printed expanded — ahead of
    /// the config. Nil when ssh refuses the expansion.
    func expandedFile(_ file: String, config: String, host: String, user: String?, port: Int?) throws -> String? {
        let probe = config + ".probe-\(UUID().uuidString)"
        try "ControlPath \"\(file)\"\nInclude \(config)\n".write(toFile: probe, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: probe) }
        let answer = try resolve(config: probe, host: host, user: user, port: port)
        return answer.status == 0 ? answer.settings["controlpath"]?.first : nil
    }

    struct Answer: Sendable {
        var status: Int32
        var settings: [String: [String]]
        var stderr: String
    }

    /// `user` and `port` as ssh's `-l` and `-p`: how the inventory's `ansible_user` and
    /// `ansible_port` reach ssh, and how ssh reaches a bastion (`ssh -l USER -p PORT HOP`).
    func resolve(config: String, host: String, user: String? = nil, port: Int? = nil) throws -> Answer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["-G", "-F", config] + (user.map { ["-l", $0] } ?? []) + (port.map { ["-p", String($0)] } ?? []) + ["--", host]
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complaint = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        var settings: [String: [String]] = [:]
        for line in String(decoding: printed, as: UTF8.self).split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            settings[String(line[..<space]), default: []].append(String(line[line.index(after: space)...]))
        }
        return Answer(status: process.terminationStatus, settings: settings, stderr: String(decoding: complaint, as: UTF8.self))
    }
}
