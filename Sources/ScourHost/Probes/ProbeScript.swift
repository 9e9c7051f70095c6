import Foundation
import ScourCore

/// Turns probe items into the one remote execution that answers them all.
///
/// In both dialects the command line is a constant and the script travels on stdin, so no
/// playbook value is ever parsed by the remote login shell (sh, or cmd.exe under Windows
/// OpenSSH). Inside the script values are quoted literals (`ShellQuote`).
public enum ProbeScript {
    /// The script PowerShell runs first, passed with `-EncodedCommand`: it reads stdin as
    /// UTF-8 bytes (not through the console code page, which would mangle non-ASCII paths) and
    /// runs that as the probe script. The probe itself goes on stdin rather than into
    /// `-EncodedCommand` because cmd.exe, Windows OpenSSH's default shell, cuts command lines at
    /// 8191 characters, which a playbook with a few dozen paths would pass.
    public static let powerShellBootstrap =
        "$stdin = [Console]::OpenStandardInput(); $buffer = New-Object IO.MemoryStream; $stdin.CopyTo($buffer); "
        + "& ([scriptblock]::Create([Text.Encoding]::UTF8.GetString($buffer.ToArray())))"

    /// `powershell -NoProfile -NonInteractive -EncodedCommand <base64 of UTF-16LE bootstrap>`.
    public static let powerShellCommand =
        "powershell -NoProfile -NonInteractive -EncodedCommand " + encodedCommand(powerShellBootstrap)

    /// The invocation answering `items` in order on a host of `platform`; `nonce` (16–64 ASCII
    /// letters and digits, see `makeNonce`) must come back in the answer's header and trailer.
    public static func render(_ items: [ProbeItem], platform: Platform, nonce: String) -> RemoteInvocation {
        precondition(ProbeWire.isValidNonce(nonce), "a probe nonce is 16-64 ASCII letters and digits")
        let shell = platform.shell
        return RemoteInvocation(command: shell.scriptCommand, stdin: Array(shell.probeScript(items, nonce: nonce).utf8))
    }

    /// A fresh random nonce for one probe round trip.
    public static func makeNonce() -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet[Int(generator.next(upperBound: UInt(alphabet.count)))] })
    }

    /// PowerShell's `-EncodedCommand` form: base64 of the UTF-16LE text.
    public static func encodedCommand(_ script: String) -> String {
        var bytes: [UInt8] = []
        for unit in script.utf16 {
            bytes.append(UInt8(truncatingIfNeeded: unit))
            bytes.append(UInt8(truncatingIfNeeded: unit >> 8))
        }
        return Data(bytes).base64EncodedString()
    }
}
