import Foundation

/// Runs the built `foundry` binary (or any program) and captures what a user would see.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
    /// When SIGINT was sent (`interruptAfter` or `interruptWhen`), if it was.
    public var interruptedAt: Date? = nil
}

public enum CommandRunner {
    /// Runs a program to completion on a thread of its own: waiting for a child process must never
    /// block Swift's cooperative pool, where the loopback servers the child talks to are running.
    /// `interruptAfter` sends SIGINT (Ctrl-C) that many seconds after the start; `interruptWhen`
    /// sends it as soon as the standard output or error contains that text (whichever comes first).
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        inheritEnvironment: Bool = false, interruptAfter: TimeInterval? = nil, interruptWhen: String? = nil
    ) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments, environment: environment, stdin: stdin, inheritEnvironment: inheritEnvironment,
                                    interruptAfter: interruptAfter, interruptWhen: interruptWhen)
                })
            }
        }
    }

    static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: String?, inheritEnvironment: Bool,
        interruptAfter: TimeInterval? = nil, interruptWhen: String? = nil
    ) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = inheritEnvironment ? ProcessInfo.processInfo.environment : [:]
        if !inheritEnvironment {
            for key in ["PATH", "LANG", "LD_LIBRARY_PATH"] { env[key] = ProcessInfo.processInfo.environment[key] }
        }
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        let interrupted = LockedData()
        let interrupt: @Sendable () -> Void = {
            guard process.isRunning, interrupted.markOnce() else { return }
            process.interrupt()
        }
        if let interruptAfter {
            DispatchQueue.global().asyncAfter(deadline: .now() + interruptAfter) { interrupt() }
        }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty process cannot block on a full pipe.
        let errData = LockedData(), outData = LockedData()
        let marker = interruptWhen.map { Data($0.utf8) }
        @Sendable func read(_ pipe: Pipe, into data: LockedData) {
            guard let marker else { return data.set(pipe.fileHandleForReading.readDataToEndOfFile()) }
            while case let chunk = pipe.fileHandleForReading.availableData, !chunk.isEmpty {
                data.append(chunk)
                if data.get().range(of: marker) != nil { interrupt() }
            }
        }
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            read(err, into: errData)
            group.leave()
        }
        read(out, into: outData)
        group.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData.get(), as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self), interruptedAt: interrupted.markedAt)
    }

    /// Runs foundry with a private HOME and XDG directories so tests never touch the user's files.
    public static func foundry(_ arguments: [String], home: String, environment: [String: String] = [:], stdin: String? = nil,
                               interruptAfter: TimeInterval? = nil, interruptWhen: String? = nil) async throws -> CommandResult {
        var env = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state",
                   "XDG_DATA_HOME": home + "/data", "XDG_CACHE_HOME": home + "/cache", "NO_COLOR": "1"]
        for (k, v) in environment { env[k] = v }
        return try await run(TestEnvironment.binary, arguments, environment: env, stdin: stdin, interruptAfter: interruptAfter,
                             interruptWhen: interruptWhen)
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var marked: Date?
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func append(_ d: Data) { lock.lock(); data.append(d); lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
    /// True the first time only; remembers when.
    func markOnce() -> Bool {
        lock.lock(); defer { lock.unlock() }
        guard marked == nil else { return false }
        marked = Date()
        return true
    }
    var markedAt: Date? { lock.lock(); defer { lock.unlock() }; return marked }
}
