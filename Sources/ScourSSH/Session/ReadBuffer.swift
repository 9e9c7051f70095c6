extension [UInt8] {
    /// Room for `libssh2_channel_read` to fill, left uninitialised: only what it writes is ever
    /// read back (up to the count it returns). Zero-filling 64 KiB per command made every page
    /// resident at once — at a thousand sessions in flight, 64 MiB the controller never used.
    static func readBuffer(_ size: Int = 64 << 10) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: size) { _, count in count = size }
    }
}
