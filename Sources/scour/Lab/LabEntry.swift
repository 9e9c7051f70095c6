import Foundation
import ScourLab

/// Becomes `command` (`LabController.entryCommand`, `siteEntryCommand`) in this process — the
/// terminal, stdin, stdout and stderr stay as they are, and the exit status is the command's —
/// with `environment` added to this one's.
func enterLabHost(_ command: [String], environment: [String: String] = [:]) -> Never {
    let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
    let argv = command.map { strdup($0) } + [nil]
    let envp = variables.map { strdup($0) } + [nil]
    execve(command[0], argv, envp)
    FileHandle.standardError.write(Data("scour lab: cannot run \(command[0]): \(String(cString: strerror(errno)))\n".utf8))
    exit(1)
}
