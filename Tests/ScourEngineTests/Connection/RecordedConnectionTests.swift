import Foundation
import ScourEngine
import Testing

/// What a run records of how it reached hosts, so `resume` and `restore` reach them the same way.
@Suite struct RecordedConnectionTests {
    @Test func bastions_and_the_ssh_config_are_recorded_and_read_back() throws {
        var connection = RunRecord.Connection(knownHostsFile: "/home/ops/.ssh/known_hosts", acceptNewHostKeys: false,
                                              identityFile: nil, user: nil, connectTimeout: .seconds(10))
        connection.knownHostsGiven = false
        connection.connectTimeoutGiven = false
        connection.jumps = "ops@bastion:2222,inner"
        connection.sshConfig = "/home/ops/.ssh/config"
        let json = String(decoding: try JSONEncoder().encode(connection), as: UTF8.self)
        #expect(json.contains("\"jump\":\"ops@bastion:2222,inner\""))
        #expect(json.contains("\"ssh_config\":\"\\/home\\/ops\\/.ssh\\/config\""))
        #expect(json.contains("\"known_hosts_given\":false"))
        #expect(try JSONDecoder().decode(RunRecord.Connection.self, from: Data(json.utf8)) == connection)
    }

    @Test func a_record_written_before_bastions_reads_as_flags_given_and_no_bastion() throws {
        let old = #"{"known_hosts":"/k","accept_new_host_keys":false,"connect_timeout":"10s"}"#
        let connection = try JSONDecoder().decode(RunRecord.Connection.self, from: Data(old.utf8))
        #expect(connection.jumps == nil)
        #expect(connection.sshConfig == nil)
        #expect(connection.knownHostsGiven == nil, "nil: the file was given, as every run before recorded it")
    }
}
