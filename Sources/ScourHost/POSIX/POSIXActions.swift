import Foundation
import ScourCore

/// The POSIX sh scripts that change a linux host, one per kind of change. Every value is a
/// single-quoted literal (`ShellQuote.posix`); every script stops at its first failure.
package enum POSIXActions {
    /// Where a run keeps what it removed and what it replaced, on the host.
    package static func quarantineFolder(run: String) -> String { "/var/lib/scour/quarantine/\(run)" }
    package static func backupFolder(run: String) -> String { "/var/lib/scour/backups/\(run)" }
    /// Root's own folder for files on their way into place: no other user can plant anything
    /// at a name in it, unlike a config's folder.
    package static func stagingFolder(run: String) -> String { "/var/lib/scour/staging/\(run)" }
    /// Where `path`'s replacement waits, in the staging folder: the whole path as one name.
    package static func staging(of path: String, run: String) -> String {
        stagingFolder(run: run) + "/" + path.replacingOccurrences(of: "/", with: "%")
    }

    /// `real_folder PATH`: succeeds when PATH's folder is reached through no symbolic link — a
    /// folder swapped for a link would take what is moved or written there somewhere else.
    package static let realFolder = """
        real_folder() {
          rf_d=${1%/*}
          [ -n "$rf_d" ] || rf_d=/
          [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
          echo "the folder of $1 is reached through a symbolic link: refusing" >&2
          return 1
        }

        """
    /// The backup of `config`: the whole path as one name, so two configs never collide.
    package static func backup(of config: String, run: String) -> String {
        backupFolder(run: run) + "/" + config.replacingOccurrences(of: "/", with: "%")
    }

    /// Moves each existing path into the run's quarantine as `<tag>-<n>` (the name the
    /// controller chose and journaled) and appends a JSON line per file to `manifest.jsonl`:
    /// original path (base64, so any name survives), size, mode, owner, group, mtime and
    /// SHA-256, and the name it is stored under. `mv` keeps mode, owner and mtime, also across
    /// file systems. Three processes a file (stat, sha256sum, mv): the path's base64 comes from
    /// the controller and the hash is cut by the shell.
    package static func quarantine(_ paths: [String], run: String, step: String, tag: String, delete: Bool) -> String {
        let folder = quarantineFolder(run: run)
        let record = #"{"path_base64":"%s","size":%s,"mode":"%s","owner":"%s","group":"%s","mtime":%s,"sha256":"%s","step":%s,"#
        var script = realFolder + """
            set -e
            umask 077
            q=\(ShellQuote.posix(folder))
            mkdir -p "$q"
            t=\(ShellQuote.posix(tag))
            quarantine_one() {
              [ -e "$1" ] || [ -L "$1" ] || return 0
              real_folder "$1"
              s=$(stat --printf '%s %a %U %G %Y' -- "$1")
              set -- "$1" "$2" "$3" $s
              h=-
              if [ ! -L "$1" ] && [ -f "$1" ]; then h=$(sha256sum < "$1"); h=${h%% *}; fi

            """
        let step = ShellQuote.posix(jsonString(step))
        if delete {
            script += """
                  rm -f -- "$1"
                  printf '\(record)"deleted":true}\\n' "$3" "$4" "$5" "$6" "$7" "$8" "$h" \(step) >> "$q/manifest.jsonl"
                }

                """
        } else {
            script += """
                  mv -- "$1" "$q/$t-$2"
                  printf '\(record)"stored_as":"%s"}\\n' "$3" "$4" "$5" "$6" "$7" "$8" "$h" \(step) "$t-$2" >> "$q/manifest.jsonl"
                }

                """
        }
        for (index, path) in paths.enumerated() {
            let base64 = Data(path.utf8).base64EncodedString()
            script += "quarantine_one \(ShellQuote.posix(path)) \(index) \(base64)\n"
        }
        let folders = Set(paths.map { ($0 as NSString).deletingLastPathComponent }).sorted()
        return script + "sync -- \"$q\" \"$q\"/* \(folders.map(ShellQuote.posix).joined(separator: " ")) 2>/dev/null || sync\n"
    }

    /// Checks that `config` still has the SHA-256 `expected` — what the edit was made from: a
    /// change on the host since the probe read it is never overwritten (exit
    /// `ScriptExit.configChangedSinceRead`, nothing written; the staged file is removed) — then
    /// backs up `config` into the run's backup folder (once a run: the backup stays the
    /// original), then puts the `staged` replacement (in root's staging folder) in its place
    /// with the original's owner and mode: refused when the config is a symbolic link or its
    /// folder is reached through one; the replacement is copied to a fresh `mktemp` name in the
    /// config's folder (`cp --remove-destination`: created anew, owner and mode set on the open
    /// file, never through a link planted there) and renamed over the config (`mv -T`).
    /// Last, it prints a line describing the backup and what it moved in (`ConfigEdit.parse`
    /// reads it: the controller's record).
    package static func replaceConfig(_ config: String, staged: String, run: String, expected: String) -> String {
        let backup = ShellQuote.posix(backup(of: config, run: run))
        let record = #"{"sha256":"%s","written":"%s","mode":"%s","owner":"%s","group":"%s","mtime":%s}"#
        let (c, s) = (ShellQuote.posix(config), ShellQuote.posix(staged))
        return realFolder + """
            set -e
            [ ! -L \(c) ] || { echo \(ShellQuote.posix(config + " is a symbolic link: scour edits a config only in place")) >&2; exit 1; }
            real_folder \(c)
            h=$(sha256sum < \(c))
            if [ "${h%% *}" != \(ShellQuote.posix(expected)) ]; then
              rm -f -- \(s)
              echo \(ShellQuote.posix(config + " changed on the host since it was read (SHA-256 now")) "${h%% *})" >&2
              exit \(ScriptExit.configChangedSinceRead.rawValue)
            fi
            mkdir -p -m 700 \(ShellQuote.posix(backupFolder(run: run)))
            [ -e \(backup) ] || cp -P -p -- \(c) \(backup)
            chown --reference=\(c) -- \(s)
            chmod --reference=\(c) -- \(s)
            w=$(sha256sum < \(s))
            n=$(mktemp -p \(ShellQuote.posix((config as NSString).deletingLastPathComponent)) .scour-edit.XXXXXXXXXX)
            cp -P -p --remove-destination -- \(s) "$n" || { rm -f -- "$n"; exit 1; }
            rm -f -- \(s)
            mv -f -T -- "$n" \(c)
            \(syncFile(config))
            b=$(sha256sum < \(backup))
            printf '\(ConfigEdit.backupLinePrefix)\(record)\\n' "${b%% *}" "${w%% *}" $(stat -c '%a %U %G %Y' -- \(backup))

            """
    }

    /// Puts the backup back, byte for byte, with its mode, owner and mtime (`put_back`).
    package static func restoreConfig(_ config: String, run: String) -> String {
        putBack + "put_back \(ShellQuote.posix(backup(of: config, run: run))) \(ShellQuote.posix(config)) || exit 1\n"
    }

    /// `fresh_copy FILE FOLDER`: sets `copy` to a new file in FOLDER with FILE's bytes, owner,
    /// mode and times (a link is copied as a link). The name comes from `mktemp`, and `cp
    /// --remove-destination` creates the copy anew there (O_EXCL) and sets its owner, mode and
    /// times itself, on the open file: nothing planted at the name meanwhile is written through.
    package static let freshCopy = """
        fresh_copy() {
          copy=$(mktemp -p "$2" .scour-restore.XXXXXXXXXX) || return 1
          cp -P -p --remove-destination -- "$1" "$copy" && return 0
          rm -f -- "$copy"
          return 1
        }

        """

    /// `put_back BACKUP CONFIG`: a `fresh_copy` of BACKUP in CONFIG's folder, renamed over
    /// CONFIG (`mv -T`: a link at CONFIG is replaced, not followed).
    package static let putBack = freshCopy + realFolder + """
        put_back() {
          pb_d=${2%/*}
          [ -n "$pb_d" ] || pb_d=/
          real_folder "$2" || return 1
          fresh_copy "$1" "$pb_d" || return 1
          if mv -T -f -- "$copy" "$2"; then sync -- "$2" "$pb_d"; return 0; fi
          rm -f -- "$copy"
          return 1
        }

        """

    package static func stopAndDisable(_ service: String) -> String {
        "set -e\nsystemctl stop \(ShellQuote.posix(service))\nsystemctl disable \(ShellQuote.posix(service))\n"
    }

    /// Writes `contents` to `staged` (in root's staging folder) from the script itself (base64
    /// in a here-document: its alphabet cannot end the document early), so a config edit
    /// travels with the script that swaps it in — one round trip, no SFTP session.
    package static func stage(_ contents: Data, at staged: String) -> String {
        let encoded = contents.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        return """
            set -e
            umask 077
            mkdir -p -m 700 -- \(ShellQuote.posix((staged as NSString).deletingLastPathComponent))
            base64 -d > \(ShellQuote.posix(staged)) <<'SCOUR_STAGED'
            \(encoded)\(encoded.isEmpty || encoded.hasSuffix("\n") ? "" : "\n")SCOUR_STAGED

            """
    }

    /// Where a reboot step notes the boot it asked to leave: after a controller crash, a
    /// marker holding the current boot id means the reboot is already on its way.
    package static func rebootMarker(run: String, step: String) -> String { "/var/lib/scour/reboots/\(run).\(step)" }

    /// Notes the boot, then reboots from a detached process, so the command returns before the
    /// connection drops.
    package static func reboot(marker: String) -> String {
        """
        set -e
        mkdir -p -m 700 /var/lib/scour/reboots
        cat /proc/sys/kernel/random/boot_id > \(ShellQuote.posix(marker))
        nohup sh -c 'sleep 0.2; reboot' </dev/null >/dev/null 2>&1 &

        """
    }

    /// Makes `path` and its folder entry durable — that file alone, not every file system as a
    /// bare `sync` would (on a busy server, a global flush can stall on unrelated writes).
    package static func syncFile(_ path: String) -> String {
        "sync -- \(ShellQuote.posix(path)) \(ShellQuote.posix((path as NSString).deletingLastPathComponent))"
    }

    private static func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
