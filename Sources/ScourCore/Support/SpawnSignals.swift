import Glibc

/// What every process Scour spawns gets: SIGPIPE back to its default (Swift ignores it in its
/// own process) and no blocked signals — so a child behaves as it would from a shell.
public enum SpawnSignals {
    /// Sets `attributes` so; returns the posix_spawn flags that make them count.
    public static func reset(_ attributes: inout posix_spawnattr_t) -> Int32 {
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        return Int32(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
    }
}
