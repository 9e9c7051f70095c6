import Foundation
import ScourSSH

/// Renders probe items as one POSIX sh script for `sh -s` (Debian's dash; coreutils `stat`,
/// `sha256sum`, `base64`, `head`, `timeout`; procps `pgrep`; `dpkg-query` or `rpm`).
///
/// Safety argument (docs/probes.md): the script is the constant prelude below plus one line
/// per item calling a prelude function with single-quoted literal arguments. Values are only
/// ever expanded inside double quotes — except a glob pattern, expanded with `IFS` empty so
/// it undergoes pathname expansion and nothing else. The whole body runs inside one function
/// called with stdin from /dev/null: the shell has parsed the entire script before the first
/// command runs (a truncated script runs nothing), and no command can read the rest of the
/// script from stdin. Nothing writes: no redirection to a file, no temporary file.
enum POSIXProbeScript {
    static func render(_ items: [ProbeItem], nonce: String) -> String {
        var body = ["printf '%s %s %s\\n' \(ProbeWire.headerTag) \(ProbeWire.version) \(ShellQuote.posix(nonce))"]
        for (index, item) in items.enumerated() {
            body.append(line(for: item, index: index))
        }
        body.append("printf '%s %s %s\\n' \(ProbeWire.trailerTag) \(ShellQuote.posix(nonce)) \"$n\"")
        return prelude + "scour_probe() {\n" + body.map { "  " + $0 }.joined(separator: "\n") + "\n}\nscour_probe </dev/null\n"
    }

    private static func line(for item: ProbeItem, index: Int) -> String {
        let i = String(index)
        if let reason = POSIXShell().refusal(of: item) {
            return "rec \(i) \(ProbeWire.Field.error) \(ShellQuote.posix(base64(reason)))"
        }
        let q: (String) -> String = ShellQuote.posix
        switch item {
        case .facts: return "p_facts \(i)"
        case .file(let path): return "p_file \(i) '' \(q(path))"
        case .glob(let pattern, let maxMatches): return "p_glob \(i) \(q(pattern)) \(maxMatches)"
        case .content(let path, let limit): return "p_content \(i) \(q(path)) \(limit + 1)"
        case .process(let name):
            let comm = commName(name)
            return "p_process \(i) \(q(extendedRegexLiteral(comm))) \(q(comm))"
        case .command(let run, let timeout): return "p_command \(i) \(q(run)) \(timeout)"
        case .package(let name): return "p_package \(i) \(q(name))"
        case .service(let name): return "p_service \(i) \(q(name))"
        case .hotfix: return "rec \(i) \(ProbeWire.Field.unsupported) ''"
        }
    }

    /// The kernel keeps a process name (`/proc/PID/comm`) to 15 bytes, and both `pgrep -x` and
    /// the /proc fallback compare against that; so is the name cut (at a character boundary).
    static func commName(_ name: String) -> String {
        var out = ""
        for character in name where out.utf8.count + String(character).utf8.count <= 15 {
            out.append(character)
        }
        return out
    }

    /// `pgrep` takes an extended regular expression; the name is meant literally.
    static func extendedRegexLiteral(_ text: String) -> String {
        var out = ""
        for character in text {
            if #".[]()*+?{}|^$\"#.contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    /// Helper functions only: defining them runs nothing.
    /// - `rec INDEX FIELD B64` prints one record and counts it (in this shell, never a subshell).
    /// - `recv INDEX FIELD VALUE` records VALUE: plain (`=VALUE`) when it has only characters
    ///   that cannot frame a line, else its base64 piped straight from `base64` (no `$(…)`
    ///   subshell). Probes are mostly forks; both save them.
    /// - `p_file INDEX PREFIX PATH` reports type (a symlink itself, not its target), then
    ///   `stat` (size, octal mode, uid, gid, mtime, user, group; one per line), then the
    ///   SHA-256 of a regular file read through stdin so no file name can reach the output.
    private static let prelude = #"""
        # Scour probe (read-only). Protocol: docs/probes.md
        LC_ALL=C
        export LC_ALL
        n=0
        rec() { n=$((n + 1)); printf '%s %s %s\n' "$1" "$2" "$3"; }
        recv() {
          n=$((n + 1))
          case $3 in
            *[!A-Za-z0-9._:@/+-]*) printf '%s %s ' "$1" "$2"; printf '%s' "$3" | base64 -w 0; printf '\n' ;;
            *) printf '%s %s =%s\n' "$1" "$2" "$3" ;;
          esac
        }
        p_fail() { recv "$1" error "$2"; }
        p_facts() {
          # Read from /proc with the shell's own `read`: no process started (uname -n, uname -sr).
          fh= fb= fo= fk= fr=
          read -r fh 2>/dev/null </proc/sys/kernel/hostname || fh=$(uname -n)
          recv "$1" hostname "$fh"
          if read -r fb 2>/dev/null </proc/sys/kernel/random/boot_id && [ -n "$fb" ]; then
            recv "$1" boot_id "$fb"
          else
            p_fail "$1" 'cannot read /proc/sys/kernel/random/boot_id'; return
          fi
          if [ -r /etc/os-release ]; then
            while IFS= read -r fl; do
              case $fl in PRETTY_NAME=*) fo=${fl#PRETTY_NAME=} ;; esac
            done </etc/os-release
          fi
          recv "$1" os "$fo"
          read -r fk 2>/dev/null </proc/sys/kernel/ostype && read -r fr 2>/dev/null </proc/sys/kernel/osrelease || { fk=$(uname -s); fr=$(uname -r); }
          recv "$1" kernel "$fk $fr"
        }
        p_file() {
          # Constant values are written in base64 already: a fork saved per record.
          if [ -L "$3" ]; then t=symlink tb=c3ltbGluaw==
          elif [ -f "$3" ]; then t=regular tb=cmVndWxhcg==
          elif [ -d "$3" ]; then t=directory tb=ZGlyZWN0b3J5
          elif [ -e "$3" ]; then t=other tb=b3RoZXI=
          else rec "$1" "$2type" YWJzZW50; return; fi
          rec "$1" "$2type" "$tb"
          if s=$(stat --printf '%s:%a:%u:%g:%Y:%U:%G' -- "$3" 2>/dev/null); then
            recv "$1" "$2stat" "$s"
          else
            p_fail "$1" "stat failed"; return
          fi
          if [ "$t" = regular ]; then
            if h=$(sha256sum < "$3" 2>/dev/null); then
              recv "$1" "$2sha256" "${h%% *}"
            else
              p_fail "$1" "cannot read the file to hash it"
            fi
          fi
        }
        p_glob() {
          gi=$1 gmax=$3
          gifs=$IFS
          IFS=''
          set -- $2
          IFS=$gifs
          if [ "$#" -eq 1 ] && [ ! -e "$1" ] && [ ! -L "$1" ]; then set --; fi
          recv "$gi" count "$#"
          gk=0
          for g in "$@"; do
            [ "$gk" -lt "$gmax" ] || break
            recv "$gi" "$gk.path" "$g"
            p_file "$gi" "$gk." "$g"
            gk=$((gk + 1))
          done
        }
        p_content() {
          if [ -f "$2" ]; then
            rec "$1" type cmVndWxhcg==
            if [ -r "$2" ]; then
              n=$((n + 1)); printf '%s data ' "$1"; head -c "$3" -- "$2" | base64 -w 0; printf '\n'
            else
              p_fail "$1" "the file is not readable"
            fi
          elif [ -d "$2" ]; then rec "$1" type ZGlyZWN0b3J5
          elif [ -e "$2" ]; then rec "$1" type b3RoZXI=
          else rec "$1" type YWJzZW50; fi
        }
        p_process() {
          if command -v pgrep >/dev/null 2>&1; then
            pgrep -x -- "$2" >/dev/null 2>&1
            case $? in
              0) r=1 ;;
              1) r=0 ;;
              *) p_fail "$1" "pgrep failed"; return ;;
            esac
          else
            r=0
            for c in /proc/[0-9]*/comm; do
              IFS= read -r x < "$c" 2>/dev/null || continue
              if [ "$x" = "$3" ]; then r=1; break; fi
            done
          fi
          if [ "$r" = 1 ]; then rec "$1" running MQ==; else rec "$1" running MA==; fi
        }
        p_command() {
          if command -v timeout >/dev/null 2>&1; then
            timeout -k 5 "$3" sh -c "$2" </dev/null >/dev/null 2>&1
          else
            sh -c "$2" </dev/null >/dev/null 2>&1
          fi
          r=$?
          case $r in
            0) rec "$1" exit MA== ;;
            1) rec "$1" exit MQ== ;;
            *) recv "$1" exit "$r" ;;
          esac
        }
        p_package() {
          if command -v dpkg-query >/dev/null 2>&1; then
            rec "$1" manager ZHBrZw==
            if v=$(dpkg-query -W -f '${db:Status-Abbrev}${Version}\n' "$2" 2>/dev/null); then
              recv "$1" status "$v"
            fi
          elif command -v rpm >/dev/null 2>&1; then
            rec "$1" manager cnBt
            if v=$(rpm -q --qf '%{EPOCH}:%{VERSION}-%{RELEASE}\n' "$2" 2>/dev/null); then
              recv "$1" status "$v"
            fi
          else
            rec "$1" manager bm9uZQ==
          fi
        }
        p_service() {
          if command -v systemctl >/dev/null 2>&1; then
            rec "$1" manager c3lzdGVtZA==
            recv "$1" active "$(systemctl is-active "$2" 2>/dev/null)"
            recv "$1" enabled "$(systemctl is-enabled "$2" 2>/dev/null)"
          else
            rec "$1" manager bm9uZQ==
          fi
        }

        """#
}
