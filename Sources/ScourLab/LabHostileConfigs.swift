import ScourHost
import ScourSSH

/// The modes of `scour lab tamper` that make a host's answers costly for the controller (issue
/// 24; docs/lab.md): configs that a web server would take but whose editing once cost the
/// controller its memory or minutes of CPU, and pages that fill a `remove_lines` probe to its
/// cap. Each keeps the scenario's own worm lines, so the shipped playbooks still have real work.
/// Like `LabHostileScripts` (which runs them), each is a root `bash` script in the host's mounts
/// and processes, printing what its undo takes as `$1`. The files are made on the host (`awk`,
/// `head -c`): megabytes never travel as arguments.
enum LabHostileConfigs {
    /// The sites `strip_mappings` edits in the lab's scenarios, the first found: nimda-nginx's
    /// (`Playbooks/nimda-nginx.scour`), then codered-ii's Apache site (`codered-ii-linux.scour`).
    static let sites = ["/etc/nginx/sites-enabled/default", "/etc/apache2/sites-enabled/000-default.conf"]
    /// The site as it was before a config mode, to put back byte for byte (host-private, kept
    /// across the host's reboots).
    static func backup(_ mode: LabController.TamperMode) -> String { "/run/scour-lab/tamper/\(mode.rawValue).orig" }

    /// `huge-config`: comment lines between two worm-like mappings, the file just under the
    /// 4 MiB a content probe fetches (29 bytes a line).
    static let hugeComments = 140_000
    /// `regex-config`: regular expressions that backtrack for seconds against the URL paths the
    /// shipped playbooks match, measured with `NSRegularExpression`: 10 `.*` take 6 s against
    /// nimda's five paths (23 bytes); against codered-ii's short `/c`, `/d` (with `/` and `/x`
    /// added) they take 16 ms, within the controller's budget, so Apache's take 20 (over 2 s).
    static let catastrophicRegex = catastrophic(10)
    static let catastrophicApacheRegex = catastrophic(20)
    private static func catastrophic(_ repeats: Int) -> String { "(" + String(repeating: ".*", count: repeats) + ")Z" }
    static let regexLines = 8
    /// `unclosed-config`: `location /a {` lines that no brace closes (14 bytes each).
    static let unclosedLines = 20_000

    /// `max-answer` fills nimda-nginx.scour's `page_scripts` glob `WEB/*/*/*/*.htm*` up to its
    /// `max_matches`, each page as large as the step's probe fetches: 64 MiB per glob
    /// (`RemoveLines.globContentBudget`) shared by the matches.
    static let answerMatches = 500
    static let answerPageBytes = (64 << 20) / answerMatches
    /// Under the web root: three folders deep, so only the deepest glob matches its pages.
    static let answerFolder = "scour-max-answer"

    static func apply(_ mode: LabController.TamperMode) -> String {
        mode == .maxAnswer ? maxAnswer : growSite(mode, lines: addedLines(mode))
    }

    static func undo(_ mode: LabController.TamperMode) -> String {
        if mode == .maxAnswer { return #"[ -z "$1" ] || rm -rf -- "$1""# }
        let original = q(backup(mode))
        return "[ ! -f \(original) ] || { cp -p -- \(original) \"$1\" && rm -f -- \(original); }"
    }

    /// Shell lines writing the mode's additions on stdout, for `$server` (nginx or apache).
    private static func addedLines(_ mode: LabController.TamperMode) -> String {
        switch mode {
        case .hugeConfig:
            return """
                if [ "$server" = nginx ]; then m=$'\\tlocation /c { }'; else m=$'\\tAlias /c "/"'; fi
                printf '%s\\n' "$m"
                awk 'BEGIN { for (i = 1; i <= \(hugeComments); i++) printf "# huge-config comment %06d\\n", i }'
                printf '%s\\n' "$m"
                """
        case .regexConfig:
            let nginx = q("\tlocation ~ \(catastrophicRegex) { }"), apache = q("\tAliasMatch \(catastrophicApacheRegex) /var/www/html")
            return """
                if [ "$server" = nginx ]; then m=\(nginx); else m=\(apache); fi
                for i in $(seq \(regexLines)); do printf '%s\\n' "$m"; done
                """
        case .unclosedConfig:
            return """
                if [ "$server" = nginx ]; then m='location /a {'; else m='<Location /a>'; fi
                awk -v m="$m" 'BEGIN { for (i = 1; i <= \(unclosedLines); i++) print m }'
                """
        default:
            preconditionFailure("\(mode) is not a config mode")
        }
    }

    /// Backs the site up, then inserts the mode's lines before the line closing its outermost
    /// block (`}`, `</VirtualHost>`; else at the end), writing over the file in place (its
    /// owner and mode stay). Prints the site's path.
    private static func growSite(_ mode: LabController.TamperMode, lines: String) -> String {
        let original = q(backup(mode)), grown = q(backup(mode) + ".new")
        return """
            set -e
            site=
            for c in \(sites.map(q).joined(separator: " ")); do [ -f "$c" ] && { site=$c; break; }; done
            [ -n "$site" ] || { echo "no web server site to grow (\(sites.joined(separator: ", ")))" >&2; exit 1; }
            case $site in *nginx*) server=nginx ;; *) server=apache ;; esac
            mkdir -p /run/scour-lab/tamper
            cp -p -- "$site" \(original)
            end=$(grep -n -E '^(}|</VirtualHost>)' -- "$site" | tail -n 1 | cut -d: -f1)
            [ -n "$end" ] || end=$(( $(wc -l < "$site") + 1 ))
            { head -n "$((end - 1))" -- "$site"
            \(lines)
              tail -n "+$end" -- "$site"; } > \(grown)
            cat \(grown) > "$site"
            rm -f -- \(grown)
            echo "$site"
            """
    }

    /// The web root from the nginx site's `root`, else the default; pages holding nimda's line
    /// first and last, filler between, each exactly `answerPageBytes`. Prints the folder made.
    private static let maxAnswer = """
        set -e
        shopt -s nullglob
        web=$(awk '$1 == "root" { sub(/;$/, "", $2); print $2; exit }' \(q(sites[0])) 2>/dev/null || true)
        [ -n "$web" ] || web=\(q(NimdaNginxScenario.defaultWebRoot))
        top="$web"/\(answerFolder)
        [ ! -e "$top" ] || { echo "$top exists already" >&2; exit 1; }
        have=("$web"/*/*/*/*.htm*)
        dir="$top/pages/all"
        mkdir -p -- "$dir"
        line=\(q(NimdaNginxScenario.scriptLine))
        { printf '%s\\n' "$line"
          yes '<p>scour lab max-answer: a page as large as the probe fetches</p>' | head -c $((\(answerPageBytes) - 2 * ${#line} - 3))
          printf '\\n%s\\n' "$line"; } > "$dir/page-1.htm"
        for i in $(seq 2 $((\(answerMatches) - ${#have[@]}))); do cp -- "$dir/page-1.htm" "$dir/page-$i.htm"; done
        echo "$top"
        """

    private static func q(_ text: String) -> String { ShellQuote.posix(text) }
}
