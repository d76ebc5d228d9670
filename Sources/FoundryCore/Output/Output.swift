import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The two output streams of every command: results to stdout, everything else to stderr.
/// Writes are unbuffered (streamed tokens appear as they arrive) and serialised.
public final class Output: Sendable {
    public static let shared = Output()

    private let lock = Mutex(())
    public let stdoutIsTerminal: Bool
    public let stderrIsTerminal: Bool
    private let quietFlag = Atomic<Bool>(false)

    public init() {
        stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
        stderrIsTerminal = isatty(STDERR_FILENO) == 1
    }

    public var quiet: Bool {
        get { quietFlag.load(ordering: .relaxed) }
        set { quietFlag.store(newValue, ordering: .relaxed) }
    }

    /// Writes a result to stdout without adding a newline.
    public func write(_ text: String) {
        lock.withLock { _ in Self.writeAll(STDOUT_FILENO, text) }
    }

    /// Writes one line of result to stdout.
    public func line(_ text: String = "") { write(text + "\n") }

    /// Writes a diagnostic line to stderr, redacted. Shown even with --quiet.
    public func error(_ text: String) {
        lock.withLock { _ in Self.writeAll(STDERR_FILENO, Redactor.shared.redact(text) + "\n") }
    }

    /// A warning on stderr, suppressed by --quiet.
    public func warning(_ text: String) {
        guard !quiet else { return }
        error("foundry: warning: " + text)
    }

    /// Informational text on stderr (statistics, explanations meant for people), suppressed by --quiet.
    public func info(_ text: String) {
        guard !quiet else { return }
        error(text)
    }

    /// A progress line that rewrites itself; shown only when stderr is a terminal.
    public func progress(_ text: String) {
        guard stderrIsTerminal, !quiet else { return }
        lock.withLock { _ in Self.writeAll(STDERR_FILENO, "\r\u{1B}[K" + text) }
    }

    /// A step of a long job: rewrites itself on a terminal like `progress`, and is a line of its
    /// own otherwise (a log or a CI run then still shows that the job is alive and where it is).
    public func stage(_ text: String) {
        if stderrIsTerminal { progress(text) } else { info(text) }
    }

    public func endProgress() {
        guard stderrIsTerminal, !quiet else { return }
        lock.withLock { _ in Self.writeAll(STDERR_FILENO, "\r\u{1B}[K") }
    }

    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { raw in
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return  // stdout closed (e.g. `| head`): nothing more can be written
            }
            offset += n
        }
    }
}
