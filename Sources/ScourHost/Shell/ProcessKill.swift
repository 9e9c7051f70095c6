import Foundation
import ScourCore

/// The scripts that stop processes: TERM (on windows, a polite `taskkill` without /F), up to
/// `grace` for them to exit, then KILL (`Stop-Process -Force`), and an exit status of
/// `ScriptExit.processesSurvived` when one is still there 5 s later. Zombies count as gone: their
/// memory is released, only the parent's bookkeeping is left.
package enum ProcessKill {
}
