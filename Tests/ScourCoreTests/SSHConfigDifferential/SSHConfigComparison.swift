import Foundation
@testable import ScourCore

/// One host of one config resolved by ssh and by Scour, and how the two compare: hostname,
/// port, user, identity files, bastion chain, known-hosts files, connect timeout.
enum SSHConfigComparison: Sendable, Equatable {
    /// Both give the same settings.
    case agree
    /// Both refuse: ssh exits with an error, Scour throws.
    case bothRefuse
    /// Scour refuses, deliberately and as documented (docs/ssh-config.md), what ssh reads.
    case documentedRefusal(String)
    case differ(String)

    /// One host of one config; `user` and `port` as the inventory fixes them (ssh's `-l`, `-p`).
    struct Case: Sendable {
        var config: String
        var host: String
        var user: String?
        var port: Int?
    }

    static func compare(_ pair: Case, oracle: OpenSSHOracle) throws -> SSHConfigComparison {
        let (path, host, fixedUser, fixedPort) = (pair.config, pair.host, pair.user, pair.port)
        let ssh = try oracle.resolve(config: path, host: host, user: fixedUser, port: fixedPort)
        let local = EffectiveConnection.Local(
            user: OpenSSHOracle.localUser.name, home: OpenSSHOracle.localUser.home, environment: oracle.environment)
        var settings: SSHHostSettings?
        let effective: EffectiveConnection
        do {
            let config = try SSHConfig.load(path: path, home: oracle.home)
            settings = config.settings(for: host, localUser: local.user, user: fixedUser)
            effective = try EffectiveConnection.resolve(
                host: InventoryHost(name: host, address: host, port: fixedPort, user: fixedUser), inventoryPath: "corpus", sshConfig: config,
                local: local)
        } catch {
            if ssh.status != 0 {
                // Where ssh names the lines it complains about, Scour's must be one of them.
                let sshLines = badLines(ssh.stderr)
                if !sshLines.isEmpty, let location = error.location, error.bastion == nil, !sshLines.contains("\(location.path):\(location.line)") {
                    return .differ("both refuse, scour at \(location) (\(error.message)), ssh at \(sshLines): \(ssh.stderr)")
                }
                return .bothRefuse
            }
            // A bastion's own settings refused: ssh fails there once it runs `ssh HOP`.
            if let bastion = error.bastion, let hop = try? JumpHost.parse(bastion),
                try oracle.resolve(config: path, host: hop.host, user: hop.user).status != 0
            {
                return .bothRefuse
            }
            // An IdentityFile ssh cannot expand: it fails once it loads the keys.
            for file in settings?.identityFiles ?? [] where try oracle.expandedFile(file.value, config: path, host: host, user: fixedUser, port: fixedPort) == nil {
                return .bothRefuse
            }
            if error.isDeliberateRefusal { return .documentedRefusal(error.description) }
            return .differ("scour refuses (\(error)), ssh resolves")
        }
        guard ssh.status == 0 else {
            return .differ("ssh refuses (\(ssh.stderr.trimmingCharacters(in: .whitespacesAndNewlines))), scour resolves")
        }
        var differences: [String] = []
        func check(_ name: String, _ scour: String?, _ openssh: String?) {
            if scour != openssh { differences.append("\(name): scour \(scour ?? "-"), ssh \(openssh ?? "-")") }
        }
        check("hostname", effective.address.value, ssh.settings["hostname"]?.first)
        check("port", String(effective.port.value), ssh.settings["port"]?.first)
        check("user", effective.user.value, ssh.settings["user"]?.first)
        // ssh lists its own default keys when the config gives none (Scour's defaults
        // differ, documented): compare the ones the config gives, expanded.
        if let files = settings?.identityFiles, !files.isEmpty {
            check("identityfile (as written)", files.map(\.value).joined(separator: " | "), ssh.settings["identityfile"]?.joined(separator: " | "))
            var expanded: [String] = []
            for file in files { expanded.append(try oracle.expandedFile(file.value, config: path, host: host, user: fixedUser, port: fixedPort) ?? "(refused)") }
            check("identityfile", effective.identityFiles.map(\.value).joined(separator: " | "), expanded.joined(separator: " | "))
        }
        let sshChain = try? ssh.settings["proxyjump"].map { try JumpHost.parseChain($0[0]) }
        check("proxyjump", effective.jumps.value.map(\.description).joined(separator: ","), (sshChain ?? []).map(\.description).joined(separator: ","))
        // ssh expands UserKnownHostsFile before printing it; unset, it also lists known_hosts2.
        let sshKnownHosts = ssh.settings["userknownhostsfile"]?.first?.split(separator: " ").map(String.init) ?? []
        if case .defaultValue = effective.knownHostsFiles.origin {
            check("userknownhostsfile", effective.knownHostsFiles.value.first, sshKnownHosts.first)
        } else {
            check("userknownhostsfile", effective.knownHostsFiles.value.isEmpty ? "none" : effective.knownHostsFiles.value.joined(separator: " "),
                  sshKnownHosts.joined(separator: " "))
        }
        // Unset, ssh has no timeout ("none") where Scour takes 10 s (documented).
        let timeout: String
        if case .defaultValue = effective.connectTimeout.origin { timeout = "none" } else {
            timeout = String(effective.connectTimeout.value.components.seconds)
        }
        check("connecttimeout", timeout, ssh.settings["connecttimeout"]?.first)
        return differences.isEmpty ? .agree : .differ(differences.joined(separator: "; "))
    }

    /// `FILE:LINE` of each line ssh complains about (`FILE line N: …`, `FILE: line N: …`).
    private static func badLines(_ stderr: String) -> Set<String> {
        var lines: Set<String> = []
        for line in stderr.split(whereSeparator: \.isNewline) {  // ssh ends its lines with "\r\n"
            guard let range = line.range(of: " line ") else { continue }
            var path = line[..<range.lowerBound]
            if path.hasSuffix(":") { path = path.dropLast() }
            let number = line[range.upperBound...].prefix { $0.isNumber }
            if !path.isEmpty, !number.isEmpty, !path.contains(" ") { lines.insert("\(path):\(number)") }
        }
        return lines
    }
}
