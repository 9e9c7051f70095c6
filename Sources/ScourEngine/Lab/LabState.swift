import Foundation

/// `lab.json`: what `scour lab up` built, so `status`, `down` and the power commands act on
/// exactly that. Written before anything is created, so `down` can undo a half-finished `up`.
public struct LabState: Codable, Sendable, Equatable {
    public struct Host: Codable, Sendable, Equatable {
        public var name: String
        public var address: String
        public var namespace: String
        public var veth: String
        public var infected: Bool
    }

    public var formatVersion = 1
    public var network: Int
    public var bridge: String
    public var scenario: LabScenario
    public var infectedShare: String
    public var bootDelaySeconds: Double
    public var hosts: [Host]

    public static func load(from layout: LabLayout) throws -> LabState {
        guard let data = FileManager.default.contents(atPath: layout.stateFile.path) else {
            throw LabError.notFound("no lab in \(layout.directory.path) (no lab.json); start one with `scour lab up N`")
        }
        do {
            return try JSONDecoder().decode(LabState.self, from: data)
        } catch {
            throw LabError.failed("\(layout.stateFile.path) is unreadable: \(error)")
        }
    }

    public func save(to layout: LabLayout) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: layout.stateFile, options: .atomic)
    }

    public func host(named name: String) throws -> Host {
        guard let host = hosts.first(where: { $0.name == name }) else {
            throw LabError.invalid("no host '\(name)' in this lab (hosts: \(hosts.first?.name ?? "")…\(hosts.last?.name ?? ""))")
        }
        return host
    }
}
