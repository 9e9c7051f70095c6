import Foundation
import Testing

/// What a test needs that a contributor's machine may lack. Such a test carries
/// `.needs(requirement)`, and nothing else decides where it runs:
/// - where the requirement is met, the test runs;
/// - where it is not (a laptop without root), the test is skipped, saying why;
/// - in CI (`CI=true`) it always runs, so a missing requirement fails it instead of hiding it;
/// - under `make quick` (`SCOUR_QUICK=1`) it never runs, root or not: quick runs exactly the
///   tests that need nothing, so the set is the same on every machine.
///
/// The fixtures hold tests to it: `LoopbackSSHServer` and `LabFixture` start only in a test that
/// carries a `.needs` trait (whose scope stops them after the test, `FixtureTeardown`), so a test
/// using them cannot slip into quick.
public enum TestRequirement: Sendable, Equatable {
    /// Root: files given to another user, a mount.
    case root
    /// A loopback OpenSSH server (`LoopbackSSHServer`): root and /usr/sbin/sshd.
    case sshd
    /// Labs (`LabFixture`): root (namespaces, bridges, mounts).
    case lab
    /// A private PostgreSQL cluster (`PostgresFixture`): root (the server runs as the
    /// `postgres` account) and Debian's postgresql programs.
    case postgres

    /// What is needed, in words.
    public var name: String {
        switch self {
        case .root: "root"
        case .sshd: "sshd"
        case .lab: "a lab"
        case .postgres: "PostgreSQL"
        }
    }

    /// Why the requirement is not met on this machine, or nil.
    public var unavailableReason: String? {
        if geteuid() != 0 { return "needs root" }
        if self == .sshd && !FileManager.default.isExecutableFile(atPath: "/usr/sbin/sshd") {
            return "needs /usr/sbin/sshd (apt-get install openssh-server)"
        }
        if self == .postgres && (try? PostgresFixture.Cluster.binaries()) == nil {
            return "needs PostgreSQL's programs in /usr/lib/postgresql/*/bin (apt-get install postgresql)"
        }
        return nil
    }

    /// True under `make quick`.
    public static var isQuickRun: Bool { ProcessInfo.processInfo.environment["SCOUR_QUICK"] == "1" }
    /// True in CI, where every test must run.
    public static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }
}

/// The trait behind `.needs(_:)`: a condition (see `TestRequirement`) and a scope that stops the
/// fixtures the test started.
public struct RequirementTrait: SuiteTrait, TestTrait, TestScoping {
    public let requirement: TestRequirement
    private let condition: ConditionTrait

    fileprivate init(_ requirement: TestRequirement, _ why: String?) {
        self.requirement = requirement
        let what = why.map { "\($0): " } ?? ""
        if TestRequirement.isQuickRun {
            condition = .enabled(if: false, Comment(rawValue: "\(what)needs \(requirement.name), left to make test"))
        } else if let reason = requirement.unavailableReason {
            condition = .enabled(if: TestRequirement.isCI, Comment(rawValue: "\(what)\(reason) (runs in CI)"))
        } else {
            condition = .enabled(if: true)
        }
    }

    public var isRecursive: Bool { true }

    /// Skips the test, or not, as `TestRequirement` says.
    public func prepare(for test: Test) async throws {
        try await condition.prepare(for: test)
    }

    public func scopeProvider(for test: Test, testCase: Test.Case?) -> Self? {
        testCase == nil ? nil : self
    }

    public func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        try await FixtureTeardown.around(function)
    }
}

extension Trait where Self == RequirementTrait {
    /// The test (or every test of the suite) needs `requirement`; `why` says what for.
    public static func needs(_ requirement: TestRequirement, _ why: String? = nil) -> Self {
        RequirementTrait(requirement, why)
    }
}
