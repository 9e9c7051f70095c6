import Foundation
import ScourCore
@testable import ScourEngine
import ScourHost
import TestSupport
import Testing

/// The exact probe scripts the reference playbooks send. This machine cannot run PowerShell, so
/// the Windows rendering is pinned here byte for byte and reviewed as text; the POSIX one also
/// runs for real in the lab tests. `SCOUR_UPDATE_GOLDENS=1` rewrites the files.
@Suite struct ProbeGoldenTests {
    static let directory = ScourCLI.packageRoot.appending(path: "Tests/Golden/Probes")
    static let nonce = "GoldenNonce0123456789abc"

    @Test(arguments: [("codered-ii-windows", "ps1"), ("codered-ii-linux", "sh"), ("php-webshell-nginx", "sh"), ("cryptominer-persistence", "sh")])
    func probe_script_matches_golden(name: String, ext: String) throws {
        let loaded = try LoadedPlaybook.load(path: ScourCLI.packageRoot.appending(path: "Playbooks/\(name).scour").path, purpose: .check)
        let playbook = try #require(loaded.playbook)
        let params = try ParamValues.resolve(playbook, overrides: [])
        let context = EvaluationContext(detected: [], params: params, host: ["name": "web01", "address": "192.0.2.10", "role": "it's \"web\""], changed: false)
        let items = PlanProbes(playbook: playbook, context: context).items
        let invocation = ProbeScript.render(items, platform: playbook.platform, nonce: Self.nonce)
        let rendered = "# command: \(invocation.command)\n" + String(decoding: invocation.stdin ?? [], as: UTF8.self)
        let file = Self.directory.appending(path: "\(name).\(ext)")
        if ProcessInfo.processInfo.environment["SCOUR_UPDATE_GOLDENS"] == "1" {
            try Data(rendered.utf8).write(to: file)
        }
        #expect(rendered == (try String(contentsOf: file, encoding: .utf8)), "\(name): run with SCOUR_UPDATE_GOLDENS=1 and review the diff")
    }

    @Test func the_powershell_command_line_is_constant_and_encoded() {
        #expect(ProbeScript.powerShellCommand.hasPrefix("powershell -NoProfile -NonInteractive -EncodedCommand "))
        let encoded = String(ProbeScript.powerShellCommand.split(separator: " ").last!)
        let bytes = [UInt8](Data(base64Encoded: encoded)!)
        let decoded = String(decoding: stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }, as: UTF16.self)
        #expect(decoded == ProbeScript.powerShellBootstrap)
    }
}
