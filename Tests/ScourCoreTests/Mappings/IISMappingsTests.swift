import Testing
@testable import ScourCore

@Suite struct IISMappingsTests {
    /// An applicationHost.config with two sites, the worm's virtual directories on the default
    /// site, script maps globally, and a second site that removes one of them for itself.
    static let config = """
        <?xml version="1.0" encoding="UTF-8"?>
        <configuration>
            <system.applicationHost>
                <sites>
                    <site name="Default Web Site" id="1">
                        <application path="/" applicationPool="DefaultAppPool">
                            <virtualDirectory path="/" physicalPath="%SystemDrive%\\inetpub\\wwwroot" />
                            <virtualDirectory path="/C" physicalPath="c:\\" />
                            <virtualDirectory path="/d" physicalPath="d:\\" />
                            <!-- <virtualDirectory path="/c" physicalPath="c:\\" /> -->
                        </application>
                        <bindings>
                            <binding protocol="http" bindingInformation="*:80:" />
                        </bindings>
                    </site>
                    <site name="Intranet" id="2">
                        <application path="/">
                            <virtualDirectory path="/" physicalPath="e:\\intranet" />
                            <virtualDirectory path="/c" physicalPath="e:\\c-docs" />
                        </application>
                    </site>
                </sites>
            </system.applicationHost>
            <system.webServer>
                <handlers accessPolicy="Read, Script">
                    <add name="ISAPI-ida" path="*.ida" verb="GET,HEAD,POST" modules="IsapiModule"
                         scriptProcessor="%windir%\\system32\\inetsrv\\idq.dll" resourceType="File" />
                    <add name="ISAPI-idq" path="*.IDQ" verb="GET,HEAD,POST" modules="IsapiModule" scriptProcessor="%windir%\\system32\\inetsrv\\idq.dll" />
                    <add name="StaticFile" path="*" verb="*" modules="StaticFileModule" />
                </handlers>
            </system.webServer>
            <location path="Intranet">
                <system.webServer>
                    <handlers>
                        <remove name="ISAPI-ida" />
                    </handlers>
                </system.webServer>
            </location>
        </configuration>

        """

    @Test func the_named_sites_vroots_and_the_script_maps_go() {
        let edit = IISMappings.strip(Self.config, site: "Default Web Site", aliases: ["/c", "/d"], handlers: [".ida", ".idq"])
        let lines = Self.config.split(separator: "\n", omittingEmptySubsequences: false)
        let removed: Set<Int> = [7, 8, 25, 26, 27]  // 0-based: /C, /d, the two lines of *.ida, *.IDQ
        let expected = lines.enumerated().filter { !removed.contains($0.offset) }.map(\.element).joined(separator: "\n")
        #expect(edit.newText == expected)
        #expect(edit.removals.map(\.line) == [8, 9, 26, 28])
        #expect(edit.newText.contains("e:\\c-docs"), "the other site's /c stays")
        #expect(edit.newText.contains("<!-- <virtualDirectory path=\"/c\""), "comments stay")
    }

    @Test func a_global_script_map_the_site_removes_is_not_in_effect_there() {
        #expect(IISMappings.strip(Self.config, site: "Intranet", aliases: [], handlers: [".ida"]).maps == .false)
        #expect(IISMappings.strip(Self.config, site: "Intranet", aliases: [], handlers: [".idq"]).maps == .true)
        #expect(IISMappings.strip(Self.config, site: "intranet", aliases: ["/C"], handlers: []).maps == .true)
        let edit = IISMappings.strip(Self.config, site: "Intranet", aliases: [], handlers: [".ida"])
        #expect(!edit.changesSomething, "other sites may rely on the global entry")
    }

    @Test func clear_in_the_sites_section_hides_every_global_entry() {
        let cleared = Self.config.replacingOccurrences(of: "<remove name=\"ISAPI-ida\" />", with: "<clear />")
        #expect(IISMappings.strip(cleared, site: "Intranet", aliases: [], handlers: [".idq"]).maps == .false)
    }
}
