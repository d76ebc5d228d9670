import Foundation

/// What the learned quality model sees of a prompt. Stored in the model file so that training
/// and prediction always agree.
///
/// Features (all computed on the last `maxBytes` bytes of the prompt's UTF-8, where a question
/// usually sits; the length features use the whole prompt):
/// - hashed word unigrams and bigrams (`wordBuckets` buckets): words are runs of ASCII letters,
///   digits and non-ASCII bytes, lowercased; value √count, the block scaled to unit length;
/// - hashed character `charN`-grams (`charBuckets` buckets) over the lowercased text with
///   whitespace runs folded to one space and digits folded to `0`; value √count, unit length;
/// - `QualityFeatures.denseNames`: length, digits, capitals, punctuation, code characters, line
///   breaks, question marks, multiple-choice options, an "Answer:" cue and non-ASCII text.
/// Hashing is FNV-1a 64, so bucket numbers are the same on every machine and run.
public struct QualityFeatureConfig: Codable, Sendable, Equatable {
    public var wordBuckets: Int
    public var charBuckets: Int
    public var charN: Int
    public var maxBytes: Int

    enum CodingKeys: String, CodingKey {
        case wordBuckets = "word_buckets", charBuckets = "char_buckets", charN = "char_n", maxBytes = "max_bytes"
    }

    public init(wordBuckets: Int = 4096, charBuckets: Int = 2048, charN: Int = 3, maxBytes: Int = 2048) {
        self.wordBuckets = wordBuckets
        self.charBuckets = charBuckets
        self.charN = charN
        self.maxBytes = maxBytes
    }

    /// Number of features (the length of every weight vector).
    public var dimension: Int { wordBuckets + charBuckets + QualityFeatures.denseNames.count }
    /// The most distinct sparse features one prompt can produce.
    package var maxActive: Int { 2 * maxBytes + QualityFeatures.denseNames.count + 4 }
}

/// A prompt's features as (index, value) pairs in first-seen order, for training.
package struct SparseFeatures: Sendable, Equatable {
    package var index: [Int32]
    package var value: [Float]
}

package enum QualityFeatures {
    package static let denseNames = [
        "log_bytes", "log_words", "digit_fraction", "upper_fraction", "punct_fraction", "code_fraction",
        "log_lines", "has_question_mark", "ends_with_question", "multiple_choice", "answer_cue", "non_ascii_fraction",
    ]

    /// Extracts the features of `prompt` for training (allocates the result).
    package static func sparse(_ prompt: String, config: QualityFeatureConfig) -> SparseFeatures {
        withScratch(config: config) { dense, touched, count in
            let n = extract(prompt, config: config, dense: dense, touched: touched)
            var out = SparseFeatures(index: [], value: [])
            out.index.reserveCapacity(n); out.value.reserveCapacity(n)
            for k in 0..<n {
                let j = Int(touched[k])
                out.index.append(touched[k]); out.value.append(dense[j])
            }
            return out
        }
    }

    /// Runs `body` with a zeroed dense buffer of `config.dimension` floats and an index buffer
    /// of `config.maxActive` entries, both on the stack when they fit.
    package static func withScratch<R>(
        config: QualityFeatureConfig,
        _ body: (UnsafeMutableBufferPointer<Float>, UnsafeMutableBufferPointer<Int32>, Int) -> R
    ) -> R {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: config.dimension) { dense in
            dense.initialize(repeating: 0)
            return withUnsafeTemporaryAllocation(of: Int32.self, capacity: config.maxActive) { touched in
                body(dense, touched, config.maxActive)
            }
        }
    }

    /// Writes the features of `prompt` into `dense` (which must be all zeros) and the indices it
    /// set into `touched`; returns how many. The caller resets `dense` at those indices if it
    /// reuses the buffer.
    package static func extract(_ prompt: String, config: QualityFeatureConfig,
                        dense: UnsafeMutableBufferPointer<Float>, touched: UnsafeMutableBufferPointer<Int32>) -> Int {
        var copy = prompt
        return copy.withUTF8 { bytes in
            extract(bytes: bytes, totalBytes: bytes.count, config: config, dense: dense, touched: touched)
        }
    }

    @inline(__always) static package func fnv(_ h: UInt64, _ byte: UInt8) -> UInt64 { (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
    package static let fnvBasis: UInt64 = 0xCBF2_9CE4_8422_2325
    @inline(__always) static package func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    package static func extract(bytes all: UnsafeBufferPointer<UInt8>, totalBytes: Int, config: QualityFeatureConfig,
                        dense: UnsafeMutableBufferPointer<Float>, touched: UnsafeMutableBufferPointer<Int32>) -> Int {
        let start = max(0, all.count - config.maxBytes)
        let n = all.count - start
        let wordBuckets = UInt64(config.wordBuckets), charBuckets = UInt64(config.charBuckets)
        let charBase = config.wordBuckets, denseBase = config.wordBuckets + config.charBuckets
        var active = 0
        @inline(__always) func bump(_ j: Int) {
            if dense[j] == 0 { touched[active] = Int32(j); active += 1 }
            dense[j] += 1
        }

        var words = 0, digits = 0, uppers = 0, puncts = 0, codes = 0, lines = 0, questions = 0, nonASCII = 0
        var multipleChoice = false, answerCue = false
        var wordHash = fnvBasis, inWord = false, previousWord: UInt64 = 0, hasPrevious = false
        // Character n-gram window over the normalised stream.
        var window: UInt64 = 0, windowLength = 0, lastWasSpace = true
        let gramMask: UInt64 = config.charN >= 8 ? ~0 : (1 << UInt64(8 * config.charN)) - 1
        var lastNonSpace: UInt8 = 0

        func endWord() {
            let h = mix(wordHash)
            bump(Int(h % wordBuckets))
            if hasPrevious { bump(Int(mix(previousWord &* 0x9E37_79B9_7F4A_7C15 ^ h) % wordBuckets)) }
            previousWord = h; hasPrevious = true
            words += 1
            wordHash = fnvBasis; inWord = false
        }

        for k in 0..<n {
            let raw = all[start + k]
            var c = raw
            if raw >= 65 && raw <= 90 { c = raw + 32; uppers += 1 }
            let isDigit = c >= 48 && c <= 57
            let isLetter = c >= 97 && c <= 122
            if isDigit { digits += 1 }
            if raw >= 0x80 { nonASCII += 1 }
            if raw == 10 {
                lines += 1
                if k + 2 < n {
                    let option = all[start + k + 1], mark = all[start + k + 2]
                    if option >= 65 && option <= 69 && (mark == 41 || mark == 46) { multipleChoice = true }
                }
            }
            if raw == 63 { questions += 1 }
            if raw == 40 && k + 2 < n && all[start + k + 1] == 65 && all[start + k + 2] == 41 { multipleChoice = true }
            if c == 58 && k >= 6 {
                // "answer:" just ended here?
                let a = all[start + k - 6] | 0x20, b = all[start + k - 5] | 0x20, s = all[start + k - 4] | 0x20
                let w = all[start + k - 3] | 0x20, e = all[start + k - 2] | 0x20, r = all[start + k - 1] | 0x20
                if a == 97 && b == 110 && s == 115 && w == 119 && e == 101 && r == 114 { answerCue = true }
            }
            let isSpace = c == 32 || c == 10 || c == 13 || c == 9
            if !isSpace { lastNonSpace = raw }
            switch c {
            case 123, 125, 59, 61, 60, 62, 91, 93, 40, 41: codes += 1; puncts += 1
            case 33...47, 58...64, 92, 94...96, 124, 126: if !isDigit && !isLetter { puncts += 1 }
            default: break
            }

            // Words.
            if isDigit || isLetter || raw >= 0x80 {
                wordHash = fnv(wordHash, c); inWord = true
            } else if inWord {
                endWord()
            }

            // Character n-grams.
            if isSpace {
                if lastWasSpace { continue }
                lastWasSpace = true
                window = ((window << 8) | 32) & gramMask
            } else {
                lastWasSpace = false
                window = ((window << 8) | UInt64(isDigit ? 48 : c)) & gramMask
            }
            windowLength += 1
            if windowLength >= config.charN {
                bump(charBase + Int(mix(window) % charBuckets))
            }
        }
        if inWord { endWord() }

        // √count, then each sparse block scaled to unit length.
        var wordNorm: Float = 0, charNorm: Float = 0
        for t in 0..<active {
            let j = Int(touched[t])
            let v = dense[j].squareRoot()
            dense[j] = v
            if j < charBase { wordNorm += v * v } else { charNorm += v * v }
        }
        let wordScale = wordNorm > 0 ? 1 / wordNorm.squareRoot() : 0
        let charScale = charNorm > 0 ? 1 / charNorm.squareRoot() : 0
        for t in 0..<active {
            let j = Int(touched[t])
            dense[j] *= j < charBase ? wordScale : charScale
        }

        let length = Float(max(n, 1))
        @inline(__always) func set(_ d: Int, _ v: Float) {
            guard v != 0 else { return }
            dense[denseBase + d] = v
            touched[active] = Int32(denseBase + d); active += 1
        }
        set(0, Float(log1p(Double(totalBytes)) / 10))
        set(1, Float(log1p(Double(words)) / 8))
        set(2, Float(digits) / length)
        set(3, Float(uppers) / length)
        set(4, Float(puncts) / length)
        set(5, Float(codes) / length)
        set(6, Float(log1p(Double(lines)) / 5))
        set(7, questions > 0 ? 1 : 0)
        set(8, lastNonSpace == 63 ? 1 : 0)
        set(9, multipleChoice ? 1 : 0)
        set(10, answerCue ? 1 : 0)
        set(11, Float(nonASCII) / length)
        return active
    }
}

