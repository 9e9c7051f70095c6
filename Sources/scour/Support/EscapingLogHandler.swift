import Logging
import ScourCore

/// A log handler that escapes a line's message, metadata and error before the wrapped handler
/// writes it: log fields carry host text (a command, an error a host caused), and a log line is
/// printed like any other (`TerminalStyle` says the rule).
struct EscapingLogHandler<Wrapped: LogHandler>: LogHandler {
    private var wrapped: Wrapped

    init(_ wrapped: Wrapped) { self.wrapped = wrapped }

    func log(event: LogEvent) {
        var event = event
        event.message = "\(HostText.terminal(event.message.description))"
        var metadata = event.metadata?.mapValues(Self.escaped)
        if let error = event.error {
            metadata = (metadata ?? [:]).merging(["error": .string(HostText.terminal("\(error)"))]) { $1 }
            event.error = nil
        }
        event.metadata = metadata
        wrapped.log(event: event)
    }

    private static func escaped(_ value: Logger.MetadataValue) -> Logger.MetadataValue {
        switch value {
        case .string(let text): .string(HostText.terminal(text))
        case .stringConvertible(let item): .string(HostText.terminal(item.description))
        case .array(let items): .array(items.map(escaped))
        case .dictionary(let items): .dictionary(items.mapValues(escaped))
        }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    subscript(metadataKey key: String) -> Logger.MetadataValue? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }
}
