#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stretch of the text being tokenized: plain text (a byte range) or a special token found in it.
enum TextFragment: Equatable {
    case text(Range<Int>)
    case token(Int32)
}

/// Finds special tokens written in the text before tokenizing, as llama.cpp's
/// `tokenizer_st_partition` does: every control, user-defined and unknown token, longest text
/// first, splits each remaining stretch of plain text at each of its occurrences. User-defined
/// tokens are always matched; control and unknown ones only when special tokens are parsed.
/// `lstrip`/`rstrip` tokens also swallow the ASCII whitespace before/after them.
struct SpecialTokenPartition: Sendable {
    /// Special token ids, longest text first (then lowest id).
    let ordered: [Int32]

    init(vocabulary: TokenVocabulary) {
        let special = (0..<vocabulary.count).filter { vocabulary.has($0, TokenAttributes.special) }
        ordered = special.sorted { a, b in
            let (la, lb) = (vocabulary.text(a).count, vocabulary.text(b).count)
            return la != lb ? la > lb : a < b
        }.map { Int32($0) }
    }

    /// The text split at its special tokens; none is matched where it would overlap one of the
    /// `literal` byte ranges (a chat message's own text).
    func fragments(of text: [UInt8], parseSpecial: Bool, vocabulary: TokenVocabulary, literal: [Range<Int>] = []) -> [TextFragment] {
        guard !text.isEmpty else { return [] }
        var fragments: [TextFragment] = [.text(0..<text.count)]
        text.withUnsafeBytes { haystack in
            for id in ordered {
                let attributes = vocabulary.attributes[Int(id)]
                if !parseSpecial, !attributes.isDisjoint(with: [.control, .unknown]) { continue }
                let needle = vocabulary.text(Int(id))
                guard let first = needle.first else { continue }
                // Cheap test first: most special tokens do not occur at all.
                guard let base = haystack.baseAddress, memchr(base, Int32(first), haystack.count) != nil else { continue }
                needle.withUnsafeBytes { needle in
                    var result: [TextFragment] = []
                    var changed = false
                    for fragment in fragments {
                        guard case .text(let range) = fragment else {
                            result.append(fragment)
                            continue
                        }
                        changed = split(range, at: needle, id: id, attributes: attributes, in: haystack, literal: literal, into: &result) || changed
                    }
                    if changed { fragments = result }
                }
            }
        }
        return fragments
    }

    /// Appends the pieces of `range` split at every occurrence of `needle`; false if none.
    private func split(
        _ range: Range<Int>, at needle: UnsafeRawBufferPointer, id: Int32, attributes: TokenAttributes,
        in haystack: UnsafeRawBufferPointer, literal: [Range<Int>], into result: inout [TextFragment]
    ) -> Bool {
        guard let base = haystack.baseAddress else { return false }
        var start = range.lowerBound
        var search = start
        let end = range.upperBound
        var found = false
        while search < end {
            guard let match = Self.find(needle, in: base, from: search, to: end) else { break }
            if literal.contains(where: { $0.overlaps(match..<(match + needle.count)) }) {
                search = match + 1
                continue
            }
            found = true
            var leftEnd = match
            if attributes.contains(.lstrip) {
                while leftEnd > start, Self.isSpace(haystack[leftEnd - 1]) { leftEnd -= 1 }
            }
            if leftEnd > start { result.append(.text(start..<leftEnd)) }
            result.append(.token(id))
            start = match + needle.count
            if attributes.contains(.rstrip) {
                while start < end, Self.isSpace(haystack[start]) { start += 1 }
            }
            search = start
        }
        guard found else {
            result.append(.text(range))
            return false
        }
        if start < end { result.append(.text(start..<end)) }
        return true
    }

    /// Where `needle` first occurs in `base[start..<end]`.
    static func find(_ needle: UnsafeRawBufferPointer, in base: UnsafeRawPointer, from start: Int, to end: Int) -> Int? {
        guard let needleBase = needle.baseAddress, needle.count > 0 else { return nil }
        let first = Int32(needle[0])
        var position = start
        while end - position >= needle.count {
            guard let hit = memchr(base + position, first, end - position - needle.count + 1) else { return nil }
            let candidate = base.distance(to: UnsafeRawPointer(hit))
            if memcmp(base + candidate, needleBase, needle.count) == 0 { return candidate }
            position = candidate + 1
        }
        return nil
    }

    /// C `isspace` in the C locale.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }
}
