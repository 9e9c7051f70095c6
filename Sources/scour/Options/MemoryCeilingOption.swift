import ArgumentParser
import ScourCore
import ScourEngine

/// `--memory-ceiling`: the bytes of host answers the controller may hold at once, all hosts
/// together (`AnswerBudget`, docs/cli.md): for the commands whose answers are reserved from it
/// (`plan`, `apply`, `resume`, `restore`).
struct MemoryCeilingOption: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The most memory hosts' answers may take at once, all hosts together (512MiB, 2GiB); a host whose answer does not fit waits its turn.",
        valueName: "size"))
    var memoryCeiling = ByteSize(bytes: UInt64(AnswerBudget.defaultCeiling))

    func validate() throws {
        guard memoryCeiling.bytes >= 1 << 20, memoryCeiling.bytes <= UInt64(Int.max) else {
            throw ValidationError("--memory-ceiling must be at least 1MiB")
        }
    }

    /// `settings` with this ceiling.
    func applied(to settings: ConnectionSettings) -> ConnectionSettings {
        var settings = settings
        settings.memoryCeiling = Int(memoryCeiling.bytes)
        return settings
    }
}
