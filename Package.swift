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
        // The libraries, for programs that embed foundry and for the benchmarks (Benchmarks/, a
        // package of its own that depends on this one by path).
        .library(name: "FoundryCore", targets: ["FoundryCore"]),
        .library(name: "FoundryCatalog", targets: ["FoundryCatalog"]),
        .library(name: "FoundryRouting", targets: ["FoundryRouting"]),
        .library(name: "FoundryRealtime", targets: ["FoundryRealtime"]),
        .library(name: "FoundryAudio", targets: ["FoundryAudio"]),
        .library(name: "FoundryGGUF", targets: ["FoundryGGUF"]),
        .library(name: "FoundryLM", targets: ["FoundryLM"]),
        // Servers of known behaviour for tests and benchmarks; not for embedding.
        .library(name: "FoundryTestSupport", targets: ["FoundryTestSupport"]),
        // The fuzz targets, for Fuzz/ (libFuzzer) and the corpus replay test; not for embedding.
        .library(name: "FoundryFuzzTargets", targets: ["FoundryFuzzTargets"]),
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
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // ── The executable: one small @main file that runs FoundryCLI.
        .executableTarget(name: "foundry", dependencies: ["FoundryCLI"], swiftSettings: strict),
        // The root command: the only module that imports command modules.
        .target(
            name: "FoundryCLI",
            dependencies: [
                "FoundryCore", "FoundryModels", "FoundryCost", "FoundryRoute", "FoundryRun", "FoundryBench", "FoundryVoice", "FoundryAdmin",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        // ── Command modules: one per subcommand; argument parsing, validation, printing. Leaves:
        // no command module imports another (scripts/check-layers).
        // `route` (one prompt, eval, train) and `route serve` (the OpenAI-compatible gateway).
        .target(
            name: "FoundryRoute",
            dependencies: [.product(name: "Logging", package: "swift-log"), 
                "FoundryCore", "FoundryCatalog", "FoundryProviders", "FoundryRouting", "FoundryOpenAIWire", "FoundryGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict),
        // `voice` (file, microphone, talk), `voice serve` and `voice devices`.
        .target(
            name: "FoundryVoice",
            dependencies: [
                "FoundryCore", "FoundryRealtime", "FoundryAudio",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // `run` (generate, tokenize, info) and `run serve`.
        .target(
            name: "FoundryRun",
            dependencies: [.product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"), 
                "FoundryCore", "FoundryGGUF", "FoundryLM", "FoundryOpenAIWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict),
        // `bench` (load, run, voice, compare): the load generator, metrics and reports.
        .target(
            name: "FoundryBench",
            dependencies: [
                "FoundryCore", "FoundryCatalog", "FoundryProviders", "FoundryGGUF", "FoundryLM", "FoundryRealtime", "FoundryOpenAIWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict),
        // `cost` (estimate, compare, report, catalog).
        .target(
            name: "FoundryCost",
            dependencies: [
                "FoundryCore", "FoundryCatalog", "FoundryLM", "FoundryGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // `keys` (the gateway's virtual keys) and `store` (the shared store's schema).
        .target(
            name: "FoundryAdmin",
            dependencies: [
                "FoundryCore", "FoundryGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),
        // `models` (list, check) and `plugins`.
        .target(
            name: "FoundryModels",
            dependencies: [
                "FoundryCore", "FoundryCatalog", "FoundryProviders", "FoundryPluginHost",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict),

        // ── Library modules: what commands share, each named for what it holds.
        // Context, errors, config, secrets, paths, logs, JSON, HTTP transport, output; the
        // vocabulary types (chat requests and events, catalog entries, prices).
        .target(
            name: "FoundryCore",
            dependencies: [
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // The model catalog and its assembly (embedded, imported prices, plugins' models, GGUF
        // files on this machine, config), lookup and completions, cost arithmetic, token
        // estimates, and the latency statistics route predicts from and bench records.
        .target(
            name: "FoundryCatalog",
            dependencies: ["FoundryCore", "FoundryGGUF", "FoundryPluginHost"],
            resources: [.embedInCode("catalog.json")],
            swiftSettings: strict),
        // OpenAI's wire format, one copy for every server, client and bench: chat and completions
        // request parsing and validation, response and chunk writing, response reading, error bodies.
        .target(
            name: "FoundryOpenAIWire",
            dependencies: [
                "FoundryCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict),
        // The team gateway's access control and shared state: virtual keys (issue, hash, verify),
        // budgets and rate limits, and the store they live in (the state directory, or
        // PostgreSQL with numbered migrations).
        .target(
            name: "FoundryGateway",
            dependencies: [
                "FoundryCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict),
        // Built-in providers (OpenAI-compatible, Azure OpenAI, Anthropic, plugins) and the
        // registry that builds the provider of each model of the assembled catalog.
        .target(
            name: "FoundryProviders",
            dependencies: [
                "FoundryCore", "FoundryCatalog", "FoundryPluginHost", "FoundryOpenAIWire",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict),
        // Loads provider plugins (.so) through the versioned C ABI.
        .target(name: "FoundryPluginHost", dependencies: ["FoundryCore", "CFoundryPluginABI"], swiftSettings: strict),
        // Routing: the decision (constraints, router, cooldowns), execution with fallbacks and
        // hedging, the quality model, and a routing session other commands can use.
        .target(
            name: "FoundryRouting",
            dependencies: ["FoundryCore", "FoundryCatalog", "FoundryProviders"],
            resources: [.embedInCode("Quality/Resources/quality-model.json")],
            swiftSettings: strict),
        // The OpenAI Realtime protocol, its client, the local server (VAD, speech-to-text,
        // routed reply, text-to-speech) and the pipeline's latency accounting.
        .target(
            name: "FoundryRealtime",
            dependencies: [.product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"), 
                "FoundryCore", "FoundryCatalog", "FoundryProviders", "FoundryRouting", "FoundryAudio", "CPocketSphinx", "CEspeakNG",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict),
        // Audio files, resampling, Opus, ALSA and voice activity detection.
        .target(name: "FoundryAudio", dependencies: ["FoundryCore", "COpus", "CSndFile", "CALSA", "CSoxr"], swiftSettings: strict),
        // The GGUF file format: header, metadata, tensor table, memory-mapped data.
        .target(name: "FoundryGGUF", dependencies: ["FoundryCore"], swiftSettings: strict),
        // The local inference engine: tokenizers, chat templates, models, sampling.
        .target(name: "FoundryLM", dependencies: ["FoundryCore", "FoundryGGUF", "CFoundryKernels"], swiftSettings: strict),

        // ── C targets.
        // The engine's hot loops in C (see the header for why); optimised even in debug builds.
        .target(name: "CFoundryKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
        .target(name: "CFoundryPluginABI"),
        .systemLibrary(name: "CPocketSphinx", pkgConfig: "pocketsphinx", providers: [.apt(["libpocketsphinx-dev", "pocketsphinx-en-us"])]),
        .systemLibrary(name: "CEspeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "COpus", pkgConfig: "opus", providers: [.apt(["libopus-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CSoxr", pkgConfig: "soxr", providers: [.apt(["libsoxr-dev"])]),

        // ── Provider plugins, each a .so product.
        .target(
            name: "FoundryGemini", dependencies: ["CFoundryPluginABI", "CCurl"], path: "Plugins/Gemini",
            swiftSettings: strict),
        .target(
            name: "FoundryOllama", dependencies: ["CFoundryPluginABI"], path: "Plugins/Ollama",
            linkerSettings: [.linkedLibrary("curl")]),

        // ── Fuzz targets: one function per input boundary (Fuzz/ drives them with libFuzzer).
        .target(
            name: "FoundryFuzzTargets",
            dependencies: ["FoundryCore", "FoundryGGUF", "FoundryLM", "FoundryProviders", "FoundryRealtime", "FoundryAudio",
                           "FoundryCatalog", "FoundryRouting", "FoundryOpenAIWire",
                           .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOEmbedded", package: "swift-nio"),
                           .product(name: "NIOHTTP1", package: "swift-nio")],
            swiftSettings: strict),

        // ── Tests: one target per module; FoundryTestSupport holds test servers and helpers.
        .target(
            name: "FoundryTestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log"), 
                "FoundryCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Tests/FoundryTestSupport", swiftSettings: strict),
        .testTarget(name: "FoundryCoreTests", dependencies: ["FoundryCore", "FoundryCatalog", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FoundryFuzzTargetsTests", dependencies: ["FoundryFuzzTargets"], swiftSettings: strict),
        .testTarget(name: "FoundryAudioTests", dependencies: ["FoundryCore", "FoundryAudio", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "FoundryProvidersTests",
            dependencies: ["FoundryCore", .product(name: "NIOCore", package: "swift-nio"), "FoundryProviders", "FoundryCatalog", "FoundryTestSupport", .product(name: "Hummingbird", package: "hummingbird"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOPosix", package: "swift-nio")],
            swiftSettings: strict),
        .testTarget(name: "FoundryPluginHostTests", dependencies: ["FoundryCore", "FoundryPluginHost", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FoundryCostTests", dependencies: ["FoundryCost", "FoundryCatalog", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FoundryRouteTests", dependencies: ["FoundryCore", "FoundryProviders", .product(name: "Hummingbird", package: "hummingbird"), "FoundryRoute", "FoundryRouting", "FoundryCatalog", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(name: "FoundryLMTests", dependencies: ["FoundryGGUF", "FoundryCore", "FoundryLM", "CFoundryKernels", "FoundryTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "FoundryBenchTests",
            dependencies: ["FoundryCore", "FoundryBench", "FoundryCatalog", "FoundryTestSupport", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strict),
        .testTarget(
            name: "FoundryVoiceTests",
            dependencies: ["FoundryAudio", "FoundryCore", .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"), 
                "FoundryVoice", "FoundryRealtime", "FoundryCatalog", "FoundryTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "FoundryCLITests",
            dependencies: ["FoundryCLI", "FoundryCore", "FoundryTestSupport", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict),

        // Keys, limits and both stores (PostgreSQL: a cluster of the test's own, on loopback).
        .testTarget(name: "FoundryGatewayTests", dependencies: ["FoundryGateway", "FoundryCore", "FoundryTestSupport"], swiftSettings: strict),

        // The OpenAI wire module's parser, writer and reader, without sockets.
        .testTarget(name: "FoundryOpenAIWireTests", dependencies: ["FoundryOpenAIWire", "FoundryCore"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
