import Foundation
import ScourCore

extension LabController {
    /// Ways to make a lab host lie, as a compromised host does (issue 15; docs/lab.md).
    public enum TamperMode: String, Sendable, CaseIterable {
        /// Every command answers with endless output.
        case flood
        /// Every answer comes with terminal escapes, forged lines and a bidi override.
        case escape
        /// Probe glob answers report a match outside their pattern, `/opt/legit-app.bin`.
        case forgeGlob = "forge-glob"
        /// The host's quarantine manifests gain an entry restoring an attacker's key, setuid.
        case manifest
        /// An unprivileged user's symlinks wait at the temporary names Scour writes, aimed at a root-only file.
        case symlinks
        /// sudo refuses to run without a terminal (`Defaults requiretty`); needs a lab with a login user.
        case requiretty
        /// A file whose name holds a tab beside the worm's `/var/www/scripts/root.exe`.
        case tabName = "tab-name"
        /// A folder named like a script, `/var/www/html/uploads/dir.php`, beside the web shells.
        case dirPHP = "dir-php"
        /// A background loop swaps a FIFO in and out at `/etc/cron.d/zz-scour-swap`.
        case fifoSwap = "fifo-swap"
        /// The attacker's `authorized_keys` line ends in CR (which sshd accepts).
        case crKey = "cr-key"
        /// The worm's folders 0700 root, and a miner running as nobody: a login that is not
        /// root, without become, cannot see them.
        case lockDown = "lock-down"
        /// The web site `strip_mappings` edits grows to just under 4 MiB: a worm-like `/c`
        /// mapping, 140,000 comment lines, another (issue 24, S1).
        case hugeConfig = "huge-config"
        /// The site gains regular-expression mappings that backtrack for seconds each (S2).
        case regexConfig = "regex-config"
        /// The site gains 20,000 blocks opened and never closed (S3).
        case unclosedConfig = "unclosed-config"
        /// Pages filling a `remove_lines` glob of nimda-nginx.scour to its probe's cap (M1).
        case maxAnswer = "max-answer"
        /// Undo every mode.
        case none

        var isShell: Bool { self == .flood || self == .escape || self == .forgeGlob }
        /// The modes run as root scripts in the host (`LabHostileScripts`, `LabHostileConfigs`):
        /// each adds to the others, but a config mode replaces another.
        var isHostile: Bool { [.tabName, .dirPHP, .fifoSwap, .crKey, .lockDown, .maxAnswer].contains(self) || isConfig }
        /// The modes that rewrite the web site (`LabHostileConfigs`): each replaces the others.
        var isConfig: Bool { [.hugeConfig, .regexConfig, .unclosedConfig].contains(self) }
    }

    public struct TamperRequest: Sendable {
        public var mode: TamperMode
        /// Undo `mode` instead of applying it.
        public var undo = false
        /// `symlinks`: run ids to plant staged-config names for; a run's second alone
        /// (`20261201-104500`) stands for all 65536 run ids of that second.
        public var runs: [String] = []
        /// `symlinks`: the root-only file the links point at (made by the tamper).
        public var victim = "/root/victim"
        /// `symlinks`: how many of the host's next process ids get `.scour-restore-PID-N` links.
        public var pids = 1000

        public init(mode: TamperMode, undo: Bool = false) {
            self.mode = mode
            self.undo = undo
        }
    }

    /// The modes in effect on `host`, read from its tamper record.
    func tamperModes(of host: LabState.Host) -> [String] {
        let folder = layout.hostDirectory(host.name).appendingPathComponent("tamper")
        let shell = (try? String(contentsOf: folder.appendingPathComponent("mode"), encoding: .utf8))
            .map { [$0.trimmingCharacters(in: .whitespacesAndNewlines)] } ?? []
        let files: [(String, String)] = [
            ("tamper/manifests", TamperMode.manifest.rawValue), ("tamper/owners", TamperMode.symlinks.rawValue),
            ("etc/" + LabAccounts.requirettyFile, TamperMode.requiretty.rawValue),
        ]
        let hostFolder = layout.hostDirectory(host.name)
        let hostile = TamperMode.allCases.filter {
            $0.isHostile && FileManager.default.fileExists(atPath: hostFolder.appendingPathComponent("tamper/hostile/" + $0.rawValue).path)
        }.map(\.rawValue)
        return shell + hostile + files.filter { FileManager.default.fileExists(atPath: hostFolder.appendingPathComponent($0.0).path) }.map(\.1)
    }

    /// Applies or undoes a tamper mode on one host; returns what it did, for the user. Shell
    /// modes replace each other; `manifest` and `symlinks` add to whatever else is in effect.
    @discardableResult
    public func tamper(host name: String, _ request: TamperRequest) throws -> [String] {
        let machine = try LabMachine.check()
        let state = try LabState.load(from: layout)
        let host = try state.host(named: name)
        let tamper = Tamper(layout: layout, host: host, machine: machine)
        if request.mode == .none {
            return try tamper.undoShell() + tamper.undoManifest() + tamper.undoSymlinks() + tamper.undoRequiretty()
                + TamperMode.allCases.filter(\.isHostile).flatMap { try tamper.undoHostile($0) }
        }
        if request.mode.isHostile { return try request.undo ? tamper.undoHostile(request.mode) : tamper.hostile(request.mode) }
        switch (request.mode, request.undo) {
        case (.manifest, false): return try tamper.manifest()
        case (.manifest, true): return try tamper.undoManifest()
        case (.symlinks, false): return try tamper.symlinks(victim: request.victim, runs: request.runs, pids: request.pids)
        case (.symlinks, true): return try tamper.undoSymlinks()
        case (.requiretty, false): return try tamper.requiretty()
        case (.requiretty, true): return try tamper.undoRequiretty()
        case (_, true): return try tamper.undoShell()
        case (let mode, false): return try tamper.shell(mode)
        }
    }
}

/// The files and mounts of one host's tampering. Its record lives in the host's folder
/// (`D/hosts/hNN/tamper/`), outside everything the host sees as its own.
private struct Tamper {
    let layout: LabLayout
    let host: LabState.Host
    let machine: LabMachine
    private let files = FileManager.default

    init(layout: LabLayout, host: LabState.Host, machine: LabMachine) {
        self.layout = layout
        self.host = host
        self.machine = machine
    }

    private var folder: URL { layout.hostDirectory(host.name).appendingPathComponent("tamper") }
    /// A path of the host, as this machine sees it in the host's private tree.
    private func onHost(_ path: String) -> String { layout.hostDirectory(host.name).path + "/root" + path }

    // MARK: Shell modes

    /// The host's own /etc/passwd (`--login-user` labs), bound under a tamper's copy.
    private var ownPasswd: String { layout.hostDirectory(host.name).path + "/etc/passwd" }

    /// Installs the mode's login shell for root: a copy of the host's /etc/passwd naming it,
    /// bound over the host's now and at every boot (the boot script binds `tamper/passwd` when
    /// it exists, over the host's own accounts).
    func shell(_ mode: LabController.TamperMode) throws -> [String] {
        let script: String
        switch mode {
        case .flood: script = LabTamperScripts.flood
        case .escape: script = LabTamperScripts.escape(host: host.name)
        default:
            script = LabTamperScripts.forgeGlob
            try write("legit application binary - scour lab\n", to: onHost(LabTamperScripts.forgedMatch), mode: 0o755)
        }
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        let shell = folder.appendingPathComponent("shell").path
        try write(script, to: shell, mode: 0o755)
        let passwd = try String(contentsOfFile: files.fileExists(atPath: ownPasswd) ? ownPasswd : "/etc/passwd", encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                var fields = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard fields.count == 7, fields[0] == "root" else { return String(line) }
                fields[6] = shell
                return fields.joined(separator: ":")
            }.joined(separator: "\n")
        let passwdCopy = folder.appendingPathComponent("passwd").path
        try write(passwd, to: passwdCopy, mode: 0o644)
        try inHostMounts(#"while umount /etc/passwd 2>/dev/null; do :; done; mount --bind "$1" /etc/passwd"#, passwdCopy)
        try write(mode.rawValue + "\n", to: folder.appendingPathComponent("mode").path, mode: 0o644)
        return ["\(host.name): root's commands now run through \(mode.rawValue) (\(shell))"]
    }

    func undoShell() throws -> [String] {
        let passwd = folder.appendingPathComponent("passwd").path
        guard files.fileExists(atPath: passwd) else { return [] }
        try inHostMounts(#"while umount /etc/passwd 2>/dev/null; do :; done; if [ -e "$1" ]; then mount --bind "$1" /etc/passwd; fi"#, ownPasswd)
        try files.removeItem(atPath: passwd)
        try? files.removeItem(at: folder.appendingPathComponent("shell"))
        try? files.removeItem(at: folder.appendingPathComponent("mode"))
        try? files.removeItem(atPath: onHost(LabTamperScripts.forgedMatch))
        return ["\(host.name): root's commands run in a plain shell again"]
    }

    /// Runs `script` with `sh -c` in the host's mount namespace, if the host is up (a stopped
    /// host gets the change at its next boot).
    private func inHostMounts(_ script: String, _ arguments: String...) throws {
        guard let pid = machine.initProcess(of: host.namespace) else { return }
        // The PID namespace too: umount reads /proc/self/mountinfo, which the host's /proc has only for its own processes.
        try machine.inHost(pid, namespaces: ["-m", "-p"], ["/bin/sh", "-c", script, "sh"] + arguments)
    }

    // MARK: hostile users

    private func hostileRecord(_ mode: LabController.TamperMode) -> String {
        folder.appendingPathComponent("hostile/" + mode.rawValue).path
    }

    /// Runs the mode's script in the running host and keeps what it printed for the undo.
    /// Applying a mode in effect does nothing more.
    func hostile(_ mode: LabController.TamperMode) throws -> [String] {
        guard !files.fileExists(atPath: hostileRecord(mode)) else { return ["\(host.name): \(mode.rawValue) is in effect already"] }
        guard let pid = machine.initProcess(of: host.namespace) else {
            throw LabError.invalid("\(host.name) is not running: tamper \(mode.rawValue) needs it up (scour lab power on \(host.name))")
        }
        // Each config mode backs up the site as it finds it: undoing another first keeps the backup the original.
        let replaced = mode.isConfig ? try LabController.TamperMode.allCases.filter { $0.isConfig && $0 != mode }.flatMap(undoHostile) : []
        if mode == .lockDown {
            try files.createDirectory(atPath: onHost((LabHostileScripts.lockedMiner as NSString).deletingLastPathComponent), withIntermediateDirectories: true)
            try LabSampleELF.program(marker: "kworkerds: scour lab sample cryptominer, run as nobody by tamper lock-down\n")
                .write(to: URL(fileURLWithPath: onHost(LabHostileScripts.lockedMiner)))
            chmod(onHost(LabHostileScripts.lockedMiner), 0o755)
        }
        let state = try machine.inHost(pid, namespaces: ["-m", "-p"], ["/bin/bash", "-c", LabHostileScripts.apply(mode), "bash"])
        try write(state, to: hostileRecord(mode), mode: 0o644)
        return replaced + ["\(host.name): " + Self.hostileWords[mode, default: mode.rawValue]]
    }

    func undoHostile(_ mode: LabController.TamperMode) throws -> [String] {
        guard let state = try? String(contentsOfFile: hostileRecord(mode), encoding: .utf8) else { return [] }
        // A stopped host's processes are gone; its files are undone at the next `tamper --undo` while up, or by `lab down`.
        guard let pid = machine.initProcess(of: host.namespace) else {
            throw LabError.invalid("\(host.name) is not running: undoing \(mode.rawValue) needs it up (or `scour lab down`)")
        }
        _ = try machine.inHost(pid, namespaces: ["-m", "-p"], ["/bin/bash", "-c", LabHostileScripts.undo(mode), "bash",
                                                                state.trimmingCharacters(in: .newlines)])
        try files.removeItem(atPath: hostileRecord(mode))
        return ["\(host.name): \(mode.rawValue) undone"]
    }

    private static let hostileWords: [LabController.TamperMode: String] = [
        .tabName: "a file named 'root<TAB>.exe' beside the worm's in \(LabHostileScripts.tabFolder)",
        .dirPHP: "a folder \(LabHostileScripts.phpFolder) beside the web shells",
        .fifoSwap: "a loop swaps a FIFO in and out at \(LabHostileScripts.swapName)",
        .crKey: "the attacker's authorized_keys line ends in CR",
        .lockDown: "the worm's folders are 0700 root, and a miner runs as nobody (\(LabHostileScripts.lockedMiner))",
        .hugeConfig: "the web site holds \(LabHostileConfigs.hugeComments) comment lines between two /c mappings (just under 4 MiB)",
        .regexConfig: "the web site holds \(LabHostileConfigs.regexLines) mappings by the regular expression \(LabHostileConfigs.catastrophicRegex) (Apache: \(LabHostileConfigs.catastrophicApacheRegex))",
        .unclosedConfig: "the web site holds \(LabHostileConfigs.unclosedLines) blocks opened and never closed",
        .maxAnswer: "\(LabHostileConfigs.answerMatches) pages of \(LabHostileConfigs.answerPageBytes) bytes match nimda-nginx's page_scripts glob WEB/*/*/*/*.htm*",
    ]

    // MARK: requiretty

    /// Adds `Defaults requiretty` to the host's own sudo rules (read at every sudo, no remount).
    func requiretty() throws -> [String] {
        let rules = layout.hostDirectory(host.name).appendingPathComponent("etc/sudoers.d")
        guard files.fileExists(atPath: rules.path) else {
            throw LabError.invalid("\(host.name) has no sudo rules of its own: tamper requiretty needs a lab with a login user (scour lab up --login-user NAME)")
        }
        try write("Defaults requiretty\n", to: layout.hostDirectory(host.name).path + "/etc/" + LabAccounts.requirettyFile, mode: 0o440)
        return ["\(host.name): sudo now refuses to run without a terminal (Defaults requiretty)"]
    }

    func undoRequiretty() throws -> [String] {
        let path = layout.hostDirectory(host.name).path + "/etc/" + LabAccounts.requirettyFile
        guard files.fileExists(atPath: path) else { return [] }
        try files.removeItem(atPath: path)
        return ["\(host.name): sudo runs without a terminal again"]
    }

    // MARK: manifest

    private static let attackerKey = "/root/attacker-key"
    private static let attackerKeyText = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHNjb3VyIGxhYiBhdHRhY2tlciBrZXkgLSBub3QgcmVhbAAA attacker@scour-lab\n"

    /// Appends to every quarantine manifest of the host an entry that, restored, installs
    /// `attackerKey` as /root/.ssh/authorized_keys, setuid: `stored_as` climbs out of the
    /// quarantine folder (/var/lib/scour/quarantine/RUN/../../../../../root/attacker-key), and size
    /// and SHA-256 are the attacker file's own, so a hash check alone passes it.
    func manifest() throws -> [String] {
        let quarantine = onHost("/var/lib/scour/quarantine")
        let runs = ((try? files.contentsOfDirectory(atPath: quarantine)) ?? []).sorted()
            .filter { files.fileExists(atPath: "\(quarantine)/\($0)/manifest.jsonl") }
        guard !runs.isEmpty else {
            throw LabError.invalid("\(host.name) has no quarantine manifest (/var/lib/scour/quarantine/*/manifest.jsonl): tamper manifest needs a run that quarantined files on it")
        }
        try write(Self.attackerKeyText, to: onHost(Self.attackerKey), mode: 0o644)
        let key = onHost(Self.attackerKey)
        let backups = folder.appendingPathComponent("manifests")
        try files.createDirectory(at: backups, withIntermediateDirectories: true)
        for run in runs {
            let manifest = "\(quarantine)/\(run)/manifest.jsonl"
            let backup = backups.appendingPathComponent(run + ".jsonl").path
            if !files.fileExists(atPath: backup) { try files.copyItem(atPath: manifest, toPath: backup) }
            let text = try String(contentsOfFile: manifest, encoding: .utf8)
            let lastStep = text.split(separator: "\n").last
                .flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["step"] as? String
            let entry: [String: Any] = [
                "path_base64": Data("/root/.ssh/authorized_keys".utf8).base64EncodedString(),
                "size": Self.attackerKeyText.utf8.count, "mode": "4755", "owner": "root", "group": "root",
                "mtime": Int(Date().timeIntervalSince1970), "sha256": SHA256.hex(ofFileAt: key) ?? "-",
                "step": lastStep ?? "backdoors", "stored_as": "../../../../../root/attacker-key",
            ]
            let line = try JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys, .withoutEscapingSlashes])
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: manifest))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: (text.isEmpty || text.hasSuffix("\n") ? Data() : Data("\n".utf8)) + line + Data("\n".utf8))
        }
        return runs.map { "\(host.name): manifest of run \($0) restores \(Self.attackerKey) as /root/.ssh/authorized_keys, mode 4755" }
    }

    func undoManifest() throws -> [String] {
        let backups = folder.appendingPathComponent("manifests")
        let saved = ((try? files.contentsOfDirectory(atPath: backups.path)) ?? []).sorted()
        for name in saved {
            let manifest = onHost("/var/lib/scour/quarantine/\(name.replacingOccurrences(of: ".jsonl", with: ""))/manifest.jsonl")
            try? files.removeItem(atPath: manifest)
            try files.copyItem(atPath: backups.appendingPathComponent(name).path, toPath: manifest)
        }
        try? files.removeItem(at: backups)
        guard !saved.isEmpty else { return [] }
        try? files.removeItem(atPath: onHost(Self.attackerKey))
        return ["\(host.name): \(saved.count) quarantine manifests as they were"]
    }

    // MARK: symlinks

    /// Folders an unprivileged user is given (as a web admin might own them) and fills with
    /// links: the Apache site folder (strip_mappings stages `.NAME.scour-RUN` there) and the
    /// folders the reference playbook quarantines from (restore writes `.scour-restore-PID-N`).
    static let linkFolders = ["/etc/apache2/sites-enabled", "/var/www/scripts", "/var/www/msadc", "/opt"]

    func symlinks(victim: String, runs: [String], pids: Int) throws -> [String] {
        guard !victim.split(separator: "/").contains(".."),
              LabLayout.privatePaths.contains(where: { victim.hasPrefix($0 + "/") }) else {
            throw LabError.invalid("--victim must be a path inside one of the host's own folders (\(LabLayout.privatePaths.joined(separator: " "))), not \(victim)")
        }
        let expanded = try runs.flatMap(Self.runIDs)
        guard let nobody = getpwnam("nobody") else { throw LabError.unsupported("this machine has no user nobody") }
        let uid = nobody.pointee.pw_uid, gid = nobody.pointee.pw_gid
        try files.createDirectory(at: folder, withIntermediateDirectories: true)
        try write("scour lab victim: only root may read or change this file\n", to: onHost(victim), mode: 0o600)
        chown(onHost(victim), 0, 0)
        try write(victim, to: folder.appendingPathComponent("victim").path, mode: 0o644)

        // Each folder's owner before, to give it back: "uid gid made path".
        var owners = (try? String(contentsOf: folder.appendingPathComponent("owners"), encoding: .utf8)) ?? ""
        for path in Self.linkFolders where !owners.contains(" \(path)\n") {
            let local = onHost(path)
            let made = !files.fileExists(atPath: local)
            try files.createDirectory(atPath: local, withIntermediateDirectories: true)
            var info = stat()
            guard stat(local, &info) == 0 else { throw LabError.failed("cannot stat \(local)") }
            owners += "\(made ? 0 : info.st_uid) \(made ? 0 : info.st_gid) \(made ? 1 : 0) \(path)\n"
            chown(local, uid, gid)
        }
        try write(owners, to: folder.appendingPathComponent("owners").path, mode: 0o644)

        let lastPID = try machine.initProcess(of: host.namespace).map {
            Int(try machine.inHost($0, namespaces: ["-m", "-p"], ["cat", "/proc/sys/kernel/ns_last_pid"])
                .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 1
        } ?? 1
        var names: [String] = []
        let site = Self.linkFolders[0]
        for config in ((try? files.contentsOfDirectory(atPath: onHost(site))) ?? []).sorted() where !config.hasPrefix(".") {
            names += expanded.map { "\(site)/.\(config).scour-\($0)" }
        }
        for path in Self.linkFolders {
            for pid in (lastPID + 1)...(lastPID + max(1, pids)) {
                names += (0..<4).map { "\(path)/.scour-restore-\(pid)-\($0)" }
            }
        }
        var planted = 0
        for name in names where symlink(victim, onHost(name)) == 0 {
            lchown(onHost(name), uid, gid)
            planted += 1
        }
        return ["\(host.name): \(victim) (root only, 0600) and \(planted) symlinks to it, owned by nobody, in \(Self.linkFolders.joined(separator: " ")) (now nobody's)"]
    }

    func undoSymlinks() throws -> [String] {
        let ownersFile = folder.appendingPathComponent("owners")
        guard let owners = try? String(contentsOf: ownersFile, encoding: .utf8) else { return [] }
        let victim = (try? String(contentsOf: folder.appendingPathComponent("victim"), encoding: .utf8)) ?? ""
        var removed = 0
        for line in owners.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 3).map(String.init)
            guard fields.count == 4, let uid = uid_t(fields[0]), let gid = gid_t(fields[1]) else { continue }
            let local = onHost(fields[3])
            for name in (try? files.contentsOfDirectory(atPath: local)) ?? []
            where (try? files.destinationOfSymbolicLink(atPath: "\(local)/\(name)")) == victim {
                if unlink("\(local)/\(name)") == 0 { removed += 1 }
            }
            if fields[2] == "1" { rmdir(local) } else { chown(local, uid, gid) }
        }
        if !victim.isEmpty { try? files.removeItem(atPath: onHost(victim)) }
        try? files.removeItem(at: ownersFile)
        try? files.removeItem(at: folder.appendingPathComponent("victim"))
        return ["\(host.name): \(removed) symlinks and the victim file removed, folders given back"]
    }

    /// A run id, or a run's second (`20261201-104500`) standing for its 65536 run ids.
    private static func runIDs(_ run: String) throws -> [String] {
        if run.range(of: #"^[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$"#, options: .regularExpression) != nil { return [run] }
        guard run.range(of: #"^[0-9]{8}-[0-9]{6}$"#, options: .regularExpression) != nil else {
            throw LabError.invalid("--run takes a run id (20261201-104500-3fa1) or its second (20261201-104500), not \(run)")
        }
        return (0...0xFFFF).map { run + "-" + String(format: "%04x", $0) }
    }

    private func write(_ text: String, to path: String, mode: Int) throws {
        try files.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        try files.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }
}
