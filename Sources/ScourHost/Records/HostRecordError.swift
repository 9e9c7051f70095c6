/// A record a host keeps or reports — a quarantine manifest, a config's backup line — that
/// cannot be read as Scour wrote it: said for the operator, naming what is wrong.
public struct HostRecordError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
