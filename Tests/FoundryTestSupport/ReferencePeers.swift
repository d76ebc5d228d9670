import Foundation
import Testing

/// Real peers from PyPI that no one here wrote: llama.cpp's server (llama-cpp-python), the
/// `gguf` writer, the `openai` SDK. Installed by `scripts/bootstrap --python`.
public enum ReferencePeers {
    /// The venv's python, or a recorded test failure when CI requires the peers.
    public static func python(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        if let python = TestEnvironment.venvPython { return python }
        if TestEnvironment.peersRequired {
            Issue.record("the reference venv is missing: run scripts/bootstrap --python", sourceLocation: sourceLocation)
        }
        return nil
    }

    /// Writes a small llama GGUF with the shared llama-spm vocabulary.
    public static func makeModel(python: String, at path: String, extra: [String] = []) async throws {
        let vocab = TestEnvironment.sharedData + "/tokenizer/ggml-vocab-llama-spm.gguf"
        guard FileManager.default.fileExists(atPath: vocab) else {
            throw PeerError("shared test data is missing: \(vocab) (the tests read ../shared/data beside the repository)")
        }
        let result = try await CommandRunner.run(
            python, [TestEnvironment.packageRoot + "/scripts/make_test_gguf.py", "--vocab", vocab, "--out", path] + extra,
            inheritEnvironment: true)
        guard result.status == 0 else { throw PeerError("make_test_gguf.py failed: \(result.stderr)") }
    }

    /// A generated model kept in ~/.cache/foundry/test-models, named by the generator's
    /// arguments and a digest of the generator itself, so later runs reuse it.
    public static func cachedModel(python: String, extra: [String]) async throws -> String {
        let script = TestEnvironment.packageRoot + "/scripts/make_test_gguf.py"
        let source = (try? Data(contentsOf: URL(fileURLWithPath: script))) ?? Data()
        var digest: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in source { digest = (digest ^ UInt64(byte)) &* 0x100_0000_01b3 }
        let name = (extra.joined(separator: "_").replacingOccurrences(of: "-", with: "")
            .replacingOccurrences(of: "/", with: "")) + "-" + String(digest, radix: 16) + ".gguf"
        let directory = NSHomeDirectory() + "/.cache/foundry/test-models"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        if FileManager.default.fileExists(atPath: path) { return path }
        let partial = path + ".partial-\(getpid())"
        try await makeModel(python: python, at: partial, extra: extra)
        try FileManager.default.moveItem(atPath: partial, toPath: path)
        return path
    }

    /// What llama.cpp's CPU backend of the venv was built with (llama_print_system_info: "CPU : SSE3
    /// = 1 | … | AVX2 = 1 | …"), to name the kernel set a comparison ran against.
    public static func llamaSystemInfo(python: String) async -> String {
        let run = try? await CommandRunner.run(
            python, ["-c", "import llama_cpp as L; L.llama_backend_init(); print(L.llama_print_system_info().decode().strip())"],
            inheritEnvironment: true)
        guard let run, run.status == 0 else { return "unknown (llama_print_system_info failed)" }
        return run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The features set to 1 in a llama_print_system_info line, in order ("SSE3 SSSE3 AVX AVX2 …").
    public static func enabledFeatures(_ systemInfo: String) -> String {
        var names: [String] = []
        for part in systemInfo.replacingOccurrences(of: "CPU :", with: "|").split(separator: "|") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[1] == "1", !names.contains(pair[0]) { names.append(pair[0]) }
        }
        return names.isEmpty ? systemInfo : names.joined(separator: " ")
    }

    /// A TCP port that was free a moment ago on 127.0.0.1.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Starts `python -m llama_cpp.server` on a free port and waits until it answers.
    public static func startLlamaServer(python: String, model: String) async throws -> (process: Process, baseURL: String) {
        let port = freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1", "--port", String(port),
                             "--n_ctx", "512", "--n_threads", "1", "--model_alias", "tiny"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<240 {
            if !process.isRunning { throw PeerError("llama_cpp.server exited with status \(process.terminationStatus)") }
            if let r = try? await CommandRunner.run("/usr/bin/curl", ["-sf", base + "/v1/models"]), r.status == 0 { return (process, base) }
            try await Task.sleep(for: .milliseconds(250))
        }
        stop(process)
        throw PeerError("llama_cpp.server did not start within 60 s")
    }

    /// Stops a peer server: SIGTERM, then SIGKILL if it has not exited within two seconds
    /// (uvicorn's graceful shutdown can wait on idle keep-alive connections indefinitely).
    public static func stop(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(2)
        while process.isRunning && Date() < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    public struct PeerError: Error, CustomStringConvertible {
        public let description: String
        public init(_ d: String) { description = d }
    }
}
