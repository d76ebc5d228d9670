// swift-tools-version: 6.0
import PackageDescription

// foundry's benchmarks: speed and accuracy measured side by side in one run, printed as ratios.
// A package of its own, depending on foundry's by path, so foundry's manifest holds the product.
//   swift build -c release                                  # foundry itself (the repository root)
//   swift build -c release --package-path Benchmarks        # these benchmarks
//   Benchmarks/.build/release/run-bench                     # (each file's header says what it measures)
// Benchmarks that start foundry run the release binary of the repository root (.build/release/foundry).

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

func foundry(_ module: String) -> Target.Dependency { .product(name: module, package: "foundry") }

let package = Package(
    name: "foundry-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "foundry", path: ".."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // route's decision cost in-process, and route serve's added latency against a direct call.
        .executableTarget(
            name: "route-bench",
            dependencies: [
                foundry("FoundryCore"), foundry("FoundryCatalog"), foundry("FoundryRouting"), foundry("FoundryTestSupport"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "RouteBench", swiftSettings: strict),
        // foundry's engine against llama.cpp (prompt processing and generation, same files and threads).
        .executableTarget(name: "run-bench", dependencies: [foundry("FoundryCore"), foundry("FoundryGGUF"), foundry("FoundryLM"), foundry("FoundryTestSupport")], path: "RunBench", swiftSettings: strict),
        // the tokenizers' speed against llama.cpp's.
        .executableTarget(name: "tokenizer-bench", dependencies: [foundry("FoundryCore"), foundry("FoundryGGUF"), foundry("FoundryLM")], path: "TokenizerBench", swiftSettings: strict),
        // bench's load generation rate and timing accuracy against a server of known timing.
        .executableTarget(
            name: "bench-load", dependencies: [foundry("FoundryCore"), foundry("FoundryTestSupport")], path: "BenchLoad", swiftSettings: strict),
        // the voice pipeline's stages against the local realtime server.
        .executableTarget(
            name: "voice-bench", dependencies: [foundry("FoundryCore"), foundry("FoundryAudio"), foundry("FoundryRealtime")], path: "VoiceBench",
            swiftSettings: strict),
        // audio decoding, resampling and Opus.
        .executableTarget(name: "audio-bench", dependencies: [foundry("FoundryCore"), foundry("FoundryAudio")], path: "AudioBench", swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
