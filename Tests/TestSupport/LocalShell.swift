import Foundation
import ScourHost
import ScourLab

/// Runs a `RemoteInvocation` on this machine the way sshd would run it on a host: the command
/// line through `sh -c`, the stdin bytes fed to it.
public enum LocalShell {
    public struct Output: Sendable {
        public var stdout: [UInt8]
        public var stderr: [UInt8]
        public var status: Int32
    }

    /// The unprivileged user (`nobody`) a test logs in as to see what a non-root login sees.
    public static let nobody: UInt32 = 65534

    /// Runs the invocation, waiting for the shell on a thread of its own.
    public static func run(_ invocation: RemoteInvocation, in directory: URL) async throws -> Output {
        try await onThreadOfItsOwn { try run(invocation, in: directory) }
    }

    /// `run` for synchronous tests: blocks until the shell ends. Writing all of stdin before
    /// reading is safe for probe scripts: the shell must read the whole script (one function
    /// definition and its call) before it prints anything.
    @available(*, noasync, message: "await the async run(_:in:)")
    /// With `uid`, the shell runs as that user and group, without supplementary groups (`setpriv`).
    public static func run(_ invocation: RemoteInvocation, in directory: URL, uid: UInt32? = nil) throws -> Output {
        let process = Process()
        if let uid {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setpriv")
            process.arguments = ["--reuid=\(uid)", "--regid=\(uid)", "--clear-groups", "/bin/sh", "-c", invocation.command]
        } else {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", invocation.command]
        }
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
