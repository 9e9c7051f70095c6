import ArgumentParser
import Foundation

/// Says `scour: MESSAGE` on stderr and gives the exit status to throw (65: invalid input).
func commandFailure(_ message: String, _ code: ExitCode = .invalidInput) -> ExitCode {
    FileHandle.standardError.write(Data("scour: \(message)\n".utf8))
    return code
}
