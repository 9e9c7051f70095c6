import Foundation
import ScourHost

/// Runs a `RemoteInvocation` on this machine the way sshd would run it on a host: the command
/// line through `sh -c`, the stdin bytes fed to it.
public enum LocalShell {
    public struct Output: Sendable {
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var status: Int32
    }

    /// Writing all of stdin before reading is safe for probe scripts: the shell must read the
    /// whole script (one function definition and its call) before it prints anything.
    public static func run(_ invocation: RemoteInvocation, in directory: URL) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", invocation.command]
        process.currentDirectoryURL = directory
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(invocation.stdin ?? []))
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(stdout: Array(stdout), stderr: Array(stderr), status: process.terminationStatus)
    }
}
