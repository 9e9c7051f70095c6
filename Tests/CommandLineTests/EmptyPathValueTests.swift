import Foundation
import Testing
import TestSupport

/// A host variable that is empty where a path interpolates it: `plan` and `apply` refuse the
/// run before contacting any host, naming the host and the variable, never acting on the path
/// left without it (`"${host.web_root}/admin.dll"` is not `/admin.dll`).
@Suite struct EmptyPathValueTests {
    @Test func an_empty_web_root_is_refused_naming_host_and_variable() async throws {
        let folder = FileManager.default.temporaryDirectory.appending(path: "scour-empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try """
            playbook "p" {
              platform = linux
              remove_files "nimda" {
                paths = ["${host.web_root}/admin.dll"]
              }
            }

            """.write(toFile: folder + "/p.scour", atomically: true, encoding: .utf8)
        // Addresses nobody answers on: nothing may be contacted.
        try "web1 ansible_host=192.0.2.1 web_root=/srv/www\nweb2 ansible_host=192.0.2.2 web_root=\"\"\n"
            .write(toFile: folder + "/hosts.ini", atomically: true, encoding: .utf8)
        for command in ["plan", "apply"] {
            let result = try await ScourCLI.run([command, folder + "/p.scour", "-i", folder + "/hosts.ini", "--runs-dir", folder + "/runs"]
                .filter { command == "apply" || !$0.hasPrefix("--runs-dir") && !$0.hasSuffix("/runs") })
            #expect(result.status == 65, "\(command): \(result.stderr)")
            #expect(result.stderr.contains(
                "web2: an item of 'paths' \"${host.web_root}/admin.dll\" is '/admin.dll': host variable web_root is empty: a path is never made without it"),
                "\(command): \(result.stderr)")
            #expect(!result.stderr.contains("web1:"), "\(command): \(result.stderr)")
        }
    }
}
