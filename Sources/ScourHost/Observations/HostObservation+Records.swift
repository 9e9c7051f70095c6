import Foundation
import ScourCore

/// How each item's records become part of a `HostObservation` (the field sets the renderers
/// promise, read back strictly).
extension HostObservation {
    package mutating func record(_ item: ProbeItem, from fields: inout ItemFields) throws {
        typealias F = ProbeWire.Field
        switch item {
        case .facts:
            let hostname = try fields.string(F.hostname)
            let bootID = try fields.string(F.bootID)
            guard !bootID.isEmpty else { throw fields.invalid("empty boot id") }
            facts = HostFacts(hostname: hostname, bootID: bootID, os: Self.unquoted(try fields.string(F.os)), kernel: try fields.string(F.kernel))
        case .file(let path):
            files[path] = try Self.file(from: &fields, prefix: "", path: path)
        case .glob(let pattern, let maxMatches):
            let total = try fields.integer(F.count, as: Int.self)
            guard total >= 0 else { throw fields.invalid("negative match count") }
            var matches: [GlobMatch] = []
            for k in 0..<min(total, maxMatches) {
                let path = try fields.string("\(k).\(F.path)")
                if let problem = HostReportedPaths.globMatchProblem(path, pattern: pattern) {
                    throw ProbeError.lyingProbe("the host reported \(path.debugDescription) as a match of \(pattern): \(problem)")
                }
                matches.append(GlobMatch(path: path, file: try Self.file(from: &fields, prefix: "\(k).", path: path)))
            }
            let unseen = try fields.unseenList(cap: maxMatches)
            globs[pattern] = GlobObservation(total: total, matches: matches, unseen: unseen?.unseen, unseenTotal: unseen?.total)
        case .content(let path, let limit):
            let kind = try Self.kind(try fields.string(F.type), fields: fields)
            let unseen = try fields.unseen(F.unseen, of: path)
            guard kind == .regular else {
                guard (kind == .unknown) == (unseen != nil) else { throw fields.invalid("a \(kind.rawValue) path with\(unseen == nil ? "out" : "") a reason it could not be looked at") }
                contents[path] = ContentObservation(kind: kind, unseen: unseen)
                break
            }
            // Bytes read from what stopped being a regular file while read are dropped.
            let data = unseen == nil ? try fields.bytes(F.data) : fields.optionalBytes(F.data) ?? []
            guard data.count <= limit + 1 else { throw fields.invalid("\(data.count) bytes sent, at most \(limit + 1) asked") }
            contents[path] = if let unseen {
                ContentObservation(kind: .regular, unseen: unseen)
            } else if data.count > limit {
                ContentObservation(kind: .regular, tooLarge: true)
            } else {
                ContentObservation(kind: .regular, bytes: Data(data))
            }
        case .globContents(let pattern, let maxMatches, let limit):
            globContents[item.observationKey] = try GlobContentsObservation(from: &fields, pattern: pattern, maxMatches: maxMatches, limit: limit)
        case .contentGlob(let pattern, _, let maxMatches, let lineLimit):
            contentGlobs[item.observationKey] = try ContentGlobObservation(from: &fields, pattern: pattern, maxMatches: maxMatches, lineLimit: lineLimit)
        case .processes(let name, let executable, let commandLine, let maxMatches):
            processLists[item.observationKey] = try ProcessListObservation(
                from: &fields, name: name, executable: executable, commandLine: commandLine, maxMatches: maxMatches)
        case .command(let run, _):
            commands[run] = try fields.integer(F.exit, as: Int32.self)
        case .package(let name):
            let manager = try fields.string(F.manager)
            let status = try fields.optionalString(F.status)
            packages[name] = PackageObservation(manager: manager, versions: try Self.installedVersions(status, manager: manager, fields: fields))
        case .service(let name):
            let manager = try fields.string(F.manager)
            var active = try fields.optionalString(F.active)
            var enabled = try fields.optionalString(F.enabled)
            if manager == "systemd", enabled == "" || enabled == "not-found" {
                // systemctl prints nothing (older) or "not-found" (newer) for a unit it does not know.
                (active, enabled) = (nil, nil)
            }
            services[name] = ServiceObservation(manager: manager, activeState: active, enabledState: enabled)
        case .hotfix(let id):
            hotfixes[id] = try fields.flag(F.installed)
        }
    }

    /// A path's facts under `prefix` (the `file` fields, or a glob match's `k.` ones).
    /// An `unseen` comes with an unknown type (a folder on the way could not be searched) or
    /// with a regular file whose bytes could not be hashed, never otherwise.
    package static func file(from fields: inout ItemFields, prefix: String, path: String) throws -> FileObservation {
        let kind = try Self.kind(try fields.string(prefix + ProbeWire.Field.type), fields: fields)
        let unseen = try fields.unseen(prefix + ProbeWire.Field.unseen, of: path)
        guard kind == .unknown || kind == .regular || unseen == nil else {
            throw fields.invalid("a \(kind.rawValue) path with a reason it could not be looked at")
        }
        switch kind {
        case .absent: return FileObservation(kind: .absent)
        case .unknown:
            guard let unseen else { throw fields.invalid("an unknown type without the reason it could not be looked at") }
            return FileObservation(kind: .unknown, unseen: unseen)
        default: break
        }
        let stat = try fileStat(try fields.string(prefix + ProbeWire.Field.stat), fields: fields)
        guard kind == .regular else { return FileObservation(kind: kind, stat: stat) }
        if let unseen {
            // A regular file's own bytes went unseen: no other path may be named.
            guard unseen.path == path else { throw fields.invalid("a regular file's reason names another path") }
            return FileObservation(kind: .regular, stat: stat, unseen: unseen)
        }
        let hash = try fields.string(prefix + ProbeWire.Field.sha256)
        guard hash.count == 64, hash.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw fields.invalid("not a SHA-256: \(hash)")
        }
        return FileObservation(kind: .regular, stat: stat, sha256: hash)
    }

    private static func kind(_ text: String, fields: ItemFields) throws -> FileKind {
        guard let kind = FileKind(rawValue: text) else { throw fields.invalid("unknown file type \"\(text)\"") }
        return kind
    }

    /// Seven lines: size, mode, uid, gid, mtime, owner, group (uid and gid empty on windows).
    /// Size, mode, uid, gid, mtime, owner, group: separated by `:` (POSIX, where no user or
    /// group name holds one, so the record usually travels plain) or by newlines (windows).
    private static func fileStat(_ text: String, fields: ItemFields) throws -> FileStat {
        let separator: Character = text.contains("\n") ? "\n" : ":"
        let parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 7, let size = UInt64(parts[0]), let mtime = Int64(parts[4]), !parts[1].isEmpty else {
            throw fields.invalid("malformed stat \"\(text)\"")
        }
        func id(_ text: String) throws -> UInt32? {
            if text.isEmpty { return nil }
            guard let value = UInt32(text) else { throw fields.invalid("malformed uid/gid \"\(text)\"") }
            return value
        }
        return FileStat(size: size, mode: parts[1], uid: try id(parts[2]), gid: try id(parts[3]), mtime: mtime, owner: parts[5], group: parts[6])
    }

    /// dpkg: `<want><status><error><version>` lines (`ii 2.4.62-1`), installed when status is `i`;
    /// rpm: `<epoch>:<version>-<release>` with `(none)` for no epoch; registry: one version a line.
    private static func installedVersions(_ status: String?, manager: String, fields: ItemFields) throws -> [String] {
        guard let status else { return [] }
        let lines = status.split(separator: "\n").map(String.init)
        switch manager {
        case "dpkg":
            return try lines.compactMap { line in
                let characters = Array(line)
                guard characters.count >= 3 else { throw fields.invalid("malformed dpkg status \"\(line)\"") }
                return characters[1] == "i" ? String(characters[3...]) : nil
            }
        case "rpm":
            return lines.map { $0.hasPrefix("(none):") ? String($0.dropFirst("(none):".count)) : $0 }
        case "registry":
            return lines
        default:
            throw fields.invalid("unknown package manager \"\(manager)\"")
        }
    }

    /// `PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"` keeps its quotes in os-release.
    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == text.last, first == "\"" || first == "'" else { return text }
        return String(text.dropFirst().dropLast())
    }
}
