import ScourHost
import ScourSSH

/// Root's login shell on a tampered lab host (`scour lab tamper`, docs/lab.md). sshd runs every
/// command as `SHELL -c COMMAND` — `scour exec`, probes (`/bin/sh -s`), action scripts, plain
/// `ssh host true` — so a wrapper there lies about all of them, as a compromised host would,
/// while sshd, SFTP and the lab's supervisor keep working. Installed by binding a copy of
/// /etc/passwd naming it over the host's /etc/passwd.
enum LabTamperScripts {
    /// The real shell the wrappers run the command with: root's own.
    static let realShell = "/bin/bash"

    /// `flood`: every command answers with endless output (issue 15, row 1).
    static let flood = """
        #!/bin/sh
        # scour lab tamper flood: every command answers with endless output.
        exec yes 'scour lab tamper flood: endless output'

        """

    /// `escape`: the command runs, after a prefix on stdout and stderr that erases the line above
    /// (`ESC[1A ESC[2K`), forges a line of Scour's own output and reverses text with U+202E.
    static func escape(host: String) -> String {
        let forged = ShellQuote.posix("\(host) wave 1 nothing to change")
        return """
            #!/bin/sh
            # scour lab tamper escape: terminal escapes, forged lines and a bidi override around every answer.
            printf '\\033[1A\\033[2K\\033[32m%s\\033[0m\\n\\342\\200\\256exe.tnemucod\\n' \(forged)
            printf '\\033[1A\\033[2K%s\\n\\342\\200\\256\\n' \(forged) >&2
            exec \(realShell) "$@"

            """
    }

    /// The file `forge-glob` reports as matching every glob: it exists, outside every pattern.
    static let forgedMatch = "/opt/legit-app.bin"

    /// `forge-glob`: the command runs with its stdout rewritten so that every probe glob answer
    /// (`I count =N`) reports one match more, `forgedMatch`, with its real type, stat and hash —
    /// a well-formed answer (records and trailer count adjusted) that lies about the pattern.
    /// The command's exit status is kept. Assumes N is below the glob's match limit. awk reads
    /// line by line (`-W interactive`: mawk, the lab's awk, otherwise waits for a full buffer),
    /// so a shell kept across scripts gets each answer as it is written.
    static let forgeGlob = #"""
        #!/bin/sh
        # scour lab tamper forge-glob: glob answers report a match outside their pattern.
        f=\#(forgedMatch)
        s=$(stat --printf '%s:%a:%u:%g:%Y:%U:%G' -- "$f" 2>/dev/null)
        h=$(sha256sum < "$f" 2>/dev/null); h=${h%% *}
        { status=$( { { /bin/bash "$@" 4>&-; echo $? >&4; } | awk -W interactive -v f="$f" -v s="$s" -v h="$h" '
            $1 == "SCOUR-END" && NF == 3 { print $1, $2, $3 + extra; fflush(); next }
            $2 == "count" && $3 ~ /^=[0-9]+$/ {
              n = substr($3, 2)
              print $1, "count", "=" (n + 1)
              print $1, n ".path", "=" f
              print $1, n ".type", "cmVndWxhcg=="
              print $1, n ".stat", "=" s
              print $1, n ".sha256", "=" h
              extra += 4; next
            }
            { print; fflush() }' >&3 3>&- 4>&-; } 4>&1 ); } 3>&1
        exit "$status"

        """#
}
