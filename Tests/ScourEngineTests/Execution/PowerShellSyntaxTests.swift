import Foundation
import ScourCore
import Testing
import TestSupport
@testable import ScourEngine

/// The windows scripts cannot run here; tree-sitter's PowerShell grammar (Tests/Tools, in the
/// venv `make test` sets up) at least proves each one parses: the probes, every action, and
/// restore (their golden files). In CI a missing checker fails the test.
@Suite struct PowerShellSyntaxTests {
    static let python = ScourCLI.packageRoot.appendingPathComponent(".build/pyenv/bin/python").path
    static let available = FileManager.default.isExecutableFile(atPath: python) || ProcessInfo.processInfo.environment["CI"] == "true"

    @Test(.enabled(if: available, "needs `make pyenv` (runs in CI)"))
    func every_windows_script_parses() throws {
        let goldens = ScourCLI.packageRoot.appendingPathComponent("Tests/Golden")
        let files = try ["Actions", "Restore", "Probes"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: goldens.appendingPathComponent(folder).path)
                .filter { $0.hasSuffix(".ps1") }.map { goldens.appendingPathComponent("\(folder)/\($0)").path }
        }
        #expect(files.count >= 4)
        let tool = ScourCLI.packageRoot.appendingPathComponent("Tests/Tools/powershell-syntax.py").path
        let result = try runProcess(Self.python, [tool] + files)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test(.enabled(if: available, "needs `make pyenv` (runs in CI)"))
    func the_checker_finds_a_syntax_error() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("scour-bad-\(UUID().uuidString).ps1").path
        try "Write-Output 1\nif ($x -eq 1 { Write-Output 2 }\n".write(toFile: scratch, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let tool = ScourCLI.packageRoot.appendingPathComponent("Tests/Tools/powershell-syntax.py").path
        let result = try runProcess(Self.python, [tool, scratch])
        #expect(result.status == 1)
        #expect(result.stdout.contains("\(scratch):2:"), "\(result.stdout)")
    }
}
