// swift-tools-version: 6.0
import PackageDescription

// foundry's fuzz targets under libFuzzer with AddressSanitizer: one binary, the target chosen by
// FOUNDRY_FUZZ_TARGET (the names in FoundryFuzzTargets; `scripts/fuzz list`). Built and run by
// scripts/fuzz, which passes the sanitizer flags:
//   swift build --package-path Fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// A package of its own, depending on foundry's by path: foundry's own build never links libFuzzer.

let package = Package(
    name: "foundry-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "foundry", path: "..")],
    targets: [
        .executableTarget(
            name: "foundry-fuzz",
            dependencies: [.product(name: "FoundryFuzzTargets", package: "foundry")],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]),
    ]
)
