import Foundation
import ScourCore

/// The POSIX sh scripts that change a linux host, one per kind of change. Each is a constant
/// body — function definitions, the same text for every value — then one line calling its
/// entry function with every value a single-quoted argument (`call`), so no value is ever
/// part of the code and the body can be checked on its own (`POSIXScriptCheckTests`); every
/// script stops at its first failure.
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
    /// The backup of `config`: the whole path as one name, so two configs never collide.
    package static func backup(of config: String, run: String) -> String {
        backupFolder(run: run) + "/" + config.replacingOccurrences(of: "/", with: "%")
    }

    /// The command that runs a script's body: `function` with each value as one single-quoted
    /// word (the caller ends the line).
    package static func call(_ function: String, _ values: [String]) -> String {
        ([function] + values.map(ShellQuote.posix)).joined(separator: " ")
    }

    /// `real_folder PATH`: succeeds when PATH's folder is reached through no symbolic link — a
    /// folder swapped for a link would take what is moved or written there somewhere else.
    package static let realFolder = """
        real_folder() {
          rf_d=${1%/*}
          [ -n "$rf_d" ] || rf_d=/
          [ "$(cd -P -- "$rf_d" 2>/dev/null && pwd -P)" = "$rf_d" ] && return 0
          printf 'the folder of %s is reached through a symbolic link: refusing\\n' "$1" >&2
          return 1
        }

        """

    /// Moves each existing path into the run's quarantine as `<tag>-<n>` (the name the
    /// controller chose and journaled) and appends a JSON line per file to `manifest.jsonl`:
    /// original path (base64, so any name survives), size, mode, owner, group, mtime and
    /// SHA-256, and the name it is stored under. `mv` keeps mode, owner and mtime, also across
    /// file systems. Three processes a file (stat, sha256sum, mv): the path's base64 comes from
    /// the controller and the hash is cut by the shell.
    package static func quarantine(_ paths: [String], run: String, step: String, tag: String, delete: Bool) -> String {
        let files = paths.flatMap { [$0, Data($0.utf8).base64EncodedString()] }
        let folders = Set(paths.map { ($0 as NSString).deletingLastPathComponent }).sorted()
        let values = [quarantineFolder(run: run), tag, jsonString(step), delete ? "delete" : "move", String(paths.count)] + files + folders
        return quarantineBody + call("quarantine_files", values) + "\n"
    }

    /// `quarantine_files FOLDER TAG STEP_JSON move|delete COUNT [PATH PATH_BASE64]... [SYNC]...`:
    /// COUNT paths with their base64, then the folders to make durable with the quarantine.
    /// `stat` writes the size, mode, owner, group and mtime fields of the JSON line itself.
    static let quarantineBody = realFolder + #"""
        set -e
        umask 077
        quarantine_one() {
          [ -e "$1" ] || [ -L "$1" ] || return 0
          real_folder "$1"
          s=$(stat --printf '"size":%s,"mode":"%a","owner":"%U","group":"%G","mtime":%Y' -- "$1")
          h=-
          if [ ! -L "$1" ] && [ -f "$1" ]; then h=$(sha256sum < "$1"); h=${h%% *}; fi
          if [ "$q_mode" = delete ]; then
            rm -f -- "$1"
            printf '{"path_base64":"%s",%s,"sha256":"%s","step":%s,"deleted":true}\n' "$3" "$s" "$h" "$q_step" >> "$q/manifest.jsonl"
          else
            mv -- "$1" "$q/$q_tag-$2"
            printf '{"path_base64":"%s",%s,"sha256":"%s","step":%s,"stored_as":"%s"}\n' "$3" "$s" "$h" "$q_step" "$q_tag-$2" >> "$q/manifest.jsonl"
          fi
        }
        quarantine_files() {
          q=$1 q_tag=$2 q_step=$3 q_mode=$4 q_count=$5
          shift 5
          mkdir -p "$q"
          q_n=0
          while [ "$q_n" -lt "$q_count" ]; do
            quarantine_one "$1" "$q_n" "$2"
            shift 2
            q_n=$((q_n + 1))
          done
          sync -- "$q" "$q"/* "$@" 2>/dev/null || sync
        }

        """#

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
        let values = [config, (config as NSString).deletingLastPathComponent, staged, backupFolder(run: run), backup(of: config, run: run), expected]
        return replaceConfigBody + call("replace_config", values) + "\n"
    }

    /// `replace_config CONFIG FOLDER STAGED BACKUP_FOLDER BACKUP EXPECTED_SHA256`. The backup
    /// line is written by `printf` (the hashes) and `stat` (mode, owner, group, mtime) together.
    static let replaceConfigBody = realFolder + #"""
        set -e
        replace_config() {
          rc_config=$1 rc_folder=$2 rc_staged=$3 rc_backup=$5
          if [ -L "$rc_config" ]; then
            printf '%s is a symbolic link: scour edits a config only in place\n' "$rc_config" >&2
            exit 1
          fi
          real_folder "$rc_config"
          h=$(sha256sum < "$rc_config")
          if [ "${h%% *}" != "$6" ]; then
            rm -f -- "$rc_staged"
            printf '%s changed on the host since it was read (SHA-256 now %s)\n' "$rc_config" "${h%% *}" >&2
            exit \#(ScriptExit.configChangedSinceRead.rawValue)
          fi
          mkdir -p -m 700 "$4"
          [ -e "$rc_backup" ] || cp -P -p -- "$rc_config" "$rc_backup"
          chown --reference="$rc_config" -- "$rc_staged"
          chmod --reference="$rc_config" -- "$rc_staged"
          w=$(sha256sum < "$rc_staged")
          n=$(mktemp -p "$rc_folder" .scour-edit.XXXXXXXXXX)
          cp -P -p --remove-destination -- "$rc_staged" "$n" || { rm -f -- "$n"; exit 1; }
          rm -f -- "$rc_staged"
          mv -f -T -- "$n" "$rc_config"
          sync -- "$rc_config" "$rc_folder"
          b=$(sha256sum < "$rc_backup")
          printf '\#(ConfigEdit.backupLinePrefix){"sha256":"%s","written":"%s",' "${b%% *}" "${w%% *}"
          stat --printf '"mode":"%a","owner":"%U","group":"%G","mtime":%Y}\n' -- "$rc_backup"
        }

        """#

    /// Puts the backup back, byte for byte, with its mode, owner and mtime (`put_back`).
    package static func restoreConfig(_ config: String, run: String) -> String {
        putBack + putBackCall(config, run: run)
    }

    /// The line that puts `config`'s backup back, the script ending with status 1 if it fails.
    private static func putBackCall(_ config: String, run: String) -> String {
        call("put_back", [backup(of: config, run: run), config]) + " || exit 1\n"
    }

    /// `config`'s replacement is checked with `validate` (the playbook's command, run in a
    /// subshell); when it fails, the backup is put back and the script exits
    /// `ScriptExit.validationFailed`.
    package static func validated(_ validate: String, config: String, run: String) -> String {
        putBack + "if ! ( \(validate)\n); then\n" + putBackCall(config, run: run) + "exit \(ScriptExit.validationFailed.rawValue)\nfi\n"
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
        stopAndDisableBody + call("stop_and_disable", [service]) + "\n"
    }

    /// `stop_and_disable SERVICE`.
    static let stopAndDisableBody = """
        set -e
        stop_and_disable() {
          systemctl stop "$1"
          systemctl disable "$1"
        }

        """

    /// Writes `contents` to `staged` (in root's staging folder) from the script itself (base64
    /// in a here-document: its alphabet cannot end the document early), so a config edit
    /// travels with the script that swaps it in — one round trip, no SFTP session.
    package static func stage(_ contents: Data, at staged: String) -> String {
        let encoded = contents.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        let line = call("stage_file", [(staged as NSString).deletingLastPathComponent, staged])
        return stageBody + line + " <<'SCOUR_STAGED'\n" + encoded + (encoded.isEmpty || encoded.hasSuffix("\n") ? "" : "\n") + "SCOUR_STAGED\n"
    }

    /// `stage_file FOLDER FILE`, the file's bytes in base64 on stdin.
    static let stageBody = """
        set -e
        umask 077
        stage_file() {
          mkdir -p -m 700 -- "$1"
          base64 -d > "$2"
        }

        """

    /// Moves a written patch into place (when `staged`), checks its SHA-256, then runs
    /// `install` — the playbook's command, the one line of the script that is not Scour's.
    package static func installPatch(staged: String?, at path: String, sha256: String, install: String) -> String {
        let values = [staged ?? "", path, (path as NSString).deletingLastPathComponent, sha256]
        return installPatchBody + call("place_patch", values) + "\n" + install + "\n"
    }

    /// `place_patch UPLOAD PATCH FOLDER SHA256`, UPLOAD empty when the patch is in place
    /// already. An upload of this script's own user (root's staging folder) is renamed into
    /// place. One of another user's — the login's, under `/tmp`, when the script runs through
    /// sudo — is copied to a fresh file of this user's and removed: whoever else could have
    /// held the upload has no hold on the file checked and run. A link there is refused.
    static let installPatchBody = #"""
        set -e
        place_patch() {
          pp_upload=$1 pp_patch=$2
          if [ -n "$pp_upload" ]; then
            { [ -f "$pp_upload" ] && [ ! -L "$pp_upload" ]; } || { printf '%s is not the plain file scour uploaded: not installing\n' "$pp_upload" >&2; exit 1; }
            mkdir -p -m 700 -- "$3"
            if [ -O "$pp_upload" ]; then mv -f -T -- "$pp_upload" "$pp_patch"; else cp --remove-destination -- "$pp_upload" "$pp_patch"; rm -f -- "$pp_upload"; fi
            sync -- "$pp_patch" "$3"
          fi
          h=$(sha256sum < "$pp_patch")
          h=${h%% *}
          if [ "$h" != "$4" ]; then echo "SHA-256 on the host is $h: not installing" >&2; exit \#(ScriptExit.patchHashMismatch.rawValue); fi
        }

        """#

    /// Where a reboot step notes the boot it asked to leave: after a controller crash, a
    /// marker holding the current boot id means the reboot is already on its way.
    package static func rebootMarker(run: String, step: String) -> String { "/var/lib/scour/reboots/\(run).\(step)" }

    /// Notes the boot, then reboots from a detached process, so the command returns before the
    /// connection drops.
    package static func reboot(marker: String) -> String {
        rebootBody + call("request_reboot", [marker]) + "\n"
    }

    /// `request_reboot MARKER`.
    static let rebootBody = """
        set -e
        request_reboot() {
          mkdir -p -m 700 /var/lib/scour/reboots
          cat /proc/sys/kernel/random/boot_id > "$1"
          nohup sh -c 'sleep 0.2; reboot' </dev/null >/dev/null 2>&1 &
        }

        """

    private static func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
