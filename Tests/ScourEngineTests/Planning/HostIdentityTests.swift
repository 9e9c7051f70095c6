import ScourCore
import ScourSyntax
import Testing
@testable import ScourEngine

/// A saved plan records who looked at each host; applying it as anyone else is refused, naming
/// the host and both identities.
@Suite struct HostIdentityTests {
    private let settings = ConnectionSettings(knownHostsFile: "/k", homeDirectory: "/nonexistent")

    private func host(_ name: String, user: String? = "alice", become: Bool? = nil, becomeUser: String = "root") -> InventoryHost {
        InventoryHost(name: name, address: "192.0.2.1", user: user, become: Become(enabled: become, user: becomeUser))
    }

    private func plan(_ identities: [String: HostIdentity]?) throws -> PlanDocument {
        let text = "playbook \"p\" {\n  platform = linux\n  run \"one\" { command = \"true\" }\n}\n"
        let playbook = try #require(LoadedPlaybook.analyze(SourceFile(path: "/p.scour", text: text), purpose: .execute).playbook)
        var document = PlanDocument(
            playbook: playbook, playbookSource: .init(path: "/p", sha256: ""), inventory: .init(path: "/i", sha256: ""),
            limit: nil, params: [:], rollout: Rollout(), hosts: [], identities: identities, scourVersion: "0")
        document.waves = [["web1", "web2"]]
        return document
    }

    @Test func identities_come_from_the_login_and_the_resolved_become() {
        let identities = settings.identities(of: [
            host("web1"), host("web2", become: true), host("web3", become: true, becomeUser: "ops"),
            BecomeRequest(become: true).applied(to: host("web4")),
        ])
        #expect(identities["web1"] == HostIdentity(login: "alice", become: nil))
        #expect(identities["web2"] == HostIdentity(login: "alice", become: "root"))
        #expect(identities["web3"]?.description == "alice with become to ops")
        #expect(identities["web4"]?.description == "alice with become to root", "--become fills in where the inventory is silent")
        var withUser = settings
        withUser.user = "bob"
        #expect(withUser.identities(of: [host("web1")])["web1"]?.login == "bob", "--user wins over ansible_user")
    }

    @Test func the_same_identity_is_accepted_and_another_is_refused_naming_each_host() throws {
        let planned = ["web1": HostIdentity(login: "alice", become: nil), "web2": HostIdentity(login: "alice", become: "root")]
        #expect(try plan(planned).identityRefusal(planned) == nil)

        let refusal = try #require(try plan(planned).identityRefusal([
            "web1": HostIdentity(login: "alice", become: "root"), "web2": HostIdentity(login: "alice", become: "root"),
        ]))
        #expect(refusal.contains("web1: planned as alice without become, applying as alice with become to root"), "\(refusal)")
        #expect(!refusal.contains("web2"), "\(refusal)")
        #expect(refusal.contains("plan again"))

        let other = try #require(try plan(planned).identityRefusal([
            "web1": HostIdentity(login: "bob", become: nil), "web2": HostIdentity(login: "alice", become: "ops"),
        ]))
        #expect(other.contains("web1: planned as alice without become, applying as bob without become"), "\(other)")
        #expect(other.contains("web2: planned as alice with become to root, applying as alice with become to ops"), "\(other)")
    }

    @Test func a_plan_that_does_not_record_who_looked_is_refused() throws {
        #expect(try plan(nil).identityRefusal(["web1": HostIdentity(login: "alice", become: nil)])?.contains("plan again") == true)
    }

    @Test func identities_travel_in_the_plan_json() throws {
        let document = try plan(["web1": HostIdentity(login: "alice", become: nil), "web2": HostIdentity(login: "alice", become: "root")])
        let text = String(decoding: try document.encoded(), as: UTF8.self)
        #expect(text.contains(#""web1" : {"#) && text.contains(#""login" : "alice""#) && text.contains(#""become" : "root""#))
        #expect(try PlanDocument.decode(document.encoded()).identities == document.identities)
    }
}
