import Foundation

/// A process `kill_process` is about to stop, as the check saw it: the script acts on the pid
/// only while it is still that process (the same start time, and the same executable — or the
/// same name when none was read), so a pid the kernel gave to another process meanwhile is
/// left alone.
package struct ProcessTarget: Sendable, Hashable {
    package var pid: Int
    /// As the probe reports it: linux, clock ticks after boot (field 22 of /proc/PID/stat);
    /// windows, the creation time in ISO 8601 UTC. Empty: not compared.
    package var start: String
    package var executable: String?
    package var name: String

    package init(pid: Int, start: String, executable: String?, name: String) {
        (self.pid, self.start, self.executable, self.name) = (pid, start, executable, name)
    }
}
