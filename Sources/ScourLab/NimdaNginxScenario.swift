import Foundation

/// Nimda (2001) as it would look on nginx web hosts: the worm dropped `admin.dll` (a copy of
/// itself) and `readme.eml` (itself, MIME-encoded, so a browser opening it runs it) into the
/// web root, appended a line to every page that pops `readme.eml` open off-screen, and shared
/// the drives over the web. Here the shares are nginx `location` blocks, as `strip_mappings`
/// removes them: `/c` (the whole file system), `/d/` (`/var`) and `.eml` served as mail.
///
/// Every host serves the same small site from its own web root: half the hosts, in pairs
/// (h01 h02, h05 h06, …), from `/srv/www/NAME`, named by the inventory's `web_root`; the others
/// from `/var/www/html`, with no `web_root` (a playbook's default). The pairing puts both kinds
/// among the infected hosts of an evenly spread share.
enum NimdaNginxScenario {
    static let defaultWebRoot = "/var/www/html"

    /// The host's web root, as its nginx site and files have it.
    static func webRoot(of host: LabScenario.Host) -> String {
        inventoryWebRoot(index: host.index, name: host.name) ?? defaultWebRoot
    }

    /// `web_root` in the inventory: set where the root is not the default.
    static func inventoryWebRoot(index: Int, name: String) -> String? {
        (index - 1) / 2 % 2 == 0 ? "/srv/www/\(name)" : nil
    }

    /// Pages of the site, relative to the web root: the worm appends its line to each.
    static let pages = [
        "index.html", "about/index.htm", "products/catalog.html", "news/2001/september.htm", "downloads/index.html",
    ]

    /// The line Nimda appended to every page it found.
    static let scriptLine = #"<script language="JavaScript">window.open("readme.eml", null, "resizable=no,top=6000,left=6000")</script>"#

    static func files(for host: LabScenario.Host) -> [String: LabFile] {
        let root = String(webRoot(of: host).dropFirst())
        var files = [
            "etc/nginx/nginx.conf": LabFile(nginxConf),
            "etc/nginx/sites-enabled/default": LabFile(site(root: webRoot(of: host), infected: host.infected)),
            "\(root)/css/site.css": LabFile("body { font-family: sans-serif; }\n"),
        ]
        for page in pages {
            files["\(root)/\(page)"] = LabFile(self.page(page, infected: host.infected))
        }
        guard host.infected else { return files }
        files["\(root)/admin.dll"] = LabFile(adminDLL)
        files["\(root)/readme.eml"] = LabFile(readmeEML)
        return files
    }

    static func page(_ path: String, infected: Bool) -> String {
        let title = path.split(separator: "/").dropLast().last.map(String.init) ?? "home"
        let html = """
            <html>
            <head><title>Example Corp - \(title)</title><link rel="stylesheet" href="/css/site.css"></head>
            <body><h1>\(title)</h1><p>Welcome to Example Corp.</p></body>
            </html>

            """
        return infected ? html + scriptLine + "\n" : html
    }

    /// The site; infected, with the worm's shares: the file system under /c, /var under /d/,
    /// and .eml files served as mail (what made browsers open readme.eml).
    static func site(root: String, infected: Bool) -> String {
        let worm = infected ? """

            \t# Added by the worm
            \tlocation /c {
            \t\talias /;
            \t\tautoindex on;
            \t}
            \tlocation ^~ /d/ {
            \t\talias /var/;
            \t\tautoindex on;
            \t}
            \tlocation ~ \\.eml$ {
            \t\tdefault_type message/rfc822;
            \t}

            """ : ""
        return """
            # Default server configuration
            server {
            \tlisten 80 default_server;
            \tlisten [::]:80 default_server;

            \troot \(root);
            \tindex index.html index.htm;
            \tserver_name _;

            \tlocation / {
            \t\ttry_files $uri $uri/ =404;
            \t}

            \tlocation /downloads/ {
            \t\tautoindex on;
            \t}

            \tlocation ~* \\.(css|js|png)$ {
            \t\texpires 7d;
            \t}
            \(worm)}

            """
    }

    static let nginxConf = """
        user www-data;
        worker_processes auto;
        pid /run/nginx.pid;

        events {
        \tworker_connections 768;
        }

        http {
        \tsendfile on;
        \tdefault_type application/octet-stream;
        \taccess_log /var/log/nginx/access.log;
        \terror_log /var/log/nginx/error.log;
        \tinclude /etc/nginx/sites-enabled/*;
        }

        """

    /// Stand-ins for the worm's files: recognisable, harmless, fixed (so hashes are stable).
    static let adminDLL = "MZ\u{90} Nimda (admin.dll, a copy of the worm) - scour lab sample\n"
    static let readmeEML = """
        MIME-Version: 1.0
        Content-Type: multipart/related; type="multipart/alternative"; boundary="====_ABC1234567890DEF_===="
        X-Priority: 3
        X-MSMail-Priority: Normal
        X-Unsent: 1

        --====_ABC1234567890DEF_====
        Content-Type: audio/x-wav; name="readme.exe"
        Content-Transfer-Encoding: base64
        Content-ID: <EA4DMGBP9p>

        TVqQ Nimda (readme.exe) - scour lab sample
        --====_ABC1234567890DEF_====--

        """
}
