import Foundation
import FoundryTestSupport
import Hummingbird
import Testing

/// Ctrl-C during `foundry route`, as a terminal delivers it: SIGINT to the process.
@Suite("foundry route interrupted")
struct RouteInterruptTests {
    @Test("SIGINT mid-answer: exit 130 with one line, the partial answer kept, the decision logged")
    func sigint() async throws {
        let home = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: home) }
        let server = try await LoopbackServer.start { router, _ in
            router.post("/v1/chat/completions") { _, _ in
                let words = ["Counting: ", "one ", "two ", "three ", "four ", "five ", "six ", "seven ", "eight ", "nine "]
                let events = words.map { "data: " + #"{"choices":[{"index":0,"delta":{"content":"\#($0)"},"finish_reason":null}]}"# + "\n\n" }
                return StreamedBody.response(contentType: "text/event-stream", chunks: events + ["data: [DONE]\n\n"], pause: .milliseconds(400))
            }
        }
        defer { Task { await server.stop() } }
        let config = home + "/c.toml"
        try OnPremConfig.write(baseURL: "\(server.baseURL)/v1", to: config)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestEnvironment.binary)
        process.arguments = ["route", "count to nine", "--config", config, "--provider", "onprem"]
        process.environment = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state",
                               "XDG_DATA_HOME": home + "/data", "XDG_CACHE_HOME": home + "/cache", "NO_COLOR": "1",
                               "PATH": ProcessInfo.processInfo.environment["PATH"] ?? ""]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        try await Task.sleep(for: .milliseconds(1500))
        kill(process.processIdentifier, SIGINT)
        let (stdout, stderr) = try await OffPoolRead.both(out, err)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit, "foundry exits by itself rather than being killed by the signal")
        #expect(process.terminationStatus == 130, "\(stderr)")
        #expect(stdout.hasPrefix("Counting: "), "the partial answer stays on stdout: \(stdout)")
        #expect(!stdout.contains("nine"))
        #expect(stderr.contains("foundry: interrupted"), "\(stderr)")
        #expect(!stderr.contains("Fatal") && !stderr.contains("backtrace"))
        let decisions = try String(contentsOfFile: home + "/state/foundry/decisions.jsonl", encoding: .utf8)
        #expect(decisions.contains("\"attempts\""), "the interrupted decision is logged")
    }
}

/// Reads two pipes to their end on threads of their own (never on the cooperative pool).
enum OffPoolRead {
    static func both(_ a: Pipe, _ b: Pipe) async throws -> (String, String) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let group = DispatchGroup()
                let second = LockedText()
                group.enter()
                DispatchQueue.global().async {
                    second.value = String(decoding: b.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                    group.leave()
                }
                let first = String(decoding: a.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                group.wait()
                continuation.resume(returning: (first, second.value))
            }
        }
    }
}

final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    var value: String {
        get { lock.lock(); defer { lock.unlock() }; return text }
        set { lock.lock(); text = newValue; lock.unlock() }
    }
}
