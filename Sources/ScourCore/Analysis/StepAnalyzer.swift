import Foundation
import ScourSyntax

extension AnalysisContext {
    /// Attributes every step takes.
    static let commonStepAttributes = ["when", "retries", "timeout"]
    /// The attributes of each step kind, common ones included (built once, not per step).
    static let stepAttributes: [String: [String]] = [
        "remove_files": ["paths", "mode", "max_matches"],
        "strip_mappings": ["server", "config", "site", "aliases", "handlers", "validate"],
        "reboot": ["test"],
        "apply_patch": ["file", "sha256", "installed", "install"],
        "disable_service": ["service"],
        "run": ["command", "unless"],
    ].mapValues { commonStepAttributes + $0 }

    func readStep(_ block: Block, isFirst: Bool) -> Step? {
        let kind = block.kind.name
        let reader = BlockReader(block, context: self, attributes: Self.stepAttributes[kind] ?? Self.stepAttributes["run"]!)
        let name = reader.requiredLabel(example: "\(kind) \"NAME\" { … }")
        var valid = true
        let when = readOptional(reader["when"], &valid, readCondition)
        if isFirst, case .changed? = when {
            warning("'changed' is never true on the first step: no earlier step can have changed the host",
                    at: reader["when"]!.value.range)
        }
        let retries = readOptional(reader["retries"], &valid) { readInteger($0, in: 0...100) }
        let timeout = readOptional(reader["timeout"], &valid) { readDuration($0) }
        let action: Step.Action? = switch kind {
        case "remove_files": readRemoveFiles(reader).map(Step.Action.removeFiles)
        case "strip_mappings": readStripMappings(reader).map(Step.Action.stripMappings)
        case "reboot": readReboot(reader, timeout: timeout)
        case "apply_patch": readApplyPatch(reader).map(Step.Action.applyPatch)
        case "disable_service": readService(reader).map { Step.Action.disableService(service: $0) }
        default: readRun(reader)
        }
        guard let name, let action, valid else { return nil }
        return Step(name: name, when: when, retries: retries, timeout: timeout, action: action)
    }

    private func readRemoveFiles(_ reader: BlockReader) -> RemoveFiles? {
        var valid = true
        let mode = readOptional(reader["mode"], &valid) {
            readKeyword($0, among: ["quarantine", "delete"]).flatMap(RemoveFiles.Mode.init(rawValue:))
        } ?? .quarantine
        let maxMatches = readOptional(reader["max_matches"], &valid) { readInteger($0, in: 1...100_000) }
        guard let attribute = reader.required("paths", help: "paths = ['/var/www/scripts/root.exe']"),
              let paths = readStringList(attribute),
              case .list(let items) = attribute.value.kind
        else { return nil }
        for (path, item) in zip(paths, items) {
            if let problem = PathRules.removalProblem(path, platform: platform) {
                error(problem, at: item.range)
                valid = false
            } else if PathRules.hasGlob(path) && reader["max_matches"] == nil {
                error("'\(path)' is a glob; set max_matches to say how many files it may remove on a host", at: item.range,
                      help: "paths are exact unless max_matches bounds what a glob may match")
                valid = false
            }
        }
        if let attribute = reader["max_matches"], !paths.contains(where: PathRules.hasGlob) {
            warning("max_matches has no effect: no path is a glob", at: attribute.name.range)
        }
        return valid ? RemoveFiles(paths: paths, mode: mode, maxMatches: maxMatches) : nil
    }

    private func readStripMappings(_ reader: BlockReader) -> StripMappings? {
        let target = readMappingTarget(reader)
        let aliases = readList(reader["aliases"], check: checkedAlias)
        let handlers = readList(reader["handlers"], check: checkedHandler)
        if reader["aliases"] == nil && reader["handlers"] == nil {
            error("\(reader.title) needs 'aliases' or 'handlers'", at: reader.block.kind.range,
                  help: "aliases = [\"/c\", \"/d\"] or handlers = [\".ida\", \".idq\"]")
            return nil
        }
        var valid = true
        let validate = readOptional(reader["validate"], &valid, readTemplate)
        guard let target, let aliases, let handlers, valid else { return nil }
        return StripMappings(target: target, aliases: aliases, handlers: handlers, validate: validate)
    }

    /// An optional list attribute whose items are checked one by one; absent means empty.
    private func readList(_ attribute: Attribute?, check: (String, SourceRange) -> String?) -> [String]? {
        guard let attribute else { return [] }
        guard let values = readStringList(attribute), case .list(let items) = attribute.value.kind else { return nil }
        let checked = zip(values, items).map { check($0, $1.range) }
        return checked.allSatisfy { $0 != nil } ? checked.map { $0! } : nil
    }

    private func readReboot(_ reader: BlockReader, timeout: Duration?) -> Step.Action? {
        var valid = true
        let test = readOptional(reader["test"], &valid, readTemplate)
        guard valid else { return nil }
        // A reboot's timeout runs from the reboot command to a working login; 15m is a slow server's boot.
        return .reboot(Reboot(timeout: timeout ?? .seconds(900), test: test))
    }

    private func readApplyPatch(_ reader: BlockReader) -> ApplyPatch? {
        let fileAttribute = reader.required("file", help: "file = \"files/patch.sh\", relative to the playbook")
        let written = fileAttribute.flatMap { readString($0) }
        let digest = reader.required("sha256", help: "the upload is checked against it on the host before use")
            .flatMap(readSHA256)
        let installed = reader.required("installed", help: "installed = file('/var/lib/patches/NAME'), package(…), hotfix(…) or command(…)")
            .flatMap(readInstalledCheck)
        var valid = true
        let install = readOptional(reader["install"], &valid, readTemplate)
        guard let fileAttribute, let written, let digest, let installed, valid else { return nil }
        let file = written.hasPrefix("/") ? written : (playbookFolder as NSString).appendingPathComponent(written)
        checkPatchFile(file, written: written, digest: digest, at: fileAttribute.value.range)
        return ApplyPatch(file: file, fileAsWritten: written, sha256: digest, installed: installed, install: install)
    }

    /// A missing patch file is a warning for `check` (it may be fetched later), an error for
    /// `plan` and `apply`; a present one must have the declared hash.
    private func checkPatchFile(_ file: String, written: String, digest: String, at range: SourceRange) {
        guard let actual = SHA256.hex(ofFileAt: file) else {
            let message = FileManager.default.fileExists(atPath: file)
                ? "patch file '\(written)' is not a readable regular file (\(file))"
                : "patch file '\(written)' not found (looked for \(file))"
            switch purpose {
            case .check: warning(message, at: range, help: "plan and apply need it")
            case .execute: error(message, at: range)
            }
            return
        }
        if actual != digest {
            error("'\(written)' has SHA-256 \(actual), not the \(digest) this step declares", at: range,
                  help: "if the file is the right one, update sha256; otherwise replace the file")
        }
    }

    private func readRun(_ reader: BlockReader) -> Step.Action? {
        var valid = true
        let command = reader.required("command").flatMap(readTemplate)
        let unless = readOptional(reader["unless"], &valid, readTemplate)
        guard let command, valid else { return nil }
        return .run(command: command, unless: unless)
    }

    private func readInstalledCheck(_ attribute: Attribute) -> InstalledCheck? {
        guard case .call(let function, let arguments) = attribute.value.kind else {
            if attribute.value.kind != .invalid {
                expected("file(…), package(…), hotfix(…) or command(…)", for: "'installed'", found: attribute.value)
            }
            return nil
        }
        let functions = ["file": 1...1, "package": 1...2, "hotfix": 1...1, "command": 1...1]
        guard let arity = functions[function.name] else {
            let hint = suggestion(for: function.name, at: function.range, among: functions.keys.sorted())
            error("unknown check '\(function.name)'", at: function.range,
                  help: hint.help ?? "installed takes file(…), package(…), hotfix(…) or command(…)", fixIts: hint.fixIts)
            return nil
        }
        guard arity.contains(arguments.count) else {
            error("\(function.name)(…) takes \(arity.count == 1 ? "1 argument" : "1 or 2 arguments"), found \(arguments.count)",
                  at: attribute.value.range)
            return nil
        }
        switch function.name {
        case "file":
            return readString(arguments[0], what: "the path").flatMap { checkedPath($0, at: arguments[0].range) }.map(InstalledCheck.file)
        case "package":
            guard platform == .linux else {
                error("package(…) checks a Debian package, but this playbook's platform is windows", at: function.range,
                      help: "use hotfix(\"KB…\") or command(…)")
                return nil
            }
            guard let name = readString(arguments[0], what: "the package name") else { return nil }
            var constraint: String?
            if arguments.count == 2 {
                guard let text = readString(arguments[1], what: "the version constraint") else { return nil }
                guard text.range(of: #"^(>=|<=|>>|<<|=|>|<)\s*[0-9A-Za-z.+~:-]+$"#, options: .regularExpression) != nil else {
                    error("invalid version constraint '\(text)'", at: arguments[1].range, help: "for example \">= 2.4.62\"")
                    return nil
                }
                constraint = text
            }
            return .package(name: name, constraint: constraint)
        case "hotfix":
            guard platform == .windows else {
                error("hotfix(…) checks a Windows update, but this playbook's platform is linux", at: function.range,
                      help: "use package(…), file(…) or command(…)")
                return nil
            }
            guard let id = readString(arguments[0], what: "the hotfix id") else { return nil }
            guard id.range(of: #"^(KB|Q)[0-9]+$"#, options: [.regularExpression, .caseInsensitive]) != nil else {
                error("'\(id)' is not a hotfix id", at: arguments[0].range, help: "hotfix ids look like KB5005565 or Q300972")
                return nil
            }
            return .hotfix(id.uppercased())
        default:
            guard case .string(let literal) = arguments[0].kind, let text = literal.literalValue, !text.isEmpty else {
                expected("a command string", for: "command(…)", found: arguments[0])
                return nil
            }
            return .command(Template(text))
        }
    }

    private func readService(_ reader: BlockReader) -> String? {
        guard let attribute = reader.required("service", help: platform == .linux ? "service = \"apache2\"" : "service = \"W3SVC\""),
              let service = readString(attribute)
        else { return nil }
        guard service.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_-.@:".contains($0)) }) else {
            error("'\(service)' is not a service name", at: attribute.value.range,
                  help: "letters, digits and _ - . @ : only (a systemd unit or a Windows service name)")
            return nil
        }
        return service
    }
}
