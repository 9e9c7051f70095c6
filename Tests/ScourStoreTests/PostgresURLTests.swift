import ScourEngine
@testable import ScourStore
import Testing

/// `--store` URLs as libpq writes them; the password never shows.
@Suite struct PostgresURLTests {
    @Test func a_tcp_url_names_host_port_user_and_database_and_hides_the_password() throws {
        let url = try PostgresURL(parsing: "postgresql://ops:s3cret@db.example:6543/incidents?sslmode=require")
        #expect(url.endpoint == .tcp(host: "db.example", port: 6543))
        #expect(url.user == "ops" && url.database == "incidents" && url.tls == .require)
        #expect(url.password == "s3cret")
        #expect(url.description == "postgresql://ops@db.example:6543/incidents")
        #expect(!url.description.contains("s3cret"))
    }

    @Test func a_socket_folder_in_the_host_parameter_or_no_host_at_all_means_a_unix_socket() throws {
        #expect(try PostgresURL(parsing: "postgresql://postgres@/runs?host=/tmp/pg").endpoint == .unixSocket(path: "/tmp/pg/.s.PGSQL.5432"))
        #expect(try PostgresURL(parsing: "postgres:///runs?port=5433").endpoint == .unixSocket(path: "/var/run/postgresql/.s.PGSQL.5433"))
        #expect(try PostgresURL(parsing: "postgresql://u@%2Ftmp%2Fpg/runs").endpoint == .unixSocket(path: "/tmp/pg/.s.PGSQL.5432"))
        #expect(try PostgresURL(parsing: "postgresql://u@[::1]/runs").endpoint == .tcp(host: "::1", port: 5432))
    }

    @Test func the_database_defaults_to_the_user_as_libpq_does() throws {
        #expect(try PostgresURL(parsing: "postgresql://ops@localhost").database == "ops")
    }

    @Test(arguments: ["mysql://u@h/db", "postgresql://u@h/db?sslmode=sometimes", "postgresql://u@h/db?colour=red", "postgresql://u@h/db?port=0", "runs"])
    func what_is_not_a_postgresql_url_is_refused_saying_how_one_reads(_ text: String) {
        #expect {
            try PostgresURL(parsing: text)
        } throws: { error in
            "\(error)".contains("not a PostgreSQL URL") && "\(error)".contains("postgresql://USER@HOST:PORT/DATABASE")
        }
    }

    @Test func a_hint_gives_the_url_as_written_less_its_password() {
        #expect(PostgresURL.withoutPassword("postgresql://ops:s3cret@db.example:6543/incidents?sslmode=verify-full")
                == "postgresql://ops@db.example:6543/incidents?sslmode=verify-full")
        #expect(PostgresURL.withoutPassword("postgresql://u@/runs?host=/tmp/pg&password=s3cret&port=5433")
                == "postgresql://u@/runs?host=/tmp/pg&port=5433")
        #expect(PostgresURL.withoutPassword("postgresql://u@/runs?password=s3cret") == "postgresql://u@/runs")
    }
}
