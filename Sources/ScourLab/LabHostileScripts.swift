import ScourHost
import ScourSSH

/// The hostile-user modes of `scour lab tamper` (issue 23; docs/lab.md): what an unprivileged
/// user, or a worm hiding from one, leaves on a host to keep root's cleanup from seeing or
/// acting. Each is a root `bash` script run in the host's mounts and processes; it prints the
/// state its undo needs (kept in the host's tamper record), and the undo takes it as `$1`.
/// `closeInherited` comes first: a process left running must not hold the controller's pipes.
/// Their processes die with the host (`lab down`, a reboot); their files go with `lab down`.
enum LabHostileScripts {
    /// The folder of the worm's files where `tab-name` puts a name holding a tab.
    static let tabFolder = "/var/www/scripts"
    /// `tab-name`'s file: beside `root.exe`, matched by `/var/www/scripts/*.exe`.
    static let tabName = tabFolder + "/root\t.exe"
    /// `dir-php`'s folder, matched by `/var/www/html/uploads/*.php` beside the web shells.
    static let phpFolder = "/var/www/html/uploads/dir.php"
    /// `fifo-swap`'s name, matched by `/etc/cron.d/*`: a FIFO and a file by turns.
    static let swapName = "/etc/cron.d/zz-scour-swap"
    /// `lock-down`'s folders: the worm's, where they exist.
    static let lockedFolders = ["/var/www/scripts", "/var/www/msadc", "/opt/.kworker"]
    /// `lock-down`'s miner: a copy of the lab's sample, run as nobody (in a host-private folder).
    static let lockedMiner = "/run/scour-lab/kworkerds"

    /// Closes every descriptor above 2 the script inherited (bash takes multi-digit numbers).
    static let closeInherited = #"for fd in $(ls /proc/$$/fd); do [ "$fd" -le 2 ] || eval "exec $fd>&-" 2>/dev/null; done"# + "\n"

    /// The script that applies `mode`.
    static func apply(_ mode: LabController.TamperMode) -> String {
        closeInherited + applyBody(mode)
    }

    private static func applyBody(_ mode: LabController.TamperMode) -> String {
        switch mode {
        case .tabName:
            return """
                set -e
                made=0; [ -d \(q(tabFolder)) ] || { mkdir -p \(q(tabFolder)); made=1; }
                printf 'scour lab tamper tab-name: a name holding a tab\\n' > \(q(tabName))
                echo "$made"
                """
        case .dirPHP:
            return """
                set -e
                made=0; [ -d /var/www/html/uploads ] || { mkdir -p /var/www/html/uploads; made=1; }
                mkdir -p \(q(phpFolder))
                printf 'scour lab tamper dir-php: a folder named like a script\\n' > \(q(phpFolder + "/index.html"))
                echo "$made"
                """
        case .fifoSwap:
            return """
                set -e
                setsid sh -c 'while :; do rm -f "$1"; mkfifo -m 644 "$1"; sleep 0.3; rm -f "$1"; printf "# scour lab fifo-swap\\n" > "$1"; sleep 0.3; done' \\
                  sh \(q(swapName)) </dev/null >/dev/null 2>&1 &
                echo "$!"
                """
        case .crKey:
            return """
                set -e
                k=/root/.ssh/authorized_keys cr=$(printf '\\r')
                mkdir -p /root/.ssh; touch "$k"
                if grep -q ' x@kworker$' "$k"; then sed -i "s/ x@kworker\\$/ x@kworker$cr/" "$k"; echo present
                else
                  # A last line without a newline gets one first (the undo takes it away again).
                  nl=; if [ -s "$k" ] && [ -n "$(tail -c1 "$k")" ]; then printf '\\n' >> "$k"; nl=-nl; fi
                  printf '%s\\r\\n' \(q(CryptominerScenario.attackerKey)) >> "$k"; echo "appended$nl"
                fi
                """
        case .lockDown:
            return """
                set -e
                for d in \(lockedFolders.map(q).joined(separator: " ")); do
                  [ -d "$d" ] || continue
                  stat -c 'mode %a %u %g %n' -- "$d"
                  chown root:root -- "$d"; chmod 700 -- "$d"
                done
                setpriv --reuid=65534 --regid=65534 --clear-groups \(q(lockedMiner)) -o stratum+tcp://pool.invalid:3333 </dev/null >/dev/null 2>&1 &
                echo "pid $!"
                """
        case .hugeConfig, .regexConfig, .unclosedConfig, .maxAnswer:
            return LabHostileConfigs.apply(mode)
        default:
            preconditionFailure("\(mode) is not a hostile-user mode")
        }
    }

    /// The script that undoes `mode`, given as `$1` what its apply printed.
    static func undo(_ mode: LabController.TamperMode) -> String {
        switch mode {
        case .tabName:
            return "rm -f -- \(q(tabName)); [ \"$1\" != 1 ] || rmdir -- \(q(tabFolder)) 2>/dev/null; true"
        case .dirPHP:
            return "rm -rf -- \(q(phpFolder)); [ \"$1\" != 1 ] || rmdir -- /var/www/html/uploads 2>/dev/null; true"
        case .fifoSwap:
            // KILL: what the lab command starts may inherit TERM blocked or ignored (seen on the lab); KILL cannot be.
            return "kill -KILL -- -\"$1\" 2>/dev/null; rm -f -- \(q(swapName)); true"
        case .crKey:
            return """
                k=/root/.ssh/authorized_keys cr=$(printf '\\r')
                case $1 in
                  appended*) sed -i "/ x@kworker$cr\\$/d" "$k"; [ "$1" != appended-nl ] || truncate -s -1 "$k" ;;
                  *) sed -i "s/ x@kworker$cr\\$/ x@kworker/" "$k" ;;
                esac
                """
        case .lockDown:
            return """
                printf '%s\\n' "$1" | while read -r what a b c d; do
                  case $what in
                    pid) kill -KILL "$a" 2>/dev/null ;;
                    mode) chown "$b:$c" -- "$d"; chmod "$a" -- "$d" ;;
                  esac
                done
                rm -f -- \(q(lockedMiner)); true
                """
        case .hugeConfig, .regexConfig, .unclosedConfig, .maxAnswer:
            return LabHostileConfigs.undo(mode)
        default:
            preconditionFailure("\(mode) is not a hostile-user mode")
        }
    }

    private static func q(_ text: String) -> String { ShellQuote.posix(text) }
}
