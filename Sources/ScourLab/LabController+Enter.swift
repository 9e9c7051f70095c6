import Foundation

extension LabController {
    /// The command line that runs `arguments` in lab host `name` as the host's own processes
    /// run — in its mount, UTS, network and PID namespaces (its files, hostname, address and
    /// process tree), from `/root` — as the lab itself does (`LabMachine.inHost`), for `scour lab
    /// exec` and `scour lab shell`. The host must be up: a stopped one has no namespaces to enter.
    public func entryCommand(host name: String, _ arguments: [String]) throws -> [String] {
        let machine = try LabMachine.check()
        let host = try LabState.load(from: layout).host(named: name)
        guard let pid = machine.initProcess(of: host.namespace) else {
            throw LabError.failed("\(host.name) is not running: `scour lab status` shows it, `scour lab power start \(host.name)` starts it")
        }
        return [machine.nsenter, "--target", String(pid), "--mount", "--uts", "--net", "--pid", "--wd=/root", "--"] + arguments
    }
}
