import ArgumentParser
import Foundation
import ScourCore

/// Says `scour: MESSAGE` on stderr and gives the exit status to throw (65: invalid input). The
/// message may carry a host's text (an error it caused): escaped, its lines kept.
func commandFailure(_ message: String, _ code: ExitCode = .invalidInput) -> ExitCode {
    FileHandle.standardError.write(Data("scour: \(HostText.terminalLines(message))\n".utf8))
    return code
}
