import Foundation

/// A program run to completion on the controller (the lab's `ip`, `ssh-keygen`, …; the tests'
/// `scour` and `ssh`).
public struct LocalCommand: Sendable {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// From start to exit, timed on the thread that waited for the program: an async caller's
        /// own clock, read once its task runs again, may be late by however long the pool was busy.
        public var duration: Duration = .zero
        public var succeeded: Bool { status == 0 }
    }

    /// A command that exited non-zero where success was required.
    public struct Failure: Error, CustomStringConvertible {
        public var command: [String]
        public var result: Result
        public var description: String {
            let detail = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "`\(command.joined(separator: " "))` failed (exit \(result.status))"
                + (detail.isEmpty ? "" : ": \(detail)")
        }
    }

    public var executable: String
    public var arguments: [String]

    public init(_ executable: String, _ arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    /// Runs the program, reading stdout and stderr concurrently so neither can fill its pipe and
    /// stall the other. `onStart` gets the process id as soon as it runs (to signal it). Blocks
    /// until the program ends: async callers use the async `run`, which waits off the pool.
    /// SIGPIPE ignored, once for the process (as `LibSSH2` does for its sockets); `Process`
    /// starts programs with every signal at its default.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

    @available(*, noasync, message: "await the async run(), which waits on a thread of its own")
    public func run(
        stdin: Data? = nil, environment: [String: String] = [:], currentDirectory: URL? = nil,
        onStart: ((Int32) -> Void)? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        let started = ContinuousClock.now
        onStart?(process.processIdentifier)
        if let stdin {
            // A program that stops reading (`ip -batch -` at its first failing line) must not end
            // this process by SIGPIPE: its exit status and stderr say what went wrong.
            _ = Self.ignoreBrokenPipes
            try? input.fileHandleForWriting.write(contentsOf: stdin)
            try input.fileHandleForWriting.close()
        }
        let collected = CollectedOutput()
        let group = DispatchGroup()
        for (handle, isError) in [(out.fileHandleForReading, false), (err.fileHandleForReading, true)] {
            group.enter()
            DispatchQueue.global().async {
                collected.set(handle.readDataToEndOfFile(), isError: isError)
                group.leave()
            }
        }
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: collected.stdout, as: UTF8.self),
            stderr: String(decoding: collected.stderr, as: UTF8.self),
            duration: ContinuousClock.now - started)
    }

    /// `run`, waiting for the program on a thread of its own instead of one of Swift's pool.
    public func run(
        stdin: Data? = nil, environment: [String: String] = [:], currentDirectory: URL? = nil,
        onStart: (@Sendable (Int32) -> Void)? = nil
    ) async throws -> Result {
        try await onThreadOfItsOwn {
            try run(stdin: stdin, environment: environment, currentDirectory: currentDirectory, onStart: onStart)
        }
    }

    /// Runs the program and throws `Failure` unless it exits 0. Blocks like the synchronous `run`.
    @available(*, noasync, message: "await the async run(), which waits on a thread of its own")
    @discardableResult
    public func check(stdin: Data? = nil) throws -> Result {
        let result = try run(stdin: stdin)
        guard result.succeeded else { throw Failure(command: [executable] + arguments, result: result) }
        return result
    }
}

private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private var out = Data(), err = Data()
    func set(_ data: Data, isError: Bool) {
        lock.withLock { if isError { err = data } else { out = data } }
    }
    var stdout: Data { lock.withLock { out } }
    var stderr: Data { lock.withLock { err } }
}
