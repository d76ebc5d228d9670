import Foundation

/// Runs the built `foundry` binary (or any program) and captures what a user would see.
public struct CommandResult: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public enum CommandRunner {
    /// Runs a program to completion on a thread of its own: waiting for a child process must never
    /// block Swift's cooperative pool, where the loopback servers the child talks to are running.
    /// `interruptAfter` sends SIGINT (Ctrl-C) that many seconds after the start.
    public static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:], stdin: String? = nil,
        inheritEnvironment: Bool = false, interruptAfter: TimeInterval? = nil
    ) async throws -> CommandResult {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments, environment: environment, stdin: stdin, inheritEnvironment: inheritEnvironment,
                                    interruptAfter: interruptAfter)
                })
            }
        }
    }

    static func runBlocking(
        _ executable: String, _ arguments: [String], environment: [String: String], stdin: String?, inheritEnvironment: Bool,
        interruptAfter: TimeInterval? = nil
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
        if let interruptAfter {
            DispatchQueue.global().asyncAfter(deadline: .now() + interruptAfter) { if process.isRunning { process.interrupt() } }
        }
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try? input.fileHandleForWriting.close()
        // Read both pipes concurrently so a chatty process cannot block on a full pipe.
        let errData = LockedData()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData.get(), as: UTF8.self))
    }

    /// Runs foundry with a private HOME and XDG directories so tests never touch the user's files.
    public static func foundry(_ arguments: [String], home: String, environment: [String: String] = [:], stdin: String? = nil,
                               interruptAfter: TimeInterval? = nil) async throws -> CommandResult {
        var env = ["HOME": home, "XDG_CONFIG_HOME": home + "/config", "XDG_STATE_HOME": home + "/state",
                   "XDG_DATA_HOME": home + "/data", "XDG_CACHE_HOME": home + "/cache", "NO_COLOR": "1"]
        for (k, v) in environment { env[k] = v }
        return try await run(TestEnvironment.binary, arguments, environment: env, stdin: stdin, interruptAfter: interruptAfter)
    }
}

final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
}
