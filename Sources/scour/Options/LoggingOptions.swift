import ArgumentParser
import Logging

/// `--log-level`: diagnostics of Scour itself (connection retries, timings) on stderr.
struct LoggingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Log level on stderr: trace, debug, info, notice, warning, error.", valueName: "level"))
    var logLevel: Logger.Level = .warning

    /// Sends every logger to stderr at the chosen level and returns the command's logger.
    /// Bootstrapping is process-wide and happens once, here, in the executable — never in a library.
    func makeLogger(label: String) -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return EscapingLogHandler(handler)
        }
        return Logger(label: label)
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
