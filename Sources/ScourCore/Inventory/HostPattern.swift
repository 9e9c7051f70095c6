import Foundation

/// A `--limit` pattern read as Ansible reads one (`InventoryManager.subset` and
/// `split_host_pattern` in lib/ansible/inventory/manager.py): terms separated by `,` — or, when
/// there is no comma and the text is not one address (`2001:db8::5`, `web[1:3]`), by `:` and
/// whitespace; `@FILE` terms stand for the file's lines, each one term. A term is a host, a
/// group, a glob (`web*`), a regular expression anchored at the name's start (`~web\d+`), any of
/// which but the regex may end in a position subscript (`web[0]`, `web[-1]`, `web[0:2]`,
/// `web[1:]`); `&term` intersects, `!term` excludes. Unions apply first, then intersections,
/// then exclusions, whatever the order written.
///
/// Refused where Ansible would select every host for a pattern that names none (`''`, `,`, an
/// empty limit file) or crash (`!` alone).
public struct HostPattern: Sendable, CustomStringConvertible {
    public let text: String
    /// The terms in Ansible's order of application: unions, then `&`, then `!`.
    let terms: [String]

    public init(parsing text: String) throws {
        var written: [String] = []
        for piece in Self.split(text) {
            if piece.hasPrefix("@") { written += try Self.limitFile(String(piece.dropFirst())) } else { written.append(piece) }
        }
        let nonEmpty = written.filter { !$0.isEmpty }
        guard !nonEmpty.isEmpty else {
            throw InventoryError(path: "--limit", line: nil, message: "empty host pattern '\(text)': Ansible would select every host for it; write 'all' to mean that")
        }
        for term in nonEmpty {
            let body = "!&".contains(term.first!) ? term.dropFirst() : Substring(term)
            guard !body.isEmpty else { throw InventoryError(path: "--limit", line: nil, message: "empty host pattern after '\(term)' in '\(text)'") }
            if body.hasPrefix("~"), (try? NSRegularExpression(pattern: String(body.dropFirst()))) == nil {
                throw InventoryError(path: "--limit", line: nil, message: "invalid regular expression in '\(term)'")
            }
        }
        let unions = nonEmpty.filter { !"!&".contains($0.first!) }
        self.text = text
        self.terms = (unions.isEmpty ? ["all"] : unions) + nonEmpty.filter { $0.first == "&" } + nonEmpty.filter { $0.first == "!" }
    }

    public var description: String { text }

    /// `split_host_pattern`: commas split when there are any; else one address stays whole, and
    /// anything else splits on `:` and whitespace outside brackets.
    static func split(_ text: String) -> [String] {
        let pieces: [String]
        if text.contains(",") {
            pieces = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        } else if AnsibleAddress.parse(text) != nil {
            pieces = [text]
        } else {
            let range = NSRange(text.startIndex..., in: text)
            pieces = Self.colonSeparated.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
        }
        return pieces.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    private static let colonSeparated = try! NSRegularExpression(pattern: #"(?:[^\s:\[\]]|\[[^\]]*\])+"#)

    /// `--limit @FILE`: one term a line, as Ansible reads it (lines are not split further).
    private static func limitFile(_ path: String) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InventoryError(path: "--limit", line: nil, message: "cannot read the limit file '\(path)': no such file")
        }
        guard !isDirectory.boolValue else {
            throw InventoryError(path: "--limit", line: nil, message: "a limit starting with '@' must be a file, not a folder: \(path)")
        }
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InventoryError(path: "--limit", line: nil, message: "cannot read the limit file '\(path)': \((error as NSError).localizedDescription)")
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
