import Foundation

/// Code Red II as the reference Linux playbook (`Playbooks/codered-ii-linux.scour`) looks for
/// it; uninfected, the `clean` scenario's Apache site.
enum CodeRedIIScenario {
    static func files(infected: Bool) -> [String: LabFile] {
        var files = [
            "var/www/html/index.html": LabFile("<html><body><h1>It works!</h1></body></html>\n"),
            "etc/apache2/sites-enabled/000-default.conf": LabFile(site(infected: infected)),
        ]
        guard infected else { return files }
        files["var/www/scripts/root.exe"] = LabFile(backdoor)
        files["var/www/msadc/root.exe"] = LabFile(backdoor)
        files["opt/explorer.exe"] = LabFile(trojan)
        return files
    }

    /// Debian's default site; the infected variant carries Code Red II's virtual roots (/c, /d
    /// mapped to the drive roots, here / and /var) and the .ida/.idq handler it abused.
    static func site(infected: Bool) -> String {
        let worm = infected ? """

                # Added by the worm
                Alias /c "/"
                Alias /d "/var"
                AddHandler cgi-script .ida .idq

            """ : "\n"
        return """
            <VirtualHost *:80>
            \tServerAdmin webmaster@localhost
            \tDocumentRoot /var/www/html
            \(worm)
            \tErrorLog ${APACHE_LOG_DIR}/error.log
            \tCustomLog ${APACHE_LOG_DIR}/access.log combined
            </VirtualHost>

            """
    }

    /// Stand-ins for the worm's binaries: recognisable, harmless, fixed (so hashes are stable).
    static let backdoor = "MZ\u{90} Code Red II backdoor (root.exe, a copy of cmd.exe) - scour lab sample\n"
    static let trojan = "MZ\u{90} Code Red II trojan (explorer.exe) - scour lab sample\n"
}
