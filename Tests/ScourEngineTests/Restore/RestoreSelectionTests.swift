import Testing
@testable import ScourEngine

/// Which paths `scour restore RUN [PATH...]` takes, and which named paths take nothing.
@Suite struct RestoreSelectionTests {
    @Test func selection_takes_paths_and_folders_not_prefixes() {
        #expect(RestoreSelection(paths: []).selects("/var/www/scripts/root.exe"))
        #expect(RestoreSelection(paths: ["/var/www/scripts/root.exe"]).selects("/var/www/scripts/root.exe"))
        #expect(RestoreSelection(paths: ["/var/www"]).selects("/var/www/scripts/root.exe"))
        #expect(RestoreSelection(paths: ["/var/www/"]).selects("/var/www/scripts/root.exe"))
        #expect(!RestoreSelection(paths: ["/var/ww"]).selects("/var/www/scripts/root.exe"))
        #expect(!RestoreSelection(paths: ["/opt"]).selects("/var/www/scripts/root.exe"))
        #expect(!RestoreSelection(paths: ["/var/www/scripts/root.exe/"]).selects("/var/www/scripts/root.exe"))
    }

    @Test func a_named_path_that_takes_nothing_is_reported_and_no_path_never_is() {
        let restorable = ["/var/www/scripts/root.exe", "/opt/explorer.exe", "/etc/apache2/sites-enabled/000-default.conf"]
        #expect(RestoreSelection(paths: []).unmatched(in: restorable).isEmpty)
        #expect(RestoreSelection(paths: []).unmatched(in: []).isEmpty, "restoring everything of a clean run is no mistake")
        #expect(RestoreSelection(paths: ["/etc/apache2", "/opt/explorer.exe"]).unmatched(in: restorable).isEmpty)
        #expect(RestoreSelection(paths: ["/opt/explorer.ex", "/var/www", "/etc/apache"]).unmatched(in: restorable) == ["/opt/explorer.ex", "/etc/apache"])
        #expect(RestoreSelection(paths: ["/opt/explorer.exe"]).unmatched(in: []) == ["/opt/explorer.exe"])
    }
}
