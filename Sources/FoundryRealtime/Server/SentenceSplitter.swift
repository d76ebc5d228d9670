import Foundation

/// Cuts streamed reply text into pieces worth synthesising on their own: whole sentences, and a
/// first clause early (at a comma once it is long enough) so the first audio comes sooner. Text
/// that runs on without punctuation is cut between words once a piece is long enough, so speech
/// never waits for the end of the reply.
package struct SentenceSplitter {
    private var pending = ""
    private var emitted = 0
    /// A first piece may end at a comma once it has this many characters.
    package var firstClauseMinimum = 24
    /// Without punctuation, a first piece ends at the first white space after this many characters…
    package var firstRunMaximum = 48
    /// … and any later piece after this many.
    package var runMaximum = 120

    /// Adds text; returns the pieces it completed.
    package mutating func feed(_ text: String) -> [String] {
        pending += text
        var pieces: [String] = []
        while let cut = nextCut() {
            let piece = String(pending[..<cut]).trimmingCharacters(in: .whitespacesAndNewlines)
            pending = String(pending[cut...])
            if !piece.isEmpty {
                pieces.append(piece)
                emitted += 1
            }
        }
        return pieces
    }

    /// The rest, at the end of the reply.
    package mutating func flush() -> String? {
        let rest = pending.trimmingCharacters(in: .whitespacesAndNewlines)
        pending = ""
        return rest.isEmpty ? nil : rest
    }

    /// The index just after a sentence end (or an early first clause) followed by white space.
    private func nextCut() -> String.Index? {
        var index = pending.startIndex
        var count = 0
        while index < pending.endIndex {
            let c = pending[index]
            let next = pending.index(after: index)
            count += 1
            if c == "\n" { return next }
            if c.isWhitespace, count > (emitted == 0 ? firstRunMaximum : runMaximum) { return next }
            if next < pending.endIndex, pending[next].isWhitespace {
                if ".!?;:".contains(c) { return next }
                if c == ",", emitted == 0, count >= firstClauseMinimum { return next }
            }
            index = next
        }
        return nil
    }
}
