import Foundation

/// Paths and tools tests need: the shared data folder, the built binary, the reference venv.
public enum TestEnvironment {
    /// The package root (two levels above this file's folder).
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// ../shared/data beside the repository. Tests that need it say clearly when it is absent.
    public static let sharedData: String = {
        if let env = ProcessInfo.processInfo.environment["FOUNDRY_SHARED_DATA"] { return env }
        return URL(fileURLWithPath: packageRoot).deletingLastPathComponent().appendingPathComponent("shared/data").path
    }()

    /// The directory holding the built products (the binary and the plugin .so files).
    public static let productsDirectory: String = {
        if let env = ProcessInfo.processInfo.environment["FOUNDRY_BUILD_DIR"] { return env }
        // The test bundle lives in the products directory.
        let bundle = Bundle.main.bundleURL
        for candidate in [bundle, bundle.deletingLastPathComponent()] {
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("foundry").path) { return candidate.path }
        }
        return packageRoot + "/.build/debug"
    }()

    public static var binary: String { productsDirectory + "/foundry" }

    public static func plugin(_ name: String) -> String { productsDirectory + "/lib\(name).so" }

    /// The Python virtualenv with llama-cpp-python, gguf, openai, mistral-common.
    public static let venvPython: String? = {
        let env = ProcessInfo.processInfo.environment
        let venv = env["FOUNDRY_VENV"] ?? (env["HOME"] ?? NSHomeDirectory()) + "/.cache/foundry/venv"
        let python = venv + "/bin/python"
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }()

    /// True when CI requires the reference peers (a missing peer then fails instead of skipping).
    public static var peersRequired: Bool { ProcessInfo.processInfo.environment["FOUNDRY_REQUIRE_PEERS"] == "1" }

    /// A fresh private directory for one test, inside this test run's own directory, which is
    /// removed when the test process exits (`FOUNDRY_KEEP_TEST_FILES=1` keeps it for a look).
    public static func temporaryDirectory() throws -> String {
        let path = runDirectory + "/" + UUID().uuidString.prefix(8)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        return path
    }

    /// The environment of a server process started for a test: its home, XDG state, data and
    /// config folders all inside `home`, and this process's PATH (no API keys leak in).
    public static func isolated(home: String) -> [String: String] {
        ["HOME": home, "XDG_STATE_HOME": home + "/state", "XDG_DATA_HOME": home + "/data", "XDG_CONFIG_HOME": home + "/config",
         "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]
    }

    /// One directory per test process for every `temporaryDirectory()`.
    private static let runDirectory: String = {
        let path = NSTemporaryDirectory() + "foundry-test-\(getpid())-" + UUID().uuidString.prefix(8)
        if ProcessInfo.processInfo.environment["FOUNDRY_KEEP_TEST_FILES"] != "1" {
            atexit { try? FileManager.default.removeItem(atPath: TestEnvironment.runDirectory) }
        }
        return path
    }()
}
