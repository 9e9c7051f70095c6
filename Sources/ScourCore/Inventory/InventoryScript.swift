import Foundation

/// A dynamic inventory: an executable run with `--list`, answering with Ansible's script
/// protocol — a JSON object of groups, each a list of hosts or an object with `hosts`, `vars`
/// and `children`, plus `_meta.hostvars` (without `_meta`, each host is asked for with
/// `--host NAME`, as Ansible does).
struct InventoryScript {
    let path: String
    let timeout: Duration
    let outputLimit: Int

    func read() throws -> InventoryDraft {
        let listing = try jsonObject(from: run(["--list"]), asked: "--list")
        var draft = InventoryDraft(path: path)
        var hostVars: [(key: String, value: JSONValue)]?
        for (group, body) in listing {
            if group == "_meta" {
                guard case .object(let meta) = body else { throw error("'_meta' must be an object") }
                if let vars = meta.first(where: { $0.key == "hostvars" })?.value {
                    guard case .object(let byHost) = vars else { throw error("'_meta.hostvars' must be an object of hosts") }
                    hostVars = byHost
                }
            } else {
                try readGroup(group, body, into: &draft)
            }
        }
        let byHost = hostVars.map { Dictionary($0.map { ($0.key, $0.value) }) { $1 } }
        for host in draft.hostOrder {
            let vars: JSONValue
            if let byHost { vars = byHost[host] ?? .object([]) } else {
                vars = .object(try jsonObject(from: run(["--host", host]), asked: "--host \(host)"))
            }
            guard case .object(let members) = vars else { throw error("the variables of host '\(host)' must be an object") }
            draft.addVars(Self.variables(members), toHost: host)
        }
        return draft
    }

    private func readGroup(_ group: String, _ body: JSONValue, into draft: inout InventoryDraft) throws {
        draft.defineGroup(group, line: nil)
        let members: [(key: String, value: JSONValue)]
        switch body {
        case .array(let hosts): members = [("hosts", .array(hosts))]
        case .object(let object) where object.contains(where: { ["hosts", "vars", "children"].contains($0.key) }): members = object
        case .object(let object): members = [("hosts", .array([.string(group)])), ("vars", .object(object))]  // Ansible's short form
        default: throw error("group '\(group)' must be a list of hosts or an object with hosts, vars or children")
        }
        for (key, value) in members {
            switch key {
            case "hosts":
                guard case .array(let hosts) = value else { throw error("'hosts' of group '\(group)' must be a list") }
                for host in hosts {
                    guard case .string(let name) = host, !name.isEmpty else { throw error("a host of group '\(group)' is not a name: \(host)") }
                    try draft.addHost(name, to: group, vars: [:], line: nil)
                }
            case "vars":
                guard case .object(let vars) = value else { throw error("'vars' of group '\(group)' must be an object") }
                draft.setGroupVars(Self.variables(vars), for: group, defining: true, line: nil)
            case "children":
                guard case .array(let children) = value else { throw error("'children' of group '\(group)' must be a list") }
                for child in children {
                    guard case .string(let name) = child, !name.isEmpty else { throw error("a child of group '\(group)' is not a name: \(child)") }
                    draft.addChild(name, to: group, line: nil)
                    draft.defineGroup(name, line: nil)
                }
            default:
                continue  // Ansible ignores other keys of a group
            }
        }
    }

    private func run(_ arguments: [String]) throws -> [UInt8] {
        let command = BoundedCommand(path, arguments, timeout: timeout, outputLimit: outputLimit, stderrTail: 1000)
        let result: BoundedCommand.Result
        do { result = try command.run() } catch {
            switch error {
            case .cannotStart(let reason): throw self.error("cannot run the inventory script: \(reason)")
            case .timedOut(let limit):
                throw self.error("the inventory script did not finish \(arguments.joined(separator: " ")) within \(limit.scourLiteral); it was stopped")
            case .outputTooLarge(let limit):
                throw self.error("the inventory script wrote more than \(limit / (1 << 20)) MiB for \(arguments.joined(separator: " ")); it was stopped")
            }
        }
        guard result.status == 0 else {
            let tail = EscapedText.of(result.stderrTail, limit: 1000)
            throw error("the inventory script failed (exit \(result.status)) on \(arguments.joined(separator: " "))" + (tail.isEmpty ? "" : ": \(tail)"))
        }
        return result.stdout
    }

    private func jsonObject(from bytes: [UInt8], asked: String) throws -> [(key: String, value: JSONValue)] {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch {
            throw self.error("the inventory script's answer to \(asked) is not JSON: \(error); it starts: \"\(EscapedText.of(bytes, limit: 120))\"")
        }
        guard case .object(let members) = value else {
            throw self.error("the inventory script's answer to \(asked) must be a JSON object; it starts: \"\(EscapedText.of(bytes, limit: 120))\"")
        }
        return members
    }

    static func variables(_ members: [(key: String, value: JSONValue)]) -> [String: InventoryValue] {
        Dictionary(members.map { ($0.key, inventoryValue($0.value)) }) { $1 }
    }

    static func inventoryValue(_ json: JSONValue) -> InventoryValue {
        switch json {
        case .object(let members): return .map(variables(members))
        case .array(let items): return .list(items.map(inventoryValue))
        case .string(let text): return .string(text)
        case .int(let int): return .int(int)
        case .double(let double): return .double(double)
        case .bool(let bool): return .bool(bool)
        case .null: return .null
        }
    }

    private func error(_ message: String) -> InventoryError { InventoryError(path: path, line: nil, message: message) }
}
