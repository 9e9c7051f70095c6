import Foundation

/// Tiny, harmless, fixed x86-64 ELF files for scenarios that need a real program or a real
/// shared object: a miner that `ps`, `/proc/PID/exe` and a kill must see as a process of its
/// own, and libraries `/etc/ld.so.preload` names (the dynamic loader loads them into every
/// process of the host, and prints an error into every command's output for a missing or
/// broken one). Written byte by byte so the lab needs no compiler and their hashes are stable;
/// `marker` is text carried in the file, so each sample is recognisable and has its own hash.
enum LabSampleELF {
    /// Whether this machine runs the samples (the lab's machines are x86-64).
    static var machineRuns: Bool {
        #if arch(x86_64)
        true
        #else
        false
        #endif
    }

    /// A static executable that waits for signals forever (`pause()` in a loop), whatever its
    /// arguments: TERM or KILL ends it, as they would a real process that does not catch them.
    static func program(marker: String) -> Data {
        let base: UInt64 = 0x40_0000
        let codeOffset = UInt64(headerSize + 2 * programHeaderSize)
        // loop: mov eax, 34 (pause); syscall; jmp loop
        let code: [UInt8] = [0xB8, 0x22, 0x00, 0x00, 0x00, 0x0F, 0x05, 0xEB, 0xF7]
        let size = codeOffset + UInt64(code.count + marker.utf8.count)
        var file = header(type: 2, entry: base + codeOffset, programHeaders: 2)
        file += programHeader(type: load, flags: 5, offset: 0, address: base, size: size, align: 0x1000)
        file += programHeader(type: gnuStack, flags: 6, offset: 0, address: 0, size: 0, align: 16)
        file += code + Array(marker.utf8)
        return Data(file)
    }

    /// A shared object with no code, no symbols and nothing to relocate: loading it does
    /// nothing. The dynamic loader needs a symbol table, a string table and a hash table even
    /// so, and the dynamic section writable (it rebases the entries in place).
    static func library(marker: String) -> Data {
        let dynamicOffset = UInt64(headerSize + 3 * programHeaderSize)
        let hashOffset = dynamicOffset + 6 * 16
        let symbolsOffset = hashOffset + 16
        let stringsOffset = symbolsOffset + 24
        let strings = [0] + Array(marker.utf8)
        let size = stringsOffset + UInt64(strings.count)
        var file = header(type: 3, entry: 0, programHeaders: 3)
        file += programHeader(type: load, flags: 6, offset: 0, address: 0, size: size, align: 0x1000)
        file += programHeader(type: dynamic, flags: 6, offset: dynamicOffset, address: dynamicOffset, size: 6 * 16, align: 8)
        file += programHeader(type: gnuStack, flags: 6, offset: 0, address: 0, size: 0, align: 16)
        // DT_HASH, DT_STRTAB, DT_SYMTAB, DT_STRSZ, DT_SYMENT, DT_NULL
        for (tag, value) in [(4, hashOffset), (5, stringsOffset), (6, symbolsOffset), (10, UInt64(strings.count)), (11, 24), (0, 0)] {
            file += bytes(UInt64(tag)) + bytes(value)
        }
        file += bytes(UInt32(1)) + bytes(UInt32(1)) + bytes(UInt32(0)) + bytes(UInt32(0))  // one bucket, one (null) chain
        file += [UInt8](repeating: 0, count: 24)  // the null symbol
        file += strings
        return Data(file)
    }

    private static let headerSize = 64
    private static let programHeaderSize = 56
    private static let load: UInt32 = 1
    private static let dynamic: UInt32 = 2
    private static let gnuStack: UInt32 = 0x6474_E551

    /// ELF64 little-endian header for x86-64 (machine 62), program headers right after it.
    private static func header(type: UInt16, entry: UInt64, programHeaders: UInt16) -> [UInt8] {
        var header: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0] + [UInt8](repeating: 0, count: 8)
        header += bytes(type) + bytes(UInt16(62)) + bytes(UInt32(1)) + bytes(entry)
        header += bytes(UInt64(headerSize)) + bytes(UInt64(0)) + bytes(UInt32(0))
        header += bytes(UInt16(headerSize)) + bytes(UInt16(programHeaderSize)) + bytes(programHeaders)
        header += bytes(UInt16(64)) + bytes(UInt16(0)) + bytes(UInt16(0))
        return header
    }

    /// One segment whose file and memory sizes are equal.
    private static func programHeader(type: UInt32, flags: UInt32, offset: UInt64, address: UInt64, size: UInt64, align: UInt64) -> [UInt8] {
        bytes(type) + bytes(flags) + bytes(offset) + bytes(address) + bytes(address) + bytes(size) + bytes(size) + bytes(align)
    }

    private static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }
}
