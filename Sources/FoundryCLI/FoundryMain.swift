import ArgumentParser
import FoundryCore

#if canImport(Glibc)
import Glibc
#endif

/// Parses the command line, runs the command and turns every error into one line on stderr
/// and the documented exit code.
public enum FoundryMain {
    public static func run() async {
        signal(SIGPIPE, SIG_IGN)
        let code: Int32
        do {
            var command = try FoundryCommand.parseAsRoot()
            do {
                if var asyncCommand = command as? any AsyncParsableCommand {
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
            report(error)
            code = error.exitCode
        } catch let error as ProviderError {
            Output.shared.error("foundry: \(error.description)")
            code = error.isCancellation ? ExitStatus.interrupted : ExitStatus.provider
        } catch {
            code = argumentParserExit(error)
        }
        exit(code)
    }

    static func report(_ error: FoundryError) {
        Output.shared.error("foundry: \(error.message)")
        if let hint = error.hint { Output.shared.error("foundry: hint: \(hint)") }
    }

    /// Help, version and usage errors from the argument parser; usage errors exit 2.
    static func argumentParserExit(_ error: any Error) -> Int32 {
        let status = FoundryCommand.exitCode(for: error)
        let message = FoundryCommand.fullMessage(for: error)
        if status == .success {
            if !message.isEmpty { Output.shared.line(message) }
            return ExitStatus.success
        }
        if status == .validationFailure {
            Output.shared.error(message.hasPrefix("Error: ") ? "foundry: " + message.dropFirst(7) : message)
            return ExitStatus.usage
        }
        if !message.isEmpty { Output.shared.error("foundry: " + message) }
        return status.rawValue == 0 ? ExitStatus.failure : status.rawValue
    }
}
