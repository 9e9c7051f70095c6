// libFuzzer target for the mapping editors of `strip_mappings` (nginx, Apache, IIS), over the
// configuration file a compromised host sends. Editing must never crash nor take more than
// libFuzzer's -timeout per input (host-written regular expressions included); an edit that
// removes nothing gives the file back byte for byte, with no diff; one that removes something
// changes the file and shows a diff. The first byte chooses the server; the rest is the file.

@testable import ScourCore

private let targets = [
    MappingTarget(server: .nginx, config: "/etc/nginx/sites-enabled/default", site: nil),
    MappingTarget(server: .apache, config: "/etc/apache2/sites-enabled/000-default.conf", site: nil),
    MappingTarget(server: .iis, config: MappingTarget.iisDefaultConfig, site: "Default Web Site"),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let target = targets[Int(data[0]) % targets.count]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    let edit = MappingEditor.strip(text, target: target, aliases: ["/c", "/d"], handlers: [".ida", ".idq"])
    let diff = edit.diff(path: target.config)
    if edit.changesSomething != (edit.newText != text) {
        fatalError("\(target.server): removals \(edit.removals) but the file \(edit.newText == text ? "unchanged" : "changed"):\n\(text)")
    }
    if edit.changesSomething == diff.isEmpty {
        fatalError("\(target.server): the diff does not show the edit:\n\(text)\n\(diff)")
    }
    return 0
}
