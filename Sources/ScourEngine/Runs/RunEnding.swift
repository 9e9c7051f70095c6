import Foundation

/// How an attempt at a run stopped.
public enum RunEnding: Sendable, Equatable {
    /// Every wave ran and no host has steps left (some may have failed).
    case completed
    /// A wave went past `max_failures`; later waves were not started.
    case halted(afterWave: Int)
    /// `pause = manual` after this wave.
    case paused(afterWave: Int)
    /// Stopped by the operator (or a journal that could not be written) with steps left.
    case interrupted
}

/// An ending is one string in the journal (`run_ended`'s `ending`), in apply's JSON and in the
/// reports: a word, and after the wave a halted or paused run stopped at — `completed`,
/// `halted after wave 2`, `paused after wave 2`, `interrupted` (docs/runs.md). This is the one
/// place that writes and reads it.
extension RunEnding: Codable, CustomStringConvertible {
    private enum Word: String {
        case completed, halted, paused, interrupted
    }

    private static let afterWave = " after wave "

    public var description: String {
        switch self {
        case .completed: Word.completed.rawValue
        case .halted(let wave): Word.halted.rawValue + Self.afterWave + String(wave)
        case .paused(let wave): Word.paused.rawValue + Self.afterWave + String(wave)
        case .interrupted: Word.interrupted.rawValue
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let parts = text.components(separatedBy: Self.afterWave)
        let wave = parts.count == 2 ? Int(parts[1]) : nil
        switch (Word(rawValue: parts[0]), parts.count, wave) {
        case (.completed?, 1, nil): self = .completed
        case (.interrupted?, 1, nil): self = .interrupted
        case (.halted?, 2, let wave?): self = .halted(afterWave: wave)
        case (.paused?, 2, let wave?): self = .paused(afterWave: wave)
        default: throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a run's ending: \(text)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
