import Foundation
import Testing
import TestSupport

/// `scour exec --format json`, decoded for assertions (the documented field names of docs/cli.md).
struct ExecReportJSON: Decodable {
    struct Host: Decodable {
        var name: String
        var status: String
        var exit_code: Int32?
        var stdout: String?
        var stderr: String?
        var error: String?
        var error_kind: String?
        var transient: Bool?
        var connect_attempts: Int?
        var elapsed_ms: Int64
    }
    struct Summary: Decodable {
        var hosts: Int
        var ok: Int
        var nonzero: Int
        var unreachable: Int
    }
    var format_version: Int
    var hosts: [Host]
    var summary: Summary

    init(_ result: ScourCLI.Result) throws {
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(result.stdout.utf8))
        } catch {
            Issue.record("not an exec report (exit \(result.status)): \(result.stdout)\n\(result.stderr)")
            throw error
        }
    }

    func host(_ name: String) throws -> Host {
        try #require(hosts.first { $0.name == name }, "no \(name) in the report")
    }
}
