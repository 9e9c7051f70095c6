import Testing
@testable import ScourCore

@Suite struct ApacheMappingsTests {
    /// Debian 12's /etc/apache2/sites-available/000-default.conf, as the worm left it.
    static let infectedSite = """
        <VirtualHost *:80>
        \t# The ServerName directive sets the request scheme, hostname and port that
        \t# the server uses to identify itself. Old worms added Alias /c here.
        \t#ServerName www.example.com

        \tServerAdmin webmaster@localhost
        \tDocumentRoot /var/www/html
        \tAlias /c "/"
        \tAlias /d "/var"
        \tAddHandler cgi-script .ida .idq

        \tErrorLog ${APACHE_LOG_DIR}/error.log
        \tCustomLog ${APACHE_LOG_DIR}/access.log combined
        </VirtualHost>

        """

    static let target = MappingTarget(server: .apache, config: "/etc/apache2/sites-enabled/000-default.conf", site: nil)

    @Test func the_worms_lines_go_and_nothing_else_changes() {
        let edit = MappingEditor.strip(Self.infectedSite, target: Self.target, aliases: ["/c", "/d"], handlers: [".ida", ".idq"])
        let expected = Self.infectedSite.replacingOccurrences(of: "\tAlias /c \"/\"\n\tAlias /d \"/var\"\n\tAddHandler cgi-script .ida .idq\n", with: "")
        #expect(edit.newText == expected)
        #expect(edit.removals.map(\.line) == [8, 9, 10])
        #expect(edit.removals[0].what == "Alias /c \"/\"")
    }

    @Test func a_clean_site_is_left_byte_for_byte() {
        let clean = Self.infectedSite.replacingOccurrences(of: "\tAlias /c \"/\"\n\tAlias /d \"/var\"\n\tAddHandler cgi-script .ida .idq\n", with: "")
        let edit = MappingEditor.strip(clean, target: Self.target, aliases: ["/c", "/d"], handlers: [".ida", ".idq"])
        #expect(!edit.changesSomething && edit.newText == clean)
        #expect(ApacheMappings.strip(clean, aliases: ["/c"], handlers: []).maps == .false)
        #expect(ApacheMappings.strip(Self.infectedSite, aliases: ["/d"], handlers: []).maps == .true)
        #expect(ApacheMappings.strip(Self.infectedSite, aliases: [], handlers: [".IDQ"]).maps == .true)
    }

    @Test func other_extensions_of_a_directive_are_kept() {
        let text = "  AddHandler cgi-script .cgi .ida .pl\r\nAddType application/x-httpd-php .php .IDQ\r\n"
        let edit = ApacheMappings.strip(text, aliases: [], handlers: [".ida", ".idq"])
        #expect(edit.newText == "  AddHandler cgi-script .cgi .pl\r\nAddType application/x-httpd-php .php\r\n")
        #expect(edit.removals.count == 2)
    }

    @Test func continuation_lines_quotes_case_and_match_variants() {
        let text = """
            ScriptAlias "/c/" \\
                "/bin/"
            alias /D /var
            AliasMatch ^/c(/.*)?$ /$1
            Alias /cgi-bin /usr/lib/cgi-bin
            Alias /cdrom /media/cdrom
            # Alias /c "/"
            Redirect /c http://example.com/

            """
        let edit = ApacheMappings.strip(text, aliases: ["/c", "/d"], handlers: [])
        #expect(edit.newText == "alias /D /var\nAlias /cgi-bin /usr/lib/cgi-bin\nAlias /cdrom /media/cdrom\n# Alias /c \"/\"\nRedirect /c http://example.com/\n")
        #expect(edit.removals.map(\.line) == [1, 4])
    }
}
