import Foundation

/// What a lab's hosts hold when they first boot.
public enum LabScenario: String, Sendable, Codable, CaseIterable {
    /// Every host clean: a Debian-style Apache site and the web service running and enabled.
    case clean
    /// Code Red II as the reference Linux playbook looks for it, on the infected share of hosts:
    /// `root.exe` backdoors in the web tree, the `explorer.exe` trojan in /opt, and the worm's
    /// virtual roots and ISAPI handler mappings in the Apache site.
    case codeRedII = "codered-ii"

    /// Files of one host, relative to its root, with their contents.
    func files(infected: Bool) -> [String: String] {
        var files = [
            "var/www/html/index.html": "<html><body><h1>It works!</h1></body></html>\n",
            "etc/apache2/sites-enabled/000-default.conf": Self.site(infected: false),
        ]
        guard self == .codeRedII, infected else { return files }
        files["etc/apache2/sites-enabled/000-default.conf"] = Self.site(infected: true)
        files["var/www/scripts/root.exe"] = Self.backdoor
        files["var/www/msadc/root.exe"] = Self.backdoor
        files["opt/explorer.exe"] = Self.trojan
        return files
    }

    /// Root's rc files on every host, empty: commands run in a plain shell, as on a server.
    static let plainShell = ["root/.bashrc": "", "root/.profile": ""]

    /// Services of every host, as the lab's systemctl records them.
    static let services = ["apache2": "active enabled"]

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
