import ScourTransport

/// One output stream of a command, collected under an `OutputLimit`: at most `limit.bytes`
/// are ever held (a ring once the cap is reached in tail mode), whatever the host sends.
package struct BoundedOutput {
    package let limit: OutputLimit
    private var storage: [UInt8] = []
    /// In tail mode once full: where the oldest byte is (the ring's start).
    private var start = 0
    /// Bytes read and not kept (tail mode).
    package private(set) var dropped = 0

    init(limit: OutputLimit) {
        self.limit = limit
    }

    /// Adds `chunk`; false when a fail-mode limit was passed (nothing more is kept then).
    mutating func append(_ chunk: ArraySlice<UInt8>) -> Bool {
        let room = limit.bytes - storage.count
        if chunk.count <= room {
            if storage.count + chunk.count > storage.capacity, storage.capacity * 2 > limit.bytes {
                storage.reserveCapacity(limit.bytes)  // growing by doubling would pass the cap
            }
            storage.append(contentsOf: chunk)
            return true
        }
        guard limit.mode == .tail else { return false }
        storage.append(contentsOf: chunk.prefix(room))
        var rest = chunk.dropFirst(room)
        dropped += rest.count  // each byte past the cap pushes out one older byte
        guard !storage.isEmpty else { return true }
        if rest.count >= storage.count {
            storage.replaceSubrange(storage.indices, with: rest.suffix(storage.count))
            start = 0
            return true
        }
        while !rest.isEmpty {
            let count = min(rest.count, storage.count - start)
            storage.replaceSubrange(start..<start + count, with: rest.prefix(count))
            start = (start + count) % storage.count
            rest = rest.dropFirst(count)
        }
        return true
    }

    /// How many bytes are kept.
    package var heldCount: Int { storage.count }

    /// The bytes kept, oldest first.
    package var bytes: [UInt8] {
        start == 0 ? storage : Array(storage[start...] + storage[..<start])
    }
}
