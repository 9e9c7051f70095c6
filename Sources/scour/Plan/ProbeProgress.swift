import Foundation

/// "probed 37/120 hosts" on stderr while a plan is made, on a terminal only.
final class ProbeProgress: @unchecked Sendable {
    private let total: Int
    private var done = 0

    init(total: Int) { self.total = total }

    func advance() {
        done += 1
        FileHandle.standardError.write(Data("\r\u{1B}[2Kprobed \(done)/\(total) hosts".utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
}
