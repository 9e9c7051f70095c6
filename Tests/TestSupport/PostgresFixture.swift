import Foundation
import ScourLab

/// A private PostgreSQL cluster for the test process, for the tests of the PostgreSQL run store:
/// `initdb` into a folder of its own, the server listening on no TCP address, only on a unix
/// socket in that folder; started by the first test that asks, stopped when the process exits
/// (a cluster a crashed test process left is stopped by the next one). Each test gets a database
/// of its own. Run as root, the server runs as the `postgres` account, as initdb requires.
/// Tests that use it carry `.needs(.postgres)` (make quick leaves them out; CI fails them when
/// PostgreSQL cannot run): `make test` installs Debian's `postgresql`.
public enum PostgresFixture {
    /// A new, empty database; its URL is what `--store` takes.
    public static func database() throws -> String {
        _ = try FixtureTeardown.ofTheRunningTest(starting: "PostgreSQL")
        let cluster = try cluster.get()
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try cluster.run("createdb", ["-h", cluster.folder, "-U", "postgres", name])
        return cluster.url(database: name)
    }

    /// A URL of the cluster for a database that does not exist, or a socket that does not.
    public static func url(database: String) throws -> String { try cluster.get().url(database: database) }

    private static let cluster = Result { try Cluster.start() }

    struct Cluster: Sendable {
        let folder: String
        let binaries: String

        func url(database: String) -> String { "postgresql://postgres@/\(database)?host=\(folder)" }

        static let prefix = FileManager.default.temporaryDirectory.path + "/scour-postgres-"

        /// The newest PostgreSQL's programs.
        static func binaries() throws -> String {
            let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
            guard let version = versions.compactMap(Int.init).max() else {
                throw FixtureError("PostgreSQL is not installed (/usr/lib/postgresql/*/bin): `make test` installs Debian's postgresql")
            }
            return "/usr/lib/postgresql/\(version)/bin"
        }

        static func start() throws -> Cluster {
            let binaries = try binaries()
            stopLeftovers(binaries: binaries)
            let cluster = Cluster(folder: prefix + String(getpid()), binaries: binaries)
            try? FileManager.default.removeItem(atPath: cluster.folder)
            try FileManager.default.createDirectory(atPath: cluster.folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            if geteuid() == 0, chown(cluster.folder, postgresAccount.uid, postgresAccount.gid) != 0 {
                throw FixtureError("cannot give \(cluster.folder) to the postgres account: \(String(cString: strerror(errno)))")
            }
            try cluster.run("initdb", ["-D", cluster.folder + "/data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"])
            // No TCP listener; the socket in the cluster's folder; fsync off: a cluster for tests.
            try cluster.run("pg_ctl", ["start", "-w", "-D", cluster.folder + "/data", "-l", cluster.folder + "/log",
                                       "-o", "-c listen_addresses= -c unix_socket_directories=\(cluster.folder) -c fsync=off"])
            atexit { PostgresFixture.stopAtExit() }
            return cluster
        }

        /// Runs one of PostgreSQL's programs to its end, as `postgres` when root: spawned as
        /// `DaemonProcess` is (the server `pg_ctl` starts would inherit `Process`'s pipes and
        /// hang it), its output in a file of the cluster's folder.
        func run(_ program: String, _ arguments: [String]) throws {
            let output = folder + "/" + program + ".out"
            let command = geteuid() == 0 ? ("/usr/sbin/runuser", ["-u", "postgres", "--", binaries + "/" + program] + arguments)
                                         : (binaries + "/" + program, arguments)
            let process = try DaemonProcess.spawn(command.0, command.1, logFile: output)
            var status: Int32 = 0
            while waitpid(process.pid, &status, 0) < 0, errno == EINTR {}
            guard status == 0 else {
                throw FixtureError("\(program) failed (wait status \(status)): \((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")")
            }
        }

        func stop() {
            _ = try? run("pg_ctl", ["stop", "-m", "immediate", "-D", folder + "/data"])
            try? FileManager.default.removeItem(atPath: folder)
        }

        /// Clusters of test processes that are gone.
        private static func stopLeftovers(binaries: String) {
            let base = (prefix as NSString).deletingLastPathComponent
            let name = (prefix as NSString).lastPathComponent
            for entry in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where entry.hasPrefix(name) {
                guard let pid = Int32(entry.dropFirst(name.count)), kill(pid, 0) != 0, errno == ESRCH else { continue }
                Cluster(folder: base + "/" + entry, binaries: binaries).stop()
            }
        }
    }

    private static func stopAtExit() {
        if case .success(let cluster) = cluster { cluster.stop() }
    }
}

/// The account Debian's postgresql package makes, which runs the server when the tests are root.
private var postgresAccount: (uid: uid_t, gid: gid_t) {
    guard let entry = getpwnam("postgres") else { return (0, 0) }
    return (entry.pointee.pw_uid, entry.pointee.pw_gid)
}
