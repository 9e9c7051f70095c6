import Foundation
import ScourEngine
import ScourLab

/// Runs the real `scour` executable built alongside the tests, as a user would.
public enum ScourCLI {
    public typealias Result = LocalCommand.Result

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

    /// Where the tests' runs are recorded (`SCOUR_RUNS_DIR`), instead of `./runs` of the package.
    public static let runsDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("scour-test-runs").path

    /// Runs `scour ARGUMENTS` in the package root and collects its outputs; `onStart` gets its
    /// pid. Waits for it on a thread of its own.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], onStart: (@Sendable (Int32) -> Void)? = nil
    ) async throws -> Result {
        try await command(arguments).run(environment: withRunsDirectory(environment), currentDirectory: packageRoot, onStart: onStart)
    }

    /// `run` for synchronous tests: blocks until `scour` ends.
    @available(*, noasync, message: "await the async run(_:environment:onStart:)")
    public static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        try command(arguments).run(environment: withRunsDirectory(environment), currentDirectory: packageRoot)
    }

    private static func command(_ arguments: [String]) -> LocalCommand { LocalCommand(executable.path, arguments) }

    private static func withRunsDirectory(_ environment: [String: String]) -> [String: String] {
        ["SCOUR_RUNS_DIR": runsDirectory].merging(environment) { $1 }
    }
}

/// Runs a program to completion and collects its outputs, waiting on a thread of its own.
public func runProcess(
    _ path: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
    currentDirectory: URL? = nil
) async throws -> ScourCLI.Result {
    try await LocalCommand(path, arguments).run(stdin: stdin, environment: environment, currentDirectory: currentDirectory)
}

/// `runProcess` for synchronous tests: blocks until the program ends.
@available(*, noasync, message: "await the async runProcess")
public func runProcess(
    _ path: String, _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:],
    currentDirectory: URL? = nil
) throws -> ScourCLI.Result {
    try LocalCommand(path, arguments).run(stdin: stdin, environment: environment, currentDirectory: currentDirectory)
}
