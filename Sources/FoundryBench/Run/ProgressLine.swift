import FoundryCore
import Synchronization

/// The live progress of a run on stderr: rewritten in place when stderr is a terminal, else one
/// plain line every ten seconds; nothing with --quiet.
final class ProgressLine: Sendable {
    private let total: Int?
    private let output: Output
    private let lastPlain = Mutex<Double>(0)

    init(total: Int?, output: Output) {
        self.total = total
        self.output = output
    }

    func update(sent: Int, done: Int, errors: Int, elapsed: Double) {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let of = total.map { "/\($0)" } ?? ""
        let text = "bench: \(done)\(of) done, \(errors) failed, \(sent - done) in flight, "
            + String(format: "%.1f req/s, %.1f s", rate, elapsed)
        if output.stderrIsTerminal {
            output.progress(text)
        } else if lastPlain.withLock({ last in
            guard elapsed - last >= 10 else { return false }
            last = elapsed
            return true
        }) {
            output.info(text)
        }
    }

    func end() { output.endProgress() }
}
