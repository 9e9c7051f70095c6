import Foundation
import ScourSyntax

/// `apply_patch`: a patch file uploaded (checked against its SHA-256 on the host) and installed,
/// unless its `installed` check already holds.
public struct ApplyPatch: StepAction, StepReading {
    public static let keyword = "apply_patch"
    static let attributes = ["file", "sha256", "installed", "install"]
    /// The checks `installed` takes: how many arguments each has, and what it asks the host about.
    static let installedChecks: [String: (arguments: ClosedRange<Int>, asksAbout: String)] = [
        "file": (1...1, "a file"), "package": (1...2, "a Debian package"), "hotfix": (1...1, "a Windows update"), "command": (1...1, "a command"),
    ]

    /// Absolute path on the controller (resolved against the playbook's folder).
    public var file: String
    /// As written in the playbook, for messages.
    public var fileAsWritten: String
    /// Lowercase hex.
    public var sha256: String
    public var installed: InstalledCheck
    /// `{file}` stands for the uploaded file's path on the host; nil for the platform default.
    public var install: Template?

    public init(file: String, fileAsWritten: String, sha256: String, installed: InstalledCheck, install: Template?) {
        self.file = file
        self.fileAsWritten = fileAsWritten
        self.sha256 = sha256
        self.installed = installed
        self.install = install
    }

    public var explanation: [String] {
        [
            "unless \(installed.words): upload \(fileAsWritten) (SHA-256 \(sha256.prefix(12))…, checked on the host),",
            "run " + (install.map { "`\($0)`" } ?? "it the default way for its type") + ", then check again that it is installed",
        ]
    }

    public func resolvingStrings(_ resolve: (String) -> String) -> ApplyPatch {
        var patch = self
        if case .file(let path) = installed { patch.installed = .file(resolve(path)) }
        return patch
    }
}

/// How to tell that a patch is installed.
public enum InstalledCheck: Sendable, Hashable {
    case file(String)
    /// A Debian package, optionally with a version constraint (`>= 2.4.62`).
    case package(name: String, constraint: String?)
    /// A Windows hotfix id (`Q300972`, `KB5005565`).
    case hotfix(String)
    case command(Template)
}

/// Reading an `apply_patch` block.
extension ApplyPatch {
    static func read(_ reader: BlockReader, in context: AnalysisContext, timeout: Duration?) -> ApplyPatch? {
        let fileAttribute = reader.required("file", help: "file = \"files/patch.sh\", relative to the playbook")
        let written = fileAttribute.flatMap { context.readString($0) }
        let digest = reader.required("sha256", help: "the upload is checked against it on the host before use")
            .flatMap(context.readSHA256)
        let installed = reader.required("installed", help: "installed = file('/var/lib/patches/NAME'), package(…), hotfix(…) or command(…)")
            .flatMap { readInstalledCheck($0, in: context) }
        var valid = true
        let install = context.readOptional(reader["install"], &valid, context.readTemplate)
        guard let fileAttribute, let written, let digest, let installed, valid else { return nil }
        let file = written.hasPrefix("/") ? written : (context.playbookFolder as NSString).appendingPathComponent(written)
        checkPatchFile(file, written: written, digest: digest, at: fileAttribute.value.range, in: context)
        return ApplyPatch(file: file, fileAsWritten: written, sha256: digest, installed: installed, install: install)
    }

    /// A missing patch file is a warning for `check` (it may be fetched later), an error for
    /// `plan` and `apply`; a present one must have the declared hash.
    private static func checkPatchFile(_ file: String, written: String, digest: String, at range: SourceRange, in context: AnalysisContext) {
        guard let actual = SHA256.hex(ofFileAt: file) else {
            let message = FileManager.default.fileExists(atPath: file)
                ? "patch file '\(written)' is not a readable regular file (\(file))"
                : "patch file '\(written)' not found (looked for \(file))"
            switch context.purpose {
            case .check: context.diagnostics.warning(message, at: range, help: "plan and apply need it")
            case .execute: context.diagnostics.error(message, at: range)
            }
            return
        }
        if actual != digest {
            context.diagnostics.error("'\(written)' has SHA-256 \(actual), not the \(digest) this step declares", at: range,
                                      help: "if the file is the right one, update sha256; otherwise replace the file")
        }
    }

    private static func readInstalledCheck(_ attribute: Attribute, in context: AnalysisContext) -> InstalledCheck? {
        guard case .call(let function, let arguments) = attribute.value.kind else {
            if attribute.value.kind != .invalid {
                context.expected("file(…), package(…), hotfix(…) or command(…)", for: "'installed'", found: attribute.value)
            }
            return nil
        }
        guard let arity = installedChecks[function.name]?.arguments else {
            let hint = context.diagnostics.suggestion(for: function.name, at: function.range, among: installedChecks.keys.sorted())
            context.diagnostics.error("unknown check '\(function.name)'", at: function.range,
                                      help: hint.help ?? "installed takes file(…), package(…), hotfix(…) or command(…)", fixIts: hint.fixIts)
            return nil
        }
        guard arity.contains(arguments.count) else {
            context.diagnostics.error("\(function.name)(…) takes \(arity.count == 1 ? "1 argument" : "1 or 2 arguments"), found \(arguments.count)",
                                      at: attribute.value.range)
            return nil
        }
        let platform = context.platform
        guard platform.rules.installedChecks.contains(function.name) else {
            let asks = installedChecks[function.name]!.asksAbout
            context.diagnostics.error("\(function.name)(…) checks \(asks), but this playbook's platform is \(platform.rawValue)", at: function.range,
                                      help: platform.rules.installedChecksHelp)
            return nil
        }
        switch function.name {
        case "file":
            return context.readString(arguments[0], what: "the path").flatMap { context.checkedPath($0, at: arguments[0].range) }.map(InstalledCheck.file)
        case "package":
            guard let name = context.readString(arguments[0], what: "the package name") else { return nil }
            var constraint: String?
            if arguments.count == 2 {
                guard let text = context.readString(arguments[1], what: "the version constraint") else { return nil }
                guard text.range(of: #"^(>=|<=|>>|<<|=|>|<)\s*[0-9A-Za-z.+~:-]+$"#, options: .regularExpression) != nil else {
                    context.diagnostics.error("invalid version constraint '\(text)'", at: arguments[1].range, help: "for example \">= 2.4.62\"")
                    return nil
                }
                constraint = text
            }
            return .package(name: name, constraint: constraint)
        case "hotfix":
            guard let id = context.readString(arguments[0], what: "the hotfix id") else { return nil }
            guard id.range(of: #"^(KB|Q)[0-9]+$"#, options: [.regularExpression, .caseInsensitive]) != nil else {
                context.diagnostics.error("'\(id)' is not a hotfix id", at: arguments[0].range, help: "hotfix ids look like KB5005565 or Q300972")
                return nil
            }
            return .hotfix(id.uppercased())
        default:
            guard case .string(let literal) = arguments[0].kind, let text = literal.literalValue, !text.isEmpty else {
                context.expected("a command string", for: "command(…)", found: arguments[0])
                return nil
            }
            return .command(Template(text))
        }
    }
}
