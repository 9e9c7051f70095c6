import Foundation
import ScourCore
import Testing
@testable import ScourHost

/// A saved plan keeps files' hashes, not their bytes; apply gets the bytes back from its own
/// probe only where they are the very bytes the plan saw.
@Suite struct SavedBytesTests {
    let config = Data("location /scripts { alias /c/winnt/system32; }\n".utf8)

    func observation(_ bytes: Data, match: Data) -> HostObservation {
        var observation = HostObservation()
        observation.contents["/etc/nginx/nginx.conf"] = ContentObservation(kind: .regular, bytes: bytes)
        let file = FileObservation(kind: .regular, sha256: SHA256.hex(of: match))
        observation.globContents["pages"] = GlobContentsObservation(total: 1, matches: [
            GlobContentsMatch(path: "/srv/www/a.htm", file: file, content: ContentObservation(kind: .regular, bytes: match)),
        ])
        return observation
    }

    @Test func saved_contents_keep_their_hash_and_compare_equal_to_the_bytes() throws {
        let read = observation(config, match: Data("<p>page</p>\n".utf8))
        let saved = read.withoutBytes()
        let content = try #require(saved.contents["/etc/nginx/nginx.conf"])
        #expect(content.bytes == nil)
        #expect(content.sha256 == SHA256.hex(of: config))
        #expect(saved == read, "a hash stands for its bytes")
        #expect(saved.globContents["pages"]?.matches.first?.content?.bytes == nil)
        let json = String(decoding: saved.canonicalJSON(), as: UTF8.self)
        #expect(json.contains("\"sha256\":\"\(SHA256.hex(of: config))\""))
        #expect(!json.contains("\"bytes\""))
        let decoded = try JSONDecoder().decode(HostObservation.self, from: Data(saved.canonicalJSON()))
        #expect(decoded.contents["/etc/nginx/nginx.conf"]?.sha256 == SHA256.hex(of: config))
    }

    @Test func apply_gets_back_only_the_bytes_the_plan_saw() throws {
        let page = Data("<p>page</p>\n".utf8)
        let saved = observation(config, match: page).withoutBytes()
        let same = saved.restoringBytes(from: observation(config, match: page))
        #expect(same.contents["/etc/nginx/nginx.conf"]?.bytes == config)
        #expect(same.globContents["pages"]?.matches.first?.content?.bytes == page)

        let changed = observation(config + Data("# edited\n".utf8), match: Data("<p>other</p>\n".utf8))
        let kept = saved.restoringBytes(from: changed)
        #expect(kept.contents["/etc/nginx/nginx.conf"]?.bytes == nil)
        #expect(kept.contents["/etc/nginx/nginx.conf"] != changed.contents["/etc/nginx/nginx.conf"])
        #expect(kept.globContents["pages"]?.matches.first?.content?.bytes == nil)
    }

    /// The address of `data`'s buffer: two equal `Data` values share one exactly when equal here.
    private func buffer(_ data: Data?) -> UnsafeRawPointer? { data?.withUnsafeBytes { $0.baseAddress } }

    @Test func a_reprobe_of_unchanged_files_shares_the_buffers_already_held() throws {
        // Longer than the 14 bytes `Data` keeps inline, without a buffer to share.
        let page = Data("<p>a page of the site</p>\n".utf8)
        let held = observation(config, match: page)
        // The same bytes read again: equal, but a buffer of their own until shared.
        let reread = observation(Data(Array(config)), match: Data(Array(page)))
        #expect(buffer(reread.contents["/etc/nginx/nginx.conf"]?.bytes) != buffer(held.contents["/etc/nginx/nginx.conf"]?.bytes))
        let shared = reread.restoringBytes(from: held)
        #expect(buffer(shared.contents["/etc/nginx/nginx.conf"]?.bytes) == buffer(held.contents["/etc/nginx/nginx.conf"]?.bytes))
        #expect(buffer(shared.globContents["pages"]?.matches.first?.content?.bytes) == buffer(held.globContents["pages"]?.matches.first?.content?.bytes))
        #expect(shared == reread)

        // A file that changed keeps its own bytes.
        let edited = observation(config + Data("# edited\n".utf8), match: page).restoringBytes(from: held)
        #expect(edited.contents["/etc/nginx/nginx.conf"]?.bytes == config + Data("# edited\n".utf8))
    }

    @Test func the_hash_is_worked_out_once_kept_and_follows_new_bytes() throws {
        // Trusted as given (the probe just checked it): not hashed again.
        let given = ContentObservation(bytes: config, sha256: "checked-by-the-caller")
        #expect(given.sha256 == "checked-by-the-caller")
        #expect(given.withoutBytes().sha256 == "checked-by-the-caller")
        var content = ContentObservation(kind: .regular, bytes: config)
        #expect(content.sha256 == SHA256.hex(of: config))
        content.bytes = Data("other\n".utf8)
        #expect(content.sha256 == SHA256.hex(of: Data("other\n".utf8)))
        // Held bytes go into the JSON without their hash, and a hash comes back from them.
        let json = String(decoding: try JSONEncoder().encode(content), as: UTF8.self)
        #expect(!json.contains("sha256"))
        #expect(try JSONDecoder().decode(ContentObservation.self, from: Data(json.utf8)).sha256 == content.sha256)
    }
}
