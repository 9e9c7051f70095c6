import Foundation
import ScourCore
import ScourHost
import TestSupport
import Testing

/// Every POSIX script Scour sends, checked on its own: `dash -n` (Debian's `/bin/sh` parses
/// it) and shellcheck (`make deps` installs it) over the golden scripts — probes, every action,
/// kill, restore and config restore (`Tests/Golden/{Actions,Restore,Probes}/*.sh`, split at
/// their `#### ` headings) — and over the framing the scripts travel in: the kept shell's
/// request, a script followed by a probe, and become's command lines. In CI a missing checker
/// fails the test.
@Suite struct POSIXScriptCheckTests {
    static let dash = executable("dash")
    static let shellcheck = executable("shellcheck")
    static let available = (dash != nil && shellcheck != nil) || ProcessInfo.processInfo.environment["CI"] == "true"

    /// The checks shellcheck is told to skip in every script. What one script does on purpose
    /// is said at that line instead (`# shellcheck disable=…` and the reason).
    static let exclusions = [
        // A single-quoted value is literal, as meant: the goldens' values carry `$(x)` on
        // purpose, to show it never runs.
        "SC2016",
        // Likewise their typographic quotes: bytes like any other inside single quotes
        // (U+2018–U+201B are quotes to PowerShell, not to sh).
        "SC1112",
        // `mkdir -p -m 700` sets the mode of the last folder only, as meant: the folders above
        // a run's folder hold nothing but run folders.
        "SC2174",
    ]

    @Test(.enabled(if: available, "needs dash and shellcheck (`make deps`; runs in CI)"))
    func every_posix_script_passes_dash_and_shellcheck() throws {
        let scripts = try Self.goldenScripts() + Self.framing()
        #expect(scripts.count >= 20)
        let folder = FileManager.default.temporaryDirectory.appending(path: "scour-sh-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [String] = []
        for (index, script) in scripts.enumerated() {
            let file = folder.appending(path: "\(index)-\(script.name.filter { $0.isLetter || $0.isNumber || $0 == "-" }).sh").path
            try Data(script.text.utf8).write(to: URL(fileURLWithPath: file))
            files.append(file)
            let parsed = try runProcess(try #require(Self.dash), ["-n", file])
            #expect(parsed.status == 0, "dash -n \(script.name): \(parsed.stderr)")
        }
        let checked = try runProcess(try #require(Self.shellcheck), Self.shellcheckArguments + files)
        #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    }

    @Test(.enabled(if: available, "needs dash and shellcheck (`make deps`; runs in CI)"))
    func the_checkers_find_a_mistake() throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "scour-sh-bad-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (unclosed, careless) = (folder.appending(path: "unclosed.sh"), folder.appending(path: "careless.sh"))
        try Data("if true; then echo x\n".utf8).write(to: unclosed)
        try Data("f() {\n  read x\n  rm $x\n}\nf\n".utf8).write(to: careless)
        #expect(try runProcess(try #require(Self.dash), ["-n", unclosed.path]).status != 0, "the missing `fi`")
        let checked = try runProcess(try #require(Self.shellcheck), Self.shellcheckArguments + [careless.path])
        #expect(checked.stdout.contains("SC2162"), "read without -r: \(checked.stdout)")
        #expect(checked.stdout.contains("SC2086"), "an unquoted value: \(checked.stdout)")
    }

    static let shellcheckArguments = ["--shell=sh", "--format=gcc", "--exclude=" + exclusions.joined(separator: ",")]

    /// Each POSIX golden file, or each of its `#### ` sections.
    static func goldenScripts() throws -> [(name: String, text: String)] {
        let goldens = ScourCLI.packageRoot.appending(path: "Tests/Golden")
        return try ["Actions", "Restore", "Probes"].flatMap { folder in
            try FileManager.default.contentsOfDirectory(atPath: goldens.appending(path: folder).path).sorted().filter { $0.hasSuffix(".sh") }
                .flatMap { file in
                    let text = try String(contentsOf: goldens.appending(path: "\(folder)/\(file)"), encoding: .utf8)
                    return sections(of: text).map { (name: "\(folder)/\(file) \($0.heading)", text: $0.text) }
                }
        }
    }

    static func sections(of text: String) -> [(heading: String, text: String)] {
        guard text.hasPrefix("#### ") else { return [("", text)] }
        return text.components(separatedBy: "\n#### ").map { section in
            let (heading, body) = (section.prefix { $0 != "\n" }, section.drop { $0 != "\n" }.dropFirst())
            return (heading.hasPrefix("#### ") ? String(heading.dropFirst(5)) : String(heading), String(body))
        }
    }

    /// What the scripts travel in, around a script of the goldens.
    static func framing() throws -> [(name: String, text: String)] {
        let shell = POSIXShell()
        let script = shell.stopAndDisable("apache2")
        let probe = shell.probeScript([.file(path: "/etc/passwd"), .processes(name: "kworkerds", executable: nil, commandLine: nil, maxMatches: 10)], nonce: "GoldenNonce0123456789abc")
        let plain = try shell.elevation(Become(enabled: true, user: "o'neil"))
        let password = try shell.elevation(Become(enabled: true, password: Secret("hunter2")))
        return [
            ("the script command", shell.scriptCommand),
            ("a request to the kept shell", try #require(shell.request(script, marker: "scour-end-0123456789abcdef"))),
            ("a script then a probe", try #require(shell.script(script, thenProbe: probe))),
            ("become without a password", plain.command),
            ("become with a password", password.command),
            ("stopping a sudo that asks again", try #require(password.stop).command),
        ].map { (name: $0.0, text: $0.1 + "\n") }
    }

    /// `name`'s path on PATH, or nil.
    static func executable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
