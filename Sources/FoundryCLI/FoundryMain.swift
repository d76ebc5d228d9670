import ArgumentParser
import Foundation
import FoundryCore

#if canImport(Glibc)
import Glibc
#endif

/// Parses the command line, runs the command and turns every error into one line on stderr
/// and the documented exit code.
public enum FoundryMain {
    public static func run() async {
        signal(SIGPIPE, SIG_IGN)
        exit(await run(arguments: Array(CommandLine.arguments.dropFirst()), output: .standard()))
    }

    /// Runs one command line with `output` (the process's streams, or captured ones in a test)
    /// and `environment`, and returns the exit code. The command's Context carries both and the
    /// command's own --quiet; errors are reported on `output`'s stderr. (Commands that spawn
    /// nothing else still read the process's terminal and signals.)
    public static func run(
        arguments: [String], output base: Output, environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> Int32 {
        var output = base
        let code: Int32
        do {
            var command = try FoundryCommand.parseAsRoot(arguments)
            do {
                if let contextual = command as? any ContextCommand {
                    output = base.with(quiet: contextual.global.quiet)
                    try await contextual.run(context: Context(contextual.global, output: output, environment: environment))
                } else if var asyncCommand = command as? any AsyncParsableCommand {
                    try await asyncCommand.run()
                } else {
                    try command.run()
                }
            } catch let error as ValidationError {
                // A value checked while running (a token count, say): the command was parsed,
                // so the message stands alone, without the root command's usage.
                throw FoundryError.usage(error.message)
            }
            code = ExitStatus.success
        } catch let error as FoundryError {
            report(error, on: output)
            code = error.exitCode
        } catch let error as ProviderError {
            output.error("foundry: \(error.description)")
            code = error.isCancellation ? ExitStatus.interrupted : ExitStatus.provider
        } catch {
            code = argumentParserExit(error, on: output)
        }
        return code
    }

    static func report(_ error: FoundryError, on output: Output) {
        output.error("foundry: \(error.message)")
        if let hint = error.hint { output.error("foundry: hint: \(hint)") }
    }

    /// Help, version and usage errors from the argument parser; usage errors exit 2.
    static func argumentParserExit(_ error: any Error, on output: Output) -> Int32 {
        let status = FoundryCommand.exitCode(for: error)
        let message = FoundryCommand.fullMessage(for: error)
        if status == .success {
            if !message.isEmpty { output.line(message) }
            return ExitStatus.success
        }
        if status == .validationFailure {
            output.error(message.hasPrefix("Error: ") ? "foundry: " + message.dropFirst(7) : message)
            return ExitStatus.usage
        }
        if !message.isEmpty { output.error("foundry: " + message) }
        return status.rawValue == 0 ? ExitStatus.failure : status.rawValue
    }
}
