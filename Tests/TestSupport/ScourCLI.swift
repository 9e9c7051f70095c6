import Foundation

/// Runs the real `scour` executable built alongside the tests, as a user would.
public enum ScourCLI {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// The package's root folder (the one holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The `scour` binary of the build the tests belong to: beside the test bundle, else the
    /// debug build of the package.
    public static let executable: URL = {
        let candidates = [
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("scour"),
            Bundle.main.bundleURL.appendingPathComponent("scour"),
            packageRoot.appendingPathComponent(".build/debug/scour"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates.last!
    }()

    /// Runs `scour ARGUMENTS` in the package root and collects its outputs.
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try runProcess(executable.path, arguments, environment: environment, currentDirectory: packageRoot)
    }
}

/// Runs a program to completion, reading stdout and stderr concurrently so neither can fill its
/// pipe and stall the other.
public func runProcess(
    _ path: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
    currentDirectory: URL? = nil
) throws -> ScourCLI.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    let out = Pipe(), err = Pipe(), input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try process.run()
    if let stdin {
        input.fileHandleForWriting.write(stdin)
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
    return ScourCLI.Result(
        status: process.terminationStatus,
        stdout: String(decoding: collected.stdout, as: UTF8.self),
        stderr: String(decoding: collected.stderr, as: UTF8.self))
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
