import Foundation

/// scripts/bench_reference_server.py in a process of its own: a chat completions server whose
/// timing is known (first chunk after `firstMs`, then one every `intervalMs`), sharing nothing
/// with the client under test but the machine.
public final class BenchReferenceProcess: @unchecked Sendable {
    public let process: Process
    public let baseURL: String

    public struct Stats: Sendable {
        public let requests: Int
        public let lateMedianMs: Double
        public let lateMaxMs: Double
    }

    public static func start(firstMs: Double = 200, intervalMs: Double = 20, chunks: Int = 50) throws -> BenchReferenceProcess {
        let (process, base) = try ServerProcess.start(
            executable: "/usr/bin/env",
            ["python3", TestEnvironment.packageRoot + "/scripts/bench_reference_server.py",
             "--first-ms", "\(firstMs)", "--interval-ms", "\(intervalMs)", "--chunks", "\(chunks)"],
            environment: nil)
        return BenchReferenceProcess(process: process, baseURL: base + "/v1")
    }

    private init(process: Process, baseURL: String) {
        self.process = process
        self.baseURL = baseURL
    }

    /// Requests received and how late the server wrote, from its /stats.
    public func stats() async throws -> Stats {
        let r = try await CommandRunner.run("/usr/bin/curl", ["-sf", baseURL.replacingOccurrences(of: "/v1", with: "/stats")])
        guard r.status == 0, let doc = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else {
            throw ReferencePeers.PeerError("no stats from the reference server: \(r.stderr)")
        }
        return Stats(requests: doc["requests"] as? Int ?? -1, lateMedianMs: doc["late_median_ms"] as? Double ?? .nan,
                     lateMaxMs: doc["late_max_ms"] as? Double ?? .nan)
    }

    public func stop() { ReferencePeers.stop(process) }
}
