import Testing
@testable import ScourCore

@Suite struct DebianVersionTests {
    @Test(arguments: [
        ("2.4.62-1~deb12u1", "2.4.62", 1), ("2.4.62~rc1", "2.4.62", -1), ("1:1.0", "2.0", 1), ("2.4.57-2", "2.4.62", -1),
        ("1.0a", "1.0", 1), ("1.0", "1.0-0", 0), ("10.0", "9.9", 1), ("1.0~~", "1.0~", -1), ("7.4p1", "7.4", 1),
    ])
    func compares_as_dpkg(a: String, b: String, order: Int) {
        #expect(DebianVersion.compare(a, b) == order)
        #expect(DebianVersion.compare(b, a) == -order)
    }

    @Test func constraints() {
        #expect(DebianVersion.satisfies("2.4.62-1", ">= 2.4.62"))
        #expect(!DebianVersion.satisfies("2.4.61", ">= 2.4.62"))
        #expect(DebianVersion.satisfies("2.4.61", "<< 2.4.62"))
        #expect(!DebianVersion.satisfies("2.4.62", ">> 2.4.62"))
        #expect(DebianVersion.satisfies("2.4.62", "= 2.4.62"))
    }
}
