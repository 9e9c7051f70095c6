import Foundation
import ScourCore

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
package enum POSIXProbeScript {
    package static func render(_ items: [ProbeItem], nonce: String) -> String {
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
        case .globContents(let pattern, let maxMatches, let limit): return "p_glob \(i) \(q(pattern)) \(maxMatches) \(limit + 1)"
        case .contentGlob(let pattern, let regex, let maxMatches, let lineLimit):
            // grep prints `LINE:TEXT`: room for the number (at most 20 digits) and one byte more to tell a cut.
            return "p_cglob \(i) \(q(pattern)) \(q(regex)) \(maxMatches) \(lineLimit + 22)"
        case .processes(let name, let executable, let commandLine, let maxMatches):
            let mode = executable.map { RemoveFiles.isGlob($0) ? "glob" : "exact" } ?? "''"
            return "p_procs \(i) \(q(name.map(ProbeItem.commName) ?? "")) \(q(executable ?? "")) \(mode) \(q(commandLine ?? "")) "
                + "\(maxMatches) \(ProbeItem.executableHashLimit) \(ProbeItem.commandLineLimit + 1)"
        case .command(let run, let timeout): return "p_command \(i) \(q(run)) \(timeout)"
        case .package(let name): return "p_package \(i) \(q(name))"
        case .service(let name): return "p_service \(i) \(q(name))"
        case .hotfix: return "rec \(i) \(ProbeWire.Field.unsupported) ''"
        }
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    /// Helper functions only: defining them runs nothing.
    /// - `rec INDEX FIELD B64` prints one record and counts it (in this shell, never a subshell).
    /// - `recv INDEX FIELD VALUE` records VALUE: plain (`=VALUE`) when it has only characters
    ///   that cannot frame a line, else its base64 piped straight from `base64` (no `$(…)`
    ///   subshell). Probes are mostly forks; both save them.
    /// - `p_unseen INDEX FIELD REASON [PATH]` records what could not be looked at (`REASON:PATH`,
    ///   or `REASON` for the item's or match's own path); `u_add REASON PATH` adds one to the
    ///   list of item `gi`, of which the first `gmax` (at most `ProbeWire.unseenListLimit`)
    ///   travel, and `u_count` records how many there were (docs/probes.md, "Could not look").
    /// - `p_reach PATH` leaves in `ru` the first folder on the way to PATH that cannot be
    ///   searched, or nothing: what tells "absent" from "could not look" (`p_absent`).
    /// - `p_file INDEX PREFIX PATH` reports type (a symlink itself, not its target), then
    ///   `stat` (size, octal mode, uid, gid, mtime, user, group), then the SHA-256 of a regular
    ///   file, or why it could not be read (`unseen`, with `pu` set); `t` is left set to the type.
    /// - `g_walk FOLDER REST` expands a glob one component at a time, calling `$gcb` for each
    ///   match: a literal component is stepped into, a pattern one expanded with `IFS` empty
    ///   (pathname expansion only) in its folder, quoted, so names matched earlier stay literal.
    ///   A folder the walk cannot list (a pattern in it) or search (a path below it) is `unseen`,
    ///   where the shell's own expansion would silently match nothing there.
    /// - `p_glob INDEX GLOB MAX [READ]` walks GLOB, counts every match and reports the first
    ///   MAX as `p_file` does, with the first READ bytes of each readable regular file when READ
    ///   is given (`globContents`).
    /// - `p_cglob INDEX GLOB ERE MAX CUT` walks GLOB as `p_glob` does and greps each of the
    ///   first MAX regular files for its first matching line (a trailing CR stripped first), of
    ///   which CUT bytes come back; an unreadable file is `unseen`.
    /// - `p_stat PID` reads /proc/PID/stat with the shell's own `read` (no process started per
    ///   process walked); the name is what lies between the first `(` and the last `)`, so a
    ///   name holding `) ` or a newline cannot shift the fields after it.
    /// - `p_hidden` sets `ph` when /proc is mounted with `hidepid` and the probe is not root.
    /// - `p_procs INDEX NAME EXE MODE ERE MAX HASHMAX CUT` walks /proc: skips pid 1, kernel
    ///   threads (PF_KTHREAD), zombies, the probe's own ancestors and descendants; keeps those
    ///   matching every criterion given (cheapest first: the name, then the executable, then the
    ///   command line); reports the first MAX, counts all. A process whose executable or command
    ///   line cannot be read and the criteria do not rule out is `unseen`, and so is hidepid.
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
          fh='' fb='' fo='' fk='' fr=''
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
          { read -r fk 2>/dev/null </proc/sys/kernel/ostype && read -r fr 2>/dev/null </proc/sys/kernel/osrelease; } || { fk=$(uname -s); fr=$(uname -r); }
          recv "$1" kernel "$fk $fr"
        }
        p_unseen() { recv "$1" "$2" "$3${4:+:$4}"; }
        u_add() {
          [ "$gu" -ge "$gmax" ] || [ "$gu" -ge \#(ProbeWire.unseenListLimit) ] || p_unseen "$gi" "unseen.$gu" "$1" "$2"
          gu=$((gu + 1))
        }
        u_count() { [ "$gu" -eq 0 ] || recv "$gi" unseen_count "$gu"; }
        p_reach() {
          ru='' rd='' rr=${1#/}
          while [ -x "${rd:-/}" ]; do
            case $rr in */*) ;; *) return ;; esac
            rd=$rd/${rr%%/*} rr=${rr#*/}
            [ -d "$rd" ] || return
          done
          ru=${rd:-/}
        }
        p_absent() {
          p_reach "$3"
          if [ -n "$ru" ]; then
            t=unknown; rec "$1" "$2type" dW5rbm93bg==; p_unseen "$1" "$2unseen" permission_denied "$ru"
          else
            t=absent; rec "$1" "$2type" YWJzZW50
          fi
        }
        p_file() {
          # Constant values are written in base64 already: a fork saved per record.
          pu=''
          if [ -L "$3" ]; then t=symlink tb=c3ltbGluaw==
          elif [ -f "$3" ]; then t=regular tb=cmVndWxhcg==
          elif [ -d "$3" ]; then t=directory tb=ZGlyZWN0b3J5
          elif [ -e "$3" ]; then t=other tb=b3RoZXI=
          else p_absent "$@"; return; fi
          if ! s=$(stat --printf '%s:%a:%u:%g:%Y:%U:%G' -- "$3" 2>/dev/null); then
            if [ -e "$3" ] || [ -L "$3" ]; then
              t=unknown; rec "$1" "$2type" dW5rbm93bg==; p_unseen "$1" "$2unseen" io_error
            else p_absent "$@"; fi
            return
          fi
          rec "$1" "$2type" "$tb"
          recv "$1" "$2stat" "$s"
          [ "$t" = regular ] || return 0
          pu=1
          if [ ! -r "$3" ]; then
            if [ -f "$3" ]; then p_unseen "$1" "$2unseen" permission_denied; else p_unseen "$1" "$2unseen" not_a_regular_file; fi
            return
          fi
          # Opened without blocking (a FIFO swapped in reads as empty, never waits for a writer)
          # and without following a final symlink; the type is checked again after the read,
          # and no bytes from a file stat said had some is a read that failed.
          h=$(dd if="$3" iflag=nonblock,nofollow bs=64k status=none 2>/dev/null | sha256sum)
          if [ ! -f "$3" ] || [ -L "$3" ]; then p_unseen "$1" "$2unseen" not_a_regular_file; return; fi
          case $h:${s%%:*} in
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855*:0) ;;
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855*) p_unseen "$1" "$2unseen" io_error; return ;;
          esac
          pu=''; recv "$1" "$2sha256" "${h%% *}"
        }
        g_walk() {
          case $2 in
            */*) set -- "$1" "${2%%/*}" "${2#*/}" ;;
            *) set -- "$1" "$2" '' ;;
          esac
          case $2 in
            '') [ -z "$3" ] || g_walk "$1" "$3"; return ;;
            *[][*?]*) ;;
            *) g_step "$1/$2" "$3"; return ;;
          esac
          [ -r "${1:-/}" ] || { u_add permission_denied "${1:-/}"; return; }
          gifs=$IFS
          IFS=''
          # shellcheck disable=SC2086 # IFS is empty: the component is a pattern, the folder before it a literal
          set -- "$3" "$1"/$2
          IFS=$gifs
          gf=1
          for g in "$@"; do
            if [ -n "$gf" ]; then gf=''; continue; fi
            g_step "$g" "$1"
          done
        }
        g_step() {
          if [ -z "$2" ]; then
            if [ -e "$1" ] || [ -L "$1" ]; then "$gcb" "$1"; fi
          elif [ -d "$1" ]; then
            if [ -x "$1" ]; then g_walk "$1" "$2"; else u_add permission_denied "$1"; fi
          fi
        }
        p_glob() {
          gi=$1 gmax=$3 gread=$4 gk=0 gu=0 gcb=p_glob_match
          g_walk '' "${2#/}"
          recv "$gi" count "$gk"
          u_count
        }
        p_glob_match() {
          if [ "$gk" -lt "$gmax" ]; then
            recv "$gi" "$gk.path" "$1"
            p_file "$gi" "$gk." "$1"
            if [ -n "$gread" ] && [ "$t" = regular ] && [ -z "$pu" ]; then
              n=$((n + 1)); printf '%s %s ' "$gi" "$gk.data"
              dd if="$1" iflag=nonblock,nofollow,fullblock bs="$gread" count=1 status=none 2>/dev/null | base64 -w 0; printf '\n'
            fi
          fi
          gk=$((gk + 1))
        }
        p_content() {
          if [ -f "$2" ]; then
            rec "$1" type cmVndWxhcg==
            if [ ! -r "$2" ]; then p_unseen "$1" unseen permission_denied; return; fi
            n=$((n + 1)); printf '%s data ' "$1"
            dd if="$2" iflag=nonblock,fullblock bs="$3" count=1 status=none 2>/dev/null | base64 -w 0; printf '\n'
            [ -f "$2" ] || p_unseen "$1" unseen not_a_regular_file
          elif [ -d "$2" ]; then rec "$1" type ZGlyZWN0b3J5
          elif [ -e "$2" ]; then rec "$1" type b3RoZXI=
          else p_absent "$1" '' "$2"; fi
        }
        p_cglob() {
          gi=$1 gr=$3 gmax=$4 gl=$5 gk=0 gu=0 gcb=p_cglob_match
          grep -E -e "$gr" </dev/null >/dev/null 2>&1
          [ "$?" -le 1 ] || { p_fail "$gi" "grep refused the pattern"; return; }
          g_walk '' "${2#/}"
          recv "$gi" count "$gk"
          u_count
        }
        p_cglob_match() {
          if [ "$gk" -lt "$gmax" ] && [ -f "$1" ]; then
            if [ -r "$1" ]; then
              m=$(dd if="$1" iflag=nonblock bs=64k status=none 2>/dev/null | sed 's/\r$//' | grep -a -E -n -m 1 -e "$gr" | head -c "$gl")
              if [ ! -f "$1" ]; then
                u_add not_a_regular_file "$1"
              elif [ -n "$m" ]; then
                recv "$gi" "$gk.path" "$1"
                recv "$gi" "$gk.line" "${m%%:*}"
                n=$((n + 1)); printf '%s %s ' "$gi" "$gk.text"; printf '%s' "${m#*:}" | base64 -w 0; printf '\n'
              fi
            else
              u_add permission_denied "$1"
            fi
          fi
          gk=$((gk + 1))
        }
        p_stat() {
          ps_line=
          { while IFS= read -r l; do ps_line="$ps_line$l
        "; done; } 2>/dev/null <"/proc/$1/stat" || return 1
          [ -n "$ps_line" ] || return 1
          ps_comm=${ps_line#*'('}
          ps_comm=${ps_comm%')'*}
          # shellcheck disable=SC2086 # the fields after the name, split on spaces
          set -- ${ps_line##*') '}
          [ "$#" -ge 20 ] || return 1
          ps_state=$1 ps_ppid=$2 ps_flags=$7 ps_start=${20}
        }
        p_hidden() {
          ph='' pl=''
          while IFS= read -r pl; do case $pl in Uid:*) break ;; esac; done </proc/self/status
          # shellcheck disable=SC2086 # the uids, split on tabs
          set -- ${pl#Uid:}
          [ "$2" != 0 ] || return 0
          while IFS= read -r pl; do
            case $pl in
              *' /proc '*' - proc '*)
                ph=''
                case $pl in
                  *hidepid=*) pv=${pl##*hidepid=}; pv=${pv%%[, ]*}; [ "$pv" = 0 ] || [ "$pv" = off ] || ph=1 ;;
                esac ;;
            esac
          done </proc/self/mountinfo
        }
        p_procs() {
          pi=$1 pn=$2 px=$3 pm=$4 pr=$5 pmax=$6 phash=$7 pcl=$8
          if [ -n "$pr" ]; then
            grep -E -e "$pr" </dev/null >/dev/null 2>&1
            [ "$?" -le 1 ] || { p_fail "$pi" "grep refused the pattern"; return; }
          fi
          read -r ps_self _ </proc/self/stat
          pa=' ' a=$ps_self
          while [ "$a" -gt 1 ] 2>/dev/null; do
            pa="$pa$a "
            p_stat "$a" || break
            a=$ps_ppid
          done
          pc=0 gi=$pi gmax=$pmax gu=0
          p_hidden
          [ -z "$ph" ] || u_add hidden_processes /proc
          for d in /proc/[0-9]*; do
            p=${d#/proc/}
            [ "$p" -gt 1 ] 2>/dev/null || continue
            case $pa in *" $p "*) continue ;; esac
            p_stat "$p" || continue
            [ $((ps_flags & 2097152)) -eq 0 ] || continue
            [ "$ps_state" != Z ] || continue
            [ -z "$pn" ] || [ "$ps_comm" = "$pn" ] || continue
            if ! { e=$(readlink "/proc/$p/exe" 2>/dev/null) && [ -n "$e" ]; }; then
              [ -d "/proc/$p" ] || continue
              if [ -n "$pr" ] && [ -r "/proc/$p/cmdline" ]; then
                c=$(tr '\000\n' '  ' <"/proc/$p/cmdline" 2>/dev/null | head -c 65536)
                printf '%s\n' "${c% }" | grep -a -E -q -e "$pr" || continue
              fi
              u_add permission_denied "/proc/$p/exe"
              continue
            fi
            pd=0
            case $e in *' (deleted)') [ -e "$e" ] || { pd=1; e=${e% (deleted)}; } ;; esac
            if [ -n "$px" ]; then
              if [ "$pm" = glob ]; then
                # shellcheck disable=SC2254 # the executable glob, matched against
                case $e in $px) ;; *) continue ;; esac
              else
                [ "$e" = "$px" ] || continue
              fi
            fi
            [ -r "/proc/$p/cmdline" ] || { [ ! -d "/proc/$p" ] || u_add permission_denied "/proc/$p/cmdline"; continue; }
            c=$(tr '\000\n' '  ' <"/proc/$p/cmdline" 2>/dev/null | head -c 65536) || continue
            c=${c% }
            if [ -n "$pr" ]; then printf '%s\n' "$c" | grep -a -E -q -e "$pr" || continue; fi
            pcomm=$ps_comm pstart=$ps_start a=$ps_ppid
            while [ "$a" -gt 1 ] 2>/dev/null && [ "$a" != "$ps_self" ]; do p_stat "$a" || break; a=$ps_ppid; done
            [ "$a" != "$ps_self" ] || continue
            s=$(stat -c '%u:%U' "/proc/$p" 2>/dev/null) || continue
            if [ "$pc" -lt "$pmax" ]; then
              recv "$pi" "$pc.pid" "$p"
              recv "$pi" "$pc.start" "$pstart"
              recv "$pi" "$pc.uid" "${s%%:*}"
              recv "$pi" "$pc.user" "${s#*:}"
              recv "$pi" "$pc.name" "$pcomm"
              recv "$pi" "$pc.exe" "$e"
              recv "$pi" "$pc.deleted" "$pd"
              if z=$(stat -L -c %s "/proc/$p/exe" 2>/dev/null); then
                recv "$pi" "$pc.size" "$z"
                if [ "$z" -le "$phash" ] && h=$(sha256sum <"/proc/$p/exe" 2>/dev/null); then recv "$pi" "$pc.sha256" "${h%% *}"; fi
              fi
              n=$((n + 1)); printf '%s %s ' "$pi" "$pc.cmdline"; printf '%s' "$c" | head -c "$pcl" | base64 -w 0; printf '\n'
            fi
            pc=$((pc + 1))
          done
          recv "$pi" count "$pc"
          u_count
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
