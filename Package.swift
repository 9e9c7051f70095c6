// swift-tools-version:6.0
import PackageDescription

/// One module per layer (docs/architecture.md); imports point one way:
/// scour → ScourStore (runs kept in PostgreSQL) → ScourEngine,
/// scour → ScourLab → ScourEngine → (ScourHost → ScourCore → ScourSyntax; ScourSSH → CLibSSH2),
/// scour → CMalloc (glibc's allocator tuning),
/// with ScourTransport (what a connection offers: the protocol and its result types) under both
/// ScourEngine and ScourSSH, which conforms to it.
let package = Package(
    name: "Scour",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "scour", targets: ["scour"]),
        .library(name: "ScourEngine", targets: ["ScourEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.25.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibSSH2",
            pkgConfig: "libssh2",
            providers: [.apt(["libssh2-1-dev"])]
        ),
        .systemLibrary(name: "CMalloc"),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "ScourSyntax"),
        .target(
            name: "ScourCore",
            dependencies: ["ScourSyntax", .product(name: "Yams", package: "Yams")]
        ),
        .target(name: "ScourTransport"),
        .target(
            name: "ScourSSH",
            dependencies: ["CLibSSH2", "CLibCrypto", "ScourTransport", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "ScourHost", dependencies: ["ScourCore"]),
        .target(
            name: "ScourEngine",
            dependencies: [
                "ScourCore", "ScourHost", "ScourSSH", "ScourTransport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "ScourLab",
            dependencies: ["ScourEngine", "ScourCore", "ScourHost", "ScourSSH", "ScourTransport", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "ScourStore",
            dependencies: [
                "ScourEngine", "ScourCore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "scour",
            dependencies: [
                "ScourEngine", "ScourStore", "ScourLab", "ScourHost", "ScourCore", "ScourSyntax", "ScourSSH", "ScourTransport", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "TestSupport",
            dependencies: ["ScourEngine", "ScourLab", "ScourHost", "ScourSSH", "ScourSyntax", "ScourTransport"],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "ScourSyntaxTests", dependencies: ["ScourSyntax", "TestSupport"]),
        .testTarget(name: "ScourCoreTests", dependencies: ["ScourCore", "TestSupport"]),
        .testTarget(name: "ScourHostTests", dependencies: ["ScourHost", "TestSupport"]),
        .testTarget(name: "ScourLabTests", dependencies: ["ScourLab", "TestSupport"]),
        .testTarget(name: "ScourSSHTests", dependencies: ["ScourSSH", "ScourEngine", "TestSupport"]),
        .testTarget(name: "ScourEngineTests", dependencies: ["ScourEngine", "ScourHost", "ScourLab", "TestSupport"]),
        .testTarget(name: "CommandLineTests", dependencies: ["scour", "TestSupport"]),
        .testTarget(
            name: "ScourStoreTests",
            dependencies: ["ScourStore", "ScourEngine", "ScourCore", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio")]
        ),
        .testTarget(name: "IntegrationTests", dependencies: ["ScourEngine", "ScourHost", "ScourLab", "TestSupport"]),
    ]
)
