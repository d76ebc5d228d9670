import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The two output streams of a command: results to stdout, everything else to stderr. Writes are
/// unbuffered (streamed tokens appear as they arrive) and serialised. The Context carries one:
/// `Output.standard` writes to the process's streams; `Output.capturing` keeps both streams in
/// memory, so a test can run a command in-process and read what it printed.
public final class Output: Sendable {
    /// Where one stream goes.
    public enum Sink: Sendable {
        case fileDescriptor(Int32)
        case memory(Captured)
    }

    /// Text written to an in-memory stream.
    public final class Captured: Sendable {
        private let buffer = Mutex("")
        public init() {}
        public var text: String { buffer.withLock { $0 } }
        func append(_ text: String) { buffer.withLock { $0 += text } }
    }

    private let lock = Mutex(())
    private let stdoutSink: Sink
    private let stderrSink: Sink
    public let stdoutIsTerminal: Bool
    public let stderrIsTerminal: Bool
    /// --quiet: warnings, information and progress are not shown; errors and results are.
    public let quiet: Bool
    private let environment: [String: String]

    public init(stdout: Sink, stderr: Sink, quiet: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) {
        stdoutSink = stdout
        stderrSink = stderr
        if case .fileDescriptor(let fd) = stdout { stdoutIsTerminal = isatty(fd) == 1 } else { stdoutIsTerminal = false }
        if case .fileDescriptor(let fd) = stderr { stderrIsTerminal = isatty(fd) == 1 } else { stderrIsTerminal = false }
        self.quiet = quiet
        self.environment = environment
    }

    /// The process's standard output and standard error.
    public static func standard(quiet: Bool = false) -> Output {
        Output(stdout: .fileDescriptor(STDOUT_FILENO), stderr: .fileDescriptor(STDERR_FILENO), quiet: quiet)
    }

    /// Both streams in memory (`stdoutText`, `stderrText`); never a terminal.
    public static func capturing(quiet: Bool = false) -> Output {
        Output(stdout: .memory(Captured()), stderr: .memory(Captured()), quiet: quiet, environment: [:])
    }

    /// The same streams with --quiet set as given.
    public func with(quiet: Bool) -> Output {
        quiet == self.quiet ? self : Output(stdout: stdoutSink, stderr: stderrSink, quiet: quiet, environment: environment)
    }

    /// What was written to stdout, when it is captured in memory.
    public var stdoutText: String? { if case .memory(let c) = stdoutSink { c.text } else { nil } }
    /// What was written to stderr, when it is captured in memory.
    public var stderrText: String? { if case .memory(let c) = stderrSink { c.text } else { nil } }

    /// The columns tables may use: the terminal's width, else $COLUMNS; unlimited when stdout is
    /// not a terminal and COLUMNS is unset (never truncate what scripts read).
    public var width: Int {
        var size = winsize()
        if stdoutIsTerminal, case .fileDescriptor(let fd) = stdoutSink, ioctl(fd, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        return Int.max
    }

    /// Writes a result to stdout without adding a newline.
    public func write(_ text: String) {
        lock.withLock { _ in Self.write(text, to: stdoutSink) }
    }

    /// Writes one line of result to stdout.
    public func line(_ text: String = "") { write(text + "\n") }

    /// Writes a diagnostic line to stderr, redacted. Shown even with --quiet.
    public func error(_ text: String) {
        lock.withLock { _ in Self.write(Redactor.shared.redact(text) + "\n", to: stderrSink) }
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
        lock.withLock { _ in Self.write("\r\u{1B}[K" + text, to: stderrSink) }
    }

    /// A step of a long job: rewrites itself on a terminal like `progress`, and is a line of its
    /// own otherwise (a log or a CI run then still shows that the job is alive and where it is).
    public func stage(_ text: String) {
        if stderrIsTerminal { progress(text) } else { info(text) }
    }

    public func endProgress() {
        guard stderrIsTerminal, !quiet else { return }
        lock.withLock { _ in Self.write("\r\u{1B}[K", to: stderrSink) }
    }

    private static func write(_ text: String, to sink: Sink) {
        switch sink {
        case .fileDescriptor(let fd): writeAll(fd, text)
        case .memory(let captured): captured.append(text)
        }
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
