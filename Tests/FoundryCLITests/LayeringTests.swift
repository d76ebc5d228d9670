import Foundation
import FoundryTestSupport
import Testing

/// scripts/check-layers holds the module map of docs/architecture.md: it passes on the package
/// as it is and fails, naming the file, on a copy where a command module imports another.
@Suite struct LayeringTests {
    func checkLayers(root: String) async throws -> CommandResult {
        try await CommandRunner.run(TestEnvironment.packageRoot + "/scripts/check-layers", ["--root", root], inheritEnvironment: true)
    }

    func copyOfPackage() async throws -> String {
        let copy = try TestEnvironment.temporaryDirectory() + "/package"
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for item in ["Package.swift", "Sources", "Tests", "Plugins"] {
            try FileManager.default.copyItem(atPath: TestEnvironment.packageRoot + "/" + item, toPath: copy + "/" + item)
        }
        return copy
    }

    @Test func thePackageFollowsItsLayering() async throws {
        let result = try await checkLayers(root: TestEnvironment.packageRoot)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test func aCommandImportingAnotherCommandFails() async throws {
        let copy = try await copyOfPackage()
        let file = copy + "/Sources/FoundryBench/Commands/BenchCommand.swift"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        try ("import FoundryRoute\n" + text).write(toFile: file, atomically: true, encoding: .utf8)
        let result = try await checkLayers(root: copy)
        #expect(result.status == 1)
        #expect(result.stdout.contains("Sources/FoundryBench/Commands/BenchCommand.swift: imports FoundryRoute"), "\(result.stdout)")
    }

    @Test func aLibraryUsingAHigherLayerFails() async throws {
        let copy = try await copyOfPackage()
        let manifest = copy + "/Package.swift"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        let broken = text.replacingOccurrences(of: "name: \"FoundryAudio\", dependencies: [\"FoundryCore\", ",
                                               with: "name: \"FoundryAudio\", dependencies: [\"FoundryCore\", \"FoundryRouting\", ")
        #expect(broken != text, "the test's edit must apply to Package.swift")
        try broken.write(toFile: manifest, atomically: true, encoding: .utf8)
        let result = try await checkLayers(root: copy)
        #expect(result.status == 1)
        #expect(result.stdout.contains("FoundryAudio depends on FoundryRouting"), "\(result.stdout)")
    }
}
