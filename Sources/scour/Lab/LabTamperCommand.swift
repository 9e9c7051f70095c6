import ArgumentParser
import ScourEngine
import ScourLab

/// `scour lab tamper HOST MODE`: make one lab host lie as a compromised host does, so Scour's
/// defences against hostile hosts can be rehearsed and tested (docs/lab.md, "A hostile lab").
struct LabTamperCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tamper",
        abstract: "Make a lab host lie or hide: flood, escape, forge-glob, manifest, symlinks, requiretty, tab-name, dir-php, fifo-swap, cr-key, lock-down, huge-config, regex-config, unclosed-config, max-answer; none undoes them all.",
        discussion: """
            flood: every command answers with endless output. escape: answers carry terminal \
            escapes, forged lines and U+202E. forge-glob: probe glob answers add /opt/legit-app.bin. \
            manifest: quarantine manifests gain an entry restoring an attacker key to \
            /root/.ssh/authorized_keys, mode 4755. symlinks: nobody's links at Scour's temporary \
            names point at a root-only victim file. requiretty: sudo refuses without a terminal \
            (labs with --login-user). Hostile users (the host must be up): tab-name: a file \
            /var/www/scripts/root<TAB>.exe; dir-php: a folder /var/www/html/uploads/dir.php; \
            fifo-swap: a loop swapping a FIFO in and out at /etc/cron.d/zz-scour-swap; cr-key: the \
            attacker's authorized_keys line ends in CR; lock-down: the worm's folders 0700 root and \
            a miner running as nobody. Costly answers (the host must be up): huge-config, \
            regex-config, unclosed-config: the web site strip_mappings edits gains 140,000 comment \
            lines between two /c mappings, 8 catastrophic regular-expression mappings, or 20,000 \
            unclosed blocks (one at a time); max-answer: 500 pages filling nimda-nginx's \
            page_scripts glob to its probe's cap. See docs/lab.md.
            """)

    @Argument(help: "The host's name (h01, …).")
    var host: String

    @Argument(help: "flood, escape, forge-glob, manifest, symlinks, requiretty, tab-name, dir-php, fifo-swap, cr-key, lock-down, huge-config, regex-config, unclosed-config, max-answer, or none (undo every mode).")
    var mode: LabController.TamperMode

    @Flag(help: "Undo MODE instead of applying it.")
    var undo = false

    @Option(name: .customLong("run"), help: ArgumentHelp("symlinks: a run id to plant staged-config links for, or its second (all 65536 ids); repeatable.", valueName: "run"))
    var runs: [String] = []

    @Option(help: ArgumentHelp("symlinks: the root-only file the links point at, inside the host's own folders.", valueName: "path"))
    var victim = "/root/victim"

    @Option(help: ArgumentHelp("symlinks: how many of the host's next process ids get .scour-restore-PID-N links.", valueName: "count"))
    var pids = 1000

    @OptionGroup var lab: LabOptions
    @OptionGroup(title: "Logging") var logging: LoggingOptions

    func run() async throws {
        let controller = LabController(layout: lab.layout, logger: logging.makeLogger(label: "scour.lab"))
        var request = LabController.TamperRequest(mode: mode, undo: undo)
        request.runs = runs
        request.victim = victim
        request.pids = pids
        let done = try await runLabAction { try controller.tamper(host: host, request) }
        print(done.isEmpty ? "lab tamper: \(host): nothing to undo" : done.map { "lab tamper: " + $0 }.joined(separator: "\n"))
    }
}

extension LabController.TamperMode: ExpressibleByArgument {}
