import Foundation
import Testing
import TestSupport

@testable import ScourSyntax

/// Parsing must scale linearly. In release (`swift test -c release --filter ParserPerformance`)
/// a 5 MB playbook must parse in well under a second; debug builds get a looser bound. The bounds
/// are on the parsing thread's CPU time: its wall time grows with whatever else the machine runs.
@Suite struct ParserPerformanceTests {
    /// A playbook of about `bytes` bytes, made of realistic steps.
    static func generatedPlaybook(bytes: Int) -> String {
        var text = "playbook \"big\" {\n  platform = linux\n\n"
        var index = 0
        while text.utf8.count < bytes {
            text += """
                  remove_files "backdoor_\(index)" {
                    when  = detected.codered_ii && (param.force || host.name != "web-\(index)") # why
                    paths = ['/var/www/scripts/root\(index).exe', "/opt/${host.name}/x.exe", '/opt/explorer.exe']
                    mode  = quarantine
                  }
                  detect "d\(index)" {
                    file    { path = '/opt/explorer.exe'  sha256 = "e3b0c44298fc1c149afbf4c8996fb924" }
                    mapping { server = apache  config = '/etc/apache2/sites-enabled/000-default.conf'  alias = "/c" }
                  }
                  rollout { waves = [1, 10%, 100%]  pause = 30s  max = 10MiB }

                """
            index += 1
        }
        return text + "}\n"
    }

    @Test func fiveMegabytesParseQuickly() {
        let text = Self.generatedPlaybook(bytes: 5_000_000)
        var diagnostics: [Diagnostic] = []
        var blocks = 0
        let elapsed = threadCPUTime {
            let (syntax, found) = parse(SourceFile(path: "big.scour", text: text))
            diagnostics = found
            blocks = syntax.body.blocks.first?.body.blocks.count ?? 0
        }
        #expect(diagnostics.isEmpty)
        #expect(blocks > 10_000)
        #if DEBUG
            let limit = Duration.seconds(30)
        #else
            let limit = Duration.milliseconds(800)
        #endif
        print("parsed \(text.utf8.count) bytes in \(elapsed) of CPU time")
        #expect(elapsed < limit)
    }
}

extension ParserPerformanceTests {
    /// Locations on a long line must not rescan the line for every token.
    @Test func longSingleLineStaysLinear() {
        let text = "a = [" + String(repeating: "1, ", count: 200_000) + "]"
        let elapsed = threadCPUTime {
            #expect(parse(SourceFile(path: "long.scour", text: text)).1.isEmpty)
        }
        #expect(elapsed < .seconds(10))
    }
}
