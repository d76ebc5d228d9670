// swift-tools-version: 6.0
import PackageDescription

let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "foundry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "foundry", targets: ["foundry"]),
        // Provider plugins: real .so files built by `swift build`, loaded through the C ABI.
        .library(name: "FoundryGemini", type: .dynamic, targets: ["FoundryGemini"]),
        .library(name: "FoundryOllama", type: .dynamic, targets: ["FoundryOllama"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        .executableTarget(name: "foundry", dependencies: ["FoundryCLI"], swiftSettings: strict),
        .executableTarget(
            name: "route-bench",
            dependencies: [
                "FoundryCore", "FoundryRoute",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Benchmarks/RouteBench", swiftSettings: strict),
        .executableTarget(
            name: "tokenizer-bench", dependencies: ["FoundryCore", "FoundryLM"], path: "Benchmarks/TokenizerBench",
            swiftSettings: strict),
        .target(
            name: "FoundryCLI",
            dependencies: [
                "FoundryCore", "FoundryModels", "FoundryCost", "FoundryRoute", "FoundryRun", "FoundryBench", "FoundryVoice",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .target(
            name: "FoundryCore",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            resources: [.embedInCode("Catalog/catalog.json")],
            swiftSettings: strict),
        .target(
            name: "FoundryProviders",
            dependencies: [
                "FoundryCore", "FoundryPluginHost", "FoundryLM", "FoundryOpenAIWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        .target(name: "CFoundryPluginABI"),
        .target(name: "FoundryPluginHost", dependencies: ["FoundryCore", "CFoundryPluginABI"], swiftSettings: strict),
        .target(name: "FoundryLM", dependencies: ["FoundryCore", "CFoundryKernels"], swiftSettings: strict),
        // The engine's hot loops in C (see the header for why); optimised even in debug builds.
        .target(name: "CFoundryKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
        // OpenAI's wire format, one copy for every server, client and bench: chat and completions
        // request parsing and validation, response and chunk writing, response reading, error bodies.
        .target(
            name: "FoundryOpenAIWire",
            dependencies: [
                "FoundryCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict),
        .target(
            name: "FoundryRun",
            dependencies: [
                "FoundryCore", "FoundryLM", "FoundryOpenAIWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict),
        .target(
            name: "FoundryModels",
            dependencies: [
                "FoundryCore", "FoundryProviders", "FoundryPluginHost", "FoundryLM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .target(
            name: "FoundryCost",
            dependencies: [
                "FoundryCore", "FoundryProviders", "FoundryLM",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        .target(
            name: "FoundryRoute",
            dependencies: [
                "FoundryCore", "FoundryProviders", "FoundryOpenAIWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            resources: [.embedInCode("Quality/Resources/quality-model.json")],
            swiftSettings: strict),
        .target(
            name: "FoundryBench",
            dependencies: [
                "FoundryCore", "FoundryProviders", "FoundryRoute", "FoundryLM", "FoundryVoice", "FoundryOpenAIWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "bench-load",
            dependencies: ["FoundryCore", "FoundryBench"],
            path: "Benchmarks/BenchLoad", swiftSettings: strict),
        // voice: the realtime protocol client and server (WebSocket), speech-to-text and text-to-speech.
        .target(
            name: "FoundryVoice",
            dependencies: [
                "FoundryCore", "FoundryProviders", "FoundryRoute", "FoundryAudio", "CPocketSphinx", "CEspeakNG",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "voice-bench", dependencies: ["FoundryCore", "FoundryAudio", "FoundryVoice"], path: "Benchmarks/VoiceBench", swiftSettings: strict),
        .systemLibrary(name: "CPocketSphinx", pkgConfig: "pocketsphinx", providers: [.apt(["libpocketsphinx-dev", "pocketsphinx-en-us"])]),
        .systemLibrary(name: "CEspeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(
            name: "FoundryGemini", dependencies: ["CFoundryPluginABI", "CCurl"], path: "Plugins/Gemini",
            swiftSettings: strict),
        .target(
            name: "FoundryOllama", dependencies: ["CFoundryPluginABI"], path: "Plugins/Ollama",
            linkerSettings: [.linkedLibrary("curl")]),

        // FoundryAudio (issue 7): audio files, resampling, Opus, ALSA, VAD; shared by voice and bench.
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),
        .target(name: "FoundryAudio", dependencies: ["FoundryCore", "COpus", "CSndFile", "CALSA", "CSoxr"], swiftSettings: strict),
        .testTarget(name: "FoundryAudioTests", dependencies: ["FoundryAudio", "FoundryTestSupport"], swiftSettings: strict),
        .executableTarget(name: "audio-bench", dependencies: ["FoundryCore", "FoundryAudio"], path: "Benchmarks/AudioBench", swiftSettings: strict),
        .executableTarget(name: "run-bench", dependencies: ["FoundryCore", "FoundryLM"], path: "Benchmarks/RunBench", swiftSettings: strict),

        .target(
            name: "FoundryTestSupport",
            dependencies: [
                "FoundryCore",
                .product(name: "Hummingbird", package: "hummingbird"),
            ],
            path: "Tests/FoundryTestSupport", swiftSettings: strict),
        .testTarget(name: "FoundryCoreTests", dependencies: ["FoundryCore", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "FoundryProvidersTests",
            dependencies: ["FoundryProviders", "FoundryTestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strict),
        .testTarget(name: "FoundryPluginHostTests", dependencies: ["FoundryPluginHost", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FoundryCostTests", dependencies: ["FoundryCost", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FoundryRouteTests", dependencies: ["FoundryRoute", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FoundryLMTests", dependencies: ["FoundryLM", "CFoundryKernels", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "FoundryBenchTests",
            dependencies: ["FoundryBench", "FoundryTestSupport", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict),
        .testTarget(
            name: "FoundryVoiceTests",
            dependencies: [
                "FoundryVoice", "FoundryTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FoundryCLITests",
            dependencies: ["FoundryTestSupport", "FoundryBench", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict),

        // The OpenAI wire module's parser, writer and reader, without sockets.
        .testTarget(name: "FoundryOpenAIWireTests", dependencies: ["FoundryOpenAIWire"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
