import Foundation
import ScourSSH

extension LabController {
    /// The inventory, known_hosts and ssh_config a user (or a test) points scour or ssh at.
    func writeClientFiles(_ state: LabState) throws {
        try inventory(state).write(to: layout.inventoryFile, atomically: true, encoding: .utf8)
        var knownHosts = ""
        for host in state.allHosts {
            let key = try String(contentsOf: layout.hostDirectory(host.name).appendingPathComponent("ssh_host_ed25519_key.pub"), encoding: .utf8)
            knownHosts += "\(host.address) \(key.trimmingCharacters(in: .whitespacesAndNewlines))\n"
        }
        try knownHosts.write(to: layout.knownHostsFile, atomically: true, encoding: .utf8)
        try sshConfig(state).write(to: layout.sshConfigFile, atomically: true, encoding: .utf8)
    }

    /// Group [lab] with the hosts (not the bastions), a group per site (`[site1]`: its hosts'
    /// names); the login user with become, and the jump chain, as Ansible spells them.
    private func inventory(_ state: LabState) -> String {
        let width = state.hosts.map(\.name.count).max() ?? 0
        var inventory = """
            # scour lab: \(state.hosts.count) hosts, scenario \(state.scenario.rawValue)\
            \(state.scenario.infects ? " (\(state.infectedShare) infected)" : "")\(LabAccess(state).summary). \
            Written by `scour lab up`.
            [lab]

            """
        for (index, host) in state.hosts.enumerated() {
            let variables = state.scenario.hostVariables(index: index + 1, name: host.name)
            inventory += host.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + ([" ansible_host=\(host.address)"] + variables.map { " " + $0 }).joined() + "\n"
        }
        for site in state.sites ?? [] {
            inventory += "\n[\(site.name)]\n" + state.hosts(in: site).map { $0.name + "\n" }.joined()
        }
        var vars = ["ansible_user=\(state.loginUser?.name ?? "root")"]
        if let user = state.loginUser {
            vars.append("ansible_become=true")
            if let password = user.sudoPassword { vars.append("ansible_become_password=\(password)") }
        }
        vars.append("ansible_ssh_private_key_file=\(layout.clientKey.path)")
        if let chain = state.jumpChain { vars.append("ansible_ssh_common_args='-o ProxyJump=\(chain)'") }
        vars.append("scour_platform=linux")
        return inventory + "\n[lab:vars]\n" + vars.map { $0 + "\n" }.joined()
    }

    /// Plain OpenSSH settings: each host and bastion by name, through its jumps, as its login
    /// user; the lab's key and known_hosts for every address. `ConnectTimeout` is generous: a
    /// rehearsal of hundreds of hosts on a busy machine must not see OpenSSH's own banner
    /// exchange time out through a bastion (seen at 5 s with two builds beside the tests).
    private func sshConfig(_ state: LabState) -> String {
        var text = "# scour lab: plain OpenSSH settings for this lab (ssh -F \(layout.sshConfigFile.path) h01). Written by `scour lab up`.\n"
        let bastions = state.bastions ?? []
        for (index, host) in state.allHosts.enumerated() {
            let isBastion = index < bastions.count
            let jumps = (isBastion ? Array(bastions.prefix(index)) : bastions).map { "root@\($0.address)" }
            text += "Host \(host.name)\n  HostName \(host.address)\n  User \(isBastion ? "root" : state.loginUser?.name ?? "root")\n"
            if !jumps.isEmpty { text += "  ProxyJump \(jumps.joined(separator: ","))\n" }
        }
        return text + """
            Host *
              IdentityFile "\(layout.clientKey.path)"
              IdentitiesOnly yes
              UserKnownHostsFile "\(layout.knownHostsFile.path)"
              GlobalKnownHostsFile /dev/null
              StrictHostKeyChecking yes
              BatchMode yes
              ConnectTimeout 30

            """
    }
}
