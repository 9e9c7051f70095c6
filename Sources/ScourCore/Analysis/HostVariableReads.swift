import ScourSyntax

/// The host variables a playbook reads. Only host variables take a `??` default: they are the
/// only values a host may lack (a param always has its default or its `--param` value, a
/// detect block always matched or not, a step always changed the host or not). Those read
/// without one go to the playbook, for `HostVariableCheck` at plan and apply.
struct HostVariableReads {
    /// Set on every host by the inventory itself.
    static let alwaysSet: Set<String> = ["name", "address"]

    /// The first read of each host variable that has no `??` default, in reading order.
    private(set) var withoutDefault: [HostVariableUse] = []
    private var namesWithoutDefault: Set<String> = []
    /// Every host variable read with a `??` default (for check's did-you-mean).
    private var namesWithDefault: Set<String> = []

    /// A read of `host.NAME` without a default.
    mutating func read(_ name: String, at range: SourceRange) {
        guard namesWithoutDefault.insert(name).inserted else { return }
        withoutDefault.append(HostVariableUse(name: name, range: range))
    }

    /// A read of `host.NAME ?? default`.
    mutating func readWithDefault(_ name: String) {
        namesWithDefault.insert(name)
    }

    /// `scour check` has no inventory: it warns about each variable read without a default,
    /// which plan and apply require every host to set.
    func warnAboutEachWithoutDefault(_ diagnostics: DiagnosticLog) {
        let names = withoutDefault.map(\.name) + namesWithDefault.sorted()
        for use in withoutDefault {
            let close = DidYouMean.suggest(use.name, among: names)
            let help = close.map { "the playbook also reads host.\($0): is one of the two misspelt?" }
                ?? "give a default for hosts without it: host.\(use.name) ?? \"…\""
            diagnostics.warning("every host must set the host variable '\(use.name)': plan and apply stop if one does not", at: use.range,
                                help: help)
        }
    }
}
