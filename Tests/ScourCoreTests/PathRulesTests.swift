import Testing
@testable import ScourCore

@Suite struct PathRulesTests {
    @Test(arguments: ["/var/www/scripts/root.exe", "/opt/explorer.exe", "/explorer.exe", "/var/www/html/uploads/*.php", "/etc/cron.d/kworker"])
    func linux_files_that_may_be_removed(path: String) {
        #expect(PathRules.removalProblem(path, platform: .linux) == nil)
    }

    @Test(arguments: ["/", "//", "/etc", "/usr", "/var/", "/tmp", "/home/../etc/shadow", "/opt/./x", "relative/file", "/*", "/*/bin",
                      "C:\\explorer.exe", "/var/www/"])
    func linux_paths_refused(path: String) {
        #expect(PathRules.removalProblem(path, platform: .linux) != nil)
    }

    @Test(arguments: ["C:\\explorer.exe", "D:\\inetpub\\scripts\\root.exe", "c:/inetpub/scripts/root.exe", "\\\\fs01\\share\\drop.exe",
                      "C:\\Program Files\\Common Files\\System\\MSADC\\root.exe"])
    func windows_files_that_may_be_removed(path: String) {
        #expect(PathRules.removalProblem(path, platform: .windows) == nil)
    }

    @Test(arguments: ["C:\\", "C:\\Windows", "c:\\WINDOWS", "C:\\Program Files (x86)", "C:\\Users\\", "C:\\inetpub\\..\\Windows\\x",
                      "/opt/x", "explorer.exe", "C:explorer.exe", "\\\\fs01\\share"])
    func windows_paths_refused(path: String) {
        #expect(PathRules.removalProblem(path, platform: .windows) != nil)
    }
}
