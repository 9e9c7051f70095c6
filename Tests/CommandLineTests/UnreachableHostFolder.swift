import Foundation

/// A fresh folder with a one-step playbook (`p.scour`, no retries) and an inventory
/// (`hosts.ini`) whose one host, web1, is 127.0.0.1 port 1, where nothing listens: a command
/// that contacts it finds it unreachable at once. `hostVariables` go on web1's line.
func unreachableHostFolder(_ name: String, hostVariables: String = "") throws -> String {
    let folder = FileManager.default.temporaryDirectory.appending(path: "scour-\(name)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try """
        playbook "p" {
          platform = linux
          rollout {
            retries = 0
          }
          run "one" {
            command = "true"
          }
        }

        """.write(toFile: folder + "/p.scour", atomically: true, encoding: .utf8)
    try "web1 ansible_host=127.0.0.1 ansible_port=1 \(hostVariables)\n".write(toFile: folder + "/hosts.ini", atomically: true, encoding: .utf8)
    return folder
}
