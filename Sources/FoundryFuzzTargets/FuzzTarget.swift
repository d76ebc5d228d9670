import Foundation

/// One input boundary of foundry, as a fuzz target: a function that takes arbitrary bytes and
/// must return for every input (an error is a fine answer) without crashing, hanging, leaking or
/// reading out of bounds. libFuzzer drives it through `Fuzz/` (scripts/fuzz); the test suite
/// replays its corpus and regression inputs (Fuzz/corpus/NAME, Fuzz/regressions/NAME).
public struct FuzzTarget: Sendable {
    /// The name `scripts/fuzz` takes and the corpus folder's name.
    public let name: String
    /// The boundary, in a line.
    public let summary: String
    /// The longest input worth trying (libFuzzer's -max_len).
    public let maxLength: Int
    /// Runs one input.
    public let run: @Sendable (UnsafeRawBufferPointer) -> Void
    /// Loads what every input needs (vocabularies) before the first input, so a one-time load
    /// is not timed as an input.
    public let prepare: @Sendable () -> Void

    public init(_ name: String, _ summary: String, maxLength: Int = 4096, prepare: @escaping @Sendable () -> Void = {},
                run: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) {
        self.name = name
        self.summary = summary
        self.maxLength = maxLength
        self.prepare = prepare
        self.run = run
    }

    /// Runs one input held in `data`.
    public func run(_ data: Data) { data.withUnsafeBytes { run($0) } }
}

public enum FuzzTargets {
    /// Every target, in `scripts/fuzz all` order.
    public static let all: [FuzzTarget] = model + streams + realtime + files + requests

    public static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }

    /// Targets written in C against C code (Fuzz/C, built by scripts/fuzz with clang's
    /// -fsanitize=fuzzer,address,undefined): the Ollama plugin's NDJSON stream decoder.
    public static let cTargets = ["ollama-stream"]

    /// `count` bytes in consecutive ranges of `size` (at least 1), as reads split a stream.
    static func pieces(_ count: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: max(1, size)).map { $0..<min(count, $0 + max(1, size)) }
    }

    /// The input's bytes as text, invalid UTF-8 replaced (what a reader of text files sees).
    static func text(_ bytes: UnsafeRawBufferPointer) -> String { String(decoding: bytes, as: UTF8.self) }
}
