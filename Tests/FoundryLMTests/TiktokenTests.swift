import Foundation
import FoundryCore
import FoundryTestSupport
import Testing

@testable import FoundryLM

/// The tiktoken tokenizer: ids compared with OpenAI's own `tiktoken` on the sample texts of
/// scripts/check_tiktoken.py, the BPE merge on a small hand-made vocabulary, and rank-file errors.
@Suite("Tiktoken")
struct TiktokenTests {
    // MARK: Against tiktoken itself

    @Test("token ids equal tiktoken's on several hundred varied texts", arguments: ["o200k_base", "cl100k_base"])
    func matchesTiktoken(encoding: String) async throws {
        guard let reference = try await Reference.locate() else { return }
        defer { reference.cleanUp() }
        let rankFile = reference.rankDirectory + "/\(encoding).tiktoken"
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let casesFile = dir + "/cases.json"
        let run = try await CommandRunner.run(
            reference.python, [Reference.script, "--rank-file", rankFile, "--encoding", encoding, "--cases-out", casesFile],
            inheritEnvironment: true)
        try #require(run.status == 0, "check_tiktoken.py failed: \(run.stderr)")
        let expected = try JSONDecoder().decode(ReferenceCases.self, from: Data(contentsOf: URL(fileURLWithPath: casesFile)))
        #expect(expected.encoding == encoding)
        #expect(expected.cases.count >= 400)

        let tokenizer = try TiktokenEncoding(rankFile: rankFile)
        #expect(tokenizer.name == encoding)
        var mismatches = 0
        for item in expected.cases {
            let ids = tokenizer.encode(item.text)
            if ids != item.ids {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(encoding) \(item.text.debugDescription.prefix(200)): ours \(ids.prefix(40)), tiktoken's \(item.ids.prefix(40))")
                }
            }
            #expect(tokenizer.count(item.text) == item.ids.count)
        }
        #expect(mismatches == 0, "\(mismatches) of \(expected.cases.count) texts differ from tiktoken")
    }

    @Test("a long text with long runs gets tiktoken's ids", arguments: ["o200k_base", "cl100k_base"])
    func longTextMatchesTiktoken(encoding: String) async throws {
        guard let reference = try await Reference.locate() else { return }
        defer { reference.cleanUp() }
        let rankFile = reference.rankDirectory + "/\(encoding).tiktoken"
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // Long runs of spaces, letters and punctuation: single pieces merged by the heap.
        let text = Self.mixedText(bytes: 200_000) + String(repeating: " ", count: 100_000) + "x"
            + String(repeating: "z", count: 100_000) + String(repeating: "!?", count: 50_000) + "\n"
        try text.write(toFile: dir + "/text.txt", atomically: true, encoding: .utf8)
        let run = try await CommandRunner.run(
            reference.python,
            [Reference.script, "--rank-file", rankFile, "--text-file", dir + "/text.txt", "--ids-out", dir + "/ids.txt"],
            inheritEnvironment: true)
        try #require(run.status == 0, "check_tiktoken.py failed: \(run.stderr)")
        let theirs = try String(contentsOfFile: dir + "/ids.txt", encoding: .utf8).split(separator: " ").compactMap { Int($0) }
        let ours = try TiktokenEncoding(rankFile: rankFile).encode(text)
        let firstDifference = zip(ours, theirs).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        #expect(ours.count == theirs.count, "\(ours.count) ids, tiktoken's \(theirs.count)")
        #expect(firstDifference == nil, "ids differ from tiktoken's from index \(firstDifference ?? 0)")
    }

    // MARK: The pre-tokenizer against the regexes themselves

    @Test("the pre-tokenizer splits as ICU runs tiktoken's regex", arguments: ["o200k_base", "cl100k_base", "tekken"])
    func scannerMatchesRegex(encoding: String) throws {
        let scanner = try #require(TiktokenPreTokenizer(encoding: encoding))
        let regex = try NSRegularExpression(pattern: scanner.pattern)
        var generator = SplitMix64(seed: 11)
        var texts = Self.edgeTexts
        for _ in 0..<4000 {
            let length = Int(generator.next() % 24)
            var scalars = String.UnicodeScalarView()
            for _ in 0..<length { scalars.append(Self.scalarPool[Int(generator.next() % UInt64(Self.scalarPool.count))]) }
            texts.append(String(scalars))
        }
        var mismatches = 0
        for text in texts {
            let ours = scanner.pieces(of: text)
            let ns = text as NSString
            let theirs = regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
            if ours != theirs {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(encoding) \(text.debugDescription): ours \(ours), ICU's \(theirs)") }
            }
        }
        #expect(mismatches == 0, "\(mismatches) of \(texts.count) texts split differently")
    }

    @Test("runs too long for ICU's backtracking stack still split like tiktoken")
    func longRuns() throws {
        let o200k = try #require(TiktokenPreTokenizer(encoding: "o200k_base"))
        let cl100k = try #require(TiktokenPreTokenizer(encoding: "cl100k_base"))
        let spaces = String(repeating: " ", count: 500_000)
        #expect(o200k.pieces(of: spaces + "x").map(\.utf8.count) == [499_999, 2])
        #expect(cl100k.pieces(of: spaces + "x").map(\.utf8.count) == [499_999, 2])
        #expect(o200k.pieces(of: spaces).count == 1)
        let letters = String(repeating: "a", count: 1_000_000)
        #expect(cl100k.pieces(of: letters + "!").map(\.utf8.count) == [1_000_000, 1])
        #expect(o200k.pieces(of: "\n" + letters).map(\.utf8.count) == [1, 1_000_000])
        // A long run of digits splits into groups of three without rescanning the rest of the run.
        let digits = String(repeating: "7", count: 300_000)
        #expect(o200k.pieces(of: digits).count == 100_000)
        #expect(cl100k.pieces(of: digits).count == 100_000)
    }

    // MARK: The merge loop on a small vocabulary

    @Test("whole pieces, lowest-rank merges and leftmost ties")
    func mergesByRank() throws {
        let tokenizer = try Self.smallEncoding()
        let byte = { (c: Character) in Int(c.asciiValue ?? 0) }
        #expect(tokenizer.encode("abcd") == [258])  // the whole piece is a token
        #expect(tokenizer.encode("abcde") == [258, byte("e")])  // ab, then cd, then abcd
        #expect(tokenizer.encode("aaa") == [259, byte("a")])  // the leftmost "aa" first
        #expect(tokenizer.encode("aaaaa") == [260, byte("a")])  // aa aa a, then aaaa
        #expect(tokenizer.encode("bcd") == [byte("b"), 257])
        #expect(tokenizer.encode("ab cd") == [256, byte(" "), 257])  // two pieces: "ab", " cd"
        #expect(tokenizer.encode("") == [])
        #expect(tokenizer.count("abcde ab") == 4)
    }

    @Test("the heap merge for long pieces gives the array merge's ids")
    func heapMatchesArrayMerge() throws {
        let ranks = try Self.smallRanks()
        let encoder = TiktokenEncoder(ranks: ranks)
        var generator = SplitMix64(seed: 7)
        for length in [2, 3, 5, 17, 64, 255, 256, 257, 300, 600, 1000] {
            for _ in 0..<20 {
                let piece = (0..<length).map { _ in Array("abcd".utf8)[Int(generator.next() % 4)] }
                var short: [Int] = [], long: [Int] = []
                encoder.mergeShort(piece[...]) { short.append($0) }
                encoder.mergeLong(piece[...]) { long.append($0) }
                #expect(short == long, "piece \(String(decoding: piece, as: UTF8.self))")
            }
        }
    }

    // MARK: Rank-file errors

    @Test(
        "a malformed rank file names the file and the line",
        arguments: [
            ("IQ== 0\n!!!! 1\n", "line 2: '!!!!' is not a base64 token"),
            ("IQ== 0\nIg 1\n", "line 2: 'Ig' is not a base64 token"),
            ("IQ== 0\nIh== 1\n", "line 2: 'Ih==' is not a base64 token"),
            ("IQ== 0\nIg== x1\n", "line 2: rank 'x1' is not an integer"),
            ("IQ== 0\nIg== -1\n", "line 2: rank '-1' is not an integer"),
            ("IQ== 0\nIg== 99999999999\n", "line 2: rank '99999999999' is not an integer"),
            ("IQ== 0\nIg== 0\n", "line 2: rank 0 is already used on line 1"),
            ("IQ== 0\n\nIg== 1\nIQ== 2\n", "line 4: token 'IQ==' is already listed on line 1"),
            ("IQ== 0\r\nIg==\r\n", "line 2: expected '<base64 token> <rank>', found 'Ig=='"),
            ("IQ== 0 7\n", "line 1: expected '<base64 token> <rank>'"),
            (" 0\n", "line 1: expected '<base64 token> <rank>'"),
            ("= 0\n", "line 1: '=' is not a base64 token"),
        ])
    func malformedRankFile(contents: String, message: String) throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/o200k_base.tiktoken"
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: FoundryError.self) { try TiktokenEncoding(rankFile: path) }
        #expect(error.message.hasPrefix("invalid tiktoken file '\(path)' \(message)"), "\(error.message)")
        #expect(error.exitCode == ExitStatus.failure)
    }

    @Test("a file without all 256 single bytes, or of the wrong size for its encoding, is refused")
    func incompleteRankFile() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let missing = dir + "/cl100k_base.tiktoken"
        let lines = (0..<256).filter { $0 != 0x41 }.enumerated().map { "\(Self.base64([UInt8($0.element)])) \($0.offset)" }
        try (lines.joined(separator: "\n") + "\n").write(toFile: missing, atomically: true, encoding: .utf8)
        let noByte = try #require(throws: FoundryError.self) { try TiktokenEncoding(rankFile: missing) }
        #expect(noByte.message == "invalid tiktoken file '\(missing)': the single byte 0x41 has no rank (a byte-level BPE file ranks all 256 bytes)")

        let small = dir + "/o200k_base.tiktoken"
        try Self.smallRankFile().write(toFile: small, atomically: true, encoding: .utf8)
        let wrongSize = try #require(throws: FoundryError.self) { try TiktokenEncoding(rankFile: small) }
        #expect(wrongSize.message == "invalid tiktoken file '\(small)': it ranks 262 tokens, o200k_base has 199998")
    }

    @Test("the encoding comes from the file name or the given name; others are refused")
    func encodingNames() throws {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/ranks.tiktoken"
        try Self.smallRankFile().write(toFile: path, atomically: true, encoding: .utf8)

        let unnamed = try #require(throws: FoundryError.self) { try TiktokenEncoding(rankFile: path) }
        #expect(unnamed.message.contains("cannot tell the tiktoken encoding of '\(path)'"))
        #expect(unnamed.message.contains("o200k_base and cl100k_base"))
        let unknown = try #require(throws: FoundryError.self) { try TiktokenEncoding(rankFile: path, name: "p50k_base") }
        #expect(unknown.message == "unknown tiktoken encoding 'p50k_base': the supported encodings are o200k_base and cl100k_base")
        let absent = try #require(throws: FoundryError.self) { try TiktokenEncoding(rankFile: dir + "/none/o200k_base.tiktoken") }
        #expect(absent.message.contains("no such file"))
        // The given name wins over the file name, and is checked against the file's size.
        let sized = try #require(throws: FoundryError.self) { try TiktokenEncoding(rankFile: path, name: "cl100k_base") }
        #expect(sized.message.contains("cl100k_base has 100256"))
    }

    @Test("there is a pre-tokenizer for the two supported encodings and Mistral's tekken only")
    func preTokenizers() {
        #expect(TiktokenPreTokenizer(encoding: "o200k_base") != nil)
        #expect(TiktokenPreTokenizer(encoding: "cl100k_base") != nil)
        #expect(TiktokenPreTokenizer(encoding: "tekken") != nil)
        #expect(TiktokenPreTokenizer(encoding: "r50k_base") == nil)
    }

    // MARK: Helpers

    /// Single bytes ranked by value, then ab 256, cd 257, abcd 258, aa 259, aaaa 260, dd 261.
    static func smallRankFile() -> String {
        var lines = (0..<256).map { "\(base64([UInt8($0)])) \($0)" }
        for (index, token) in ["ab", "cd", "abcd", "aa", "aaaa", "dd"].enumerated() {
            lines.append("\(base64(Array(token.utf8))) \(256 + index)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func smallRanks() throws -> TiktokenRanks {
        let dir = try TestEnvironment.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try smallRankFile().write(toFile: dir + "/small.tiktoken", atomically: true, encoding: .utf8)
        return try TiktokenRanks(path: dir + "/small.tiktoken")
    }

    static func smallEncoding() throws -> TiktokenEncoding {
        try TiktokenEncoding(name: "cl100k_base", ranks: smallRanks())
    }

    static func base64(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    /// Scalars from every class the patterns tell apart: letters of each category, marks,
    /// numbers, whitespace with and without line breaks, apostrophes, contraction letters in both
    /// cases and the long s, slash and other punctuation, emoji.
    static let scalarPool: [Unicode.Scalar] = Array(
        ("aAzZéÉßǅǈʰˈ中日한ـ\u{301}\u{903}\u{20DD}\u{64B}0917½Ⅻ٣²  \t\n\r\n\u{A0}\u{3000}\u{2028}\u{B}\u{85}\u{C}"
            + "'''''sStTdDmMlLvVeErRſK/!.,-(\"#😀👍🏽_").unicodeScalars)

    /// Hand-picked cases at the alternatives' edges.
    static let edgeTexts: [String] = [
        "", " ", "  ", "\n", " \n ", "x  ", "x \n  ", "x\n\n  y", "  \r\n  z", "a'S 'll 'LL 're 'Ve 'ſ 'K", "don't DON'T",
        "ǅemo ǈ ABCdef ABC aBC ʰa aʰ 中a a中 e\u{301}t \u{301}t", "(hello) .5 /path//x \n/\n", " 123 1234567",
        "!!!\n\n x", " !! \r\n", "\t\tx", "\u{A0}a", "a\u{2028}b", "'", "''s", "a'", " 'm", "\u{301}", " \u{301}a",
    ]

    /// Deterministic text of about `bytes` UTF-8 bytes mixing prose, code, digits, scripts and emoji.
    static func mixedText(bytes: Int) -> String {
        let fragments = [
            "The quick brown fox jumps over the lazy dog. ", "I'm sure they'll say DON'T. ", "café naïve résumé ",
            "日本語のテキスト。", "中文文本，", "Привет, мир! ", "مرحبا بالعالم ", "שלום ", "😀👍🏽🇫🇷 ", "1234567890 ",
            "3.14159 ", "func f(_ x: Int) -> Int {\n    return x * 2\n}\n", "\n\n", "    ", "!!!??? ", "a/b/c ",
            "snake_case camelCase HTTPServer ", "\t", "\r\n", "—…« » ",
        ]
        var generator = SplitMix64(seed: 42)
        var text = ""
        while text.utf8.count < bytes { text += fragments[Int(generator.next() % UInt64(fragments.count))] }
        return text
    }
}

/// Where the reference tiktoken and the rank files are: the venv's python, and the rank files
/// from $FOUNDRY_TIKTOKEN_DIR or exported (hash-checked) from the packages installed in the venv.
private struct Reference {
    let python: String
    let rankDirectory: String
    /// True when `rankDirectory` is a temporary copy that `cleanUp()` removes.
    let exported: Bool

    func cleanUp() {
        if exported { try? FileManager.default.removeItem(atPath: rankDirectory) }
    }

    static let script = TestEnvironment.packageRoot + "/scripts/check_tiktoken.py"

    private static func skipped(_ reason: String) {
        guard !TestEnvironment.peersRequired else { return }
        FileHandle.standardError.write(Data("TiktokenTests: tiktoken comparison not run: \(reason)\n".utf8))
    }

    /// Nil when the reference cannot run here: a recorded failure when CI requires the peers
    /// (FOUNDRY_REQUIRE_PEERS=1), else a note on standard error.
    static func locate(sourceLocation: SourceLocation = #_sourceLocation) async throws -> Reference? {
        guard let python = ReferencePeers.python(sourceLocation: sourceLocation) else {
            skipped("no reference venv (scripts/bootstrap --python)")
            return nil
        }
        if let dir = ProcessInfo.processInfo.environment["FOUNDRY_TIKTOKEN_DIR"] {
            for name in ["o200k_base", "cl100k_base"] where !FileManager.default.fileExists(atPath: "\(dir)/\(name).tiktoken") {
                Issue.record("FOUNDRY_TIKTOKEN_DIR has no \(name).tiktoken: \(dir)", sourceLocation: sourceLocation)
                return nil
            }
            return Reference(python: python, rankDirectory: dir, exported: false)
        }
        let dir = try TestEnvironment.temporaryDirectory()
        let run = try await CommandRunner.run(python, [script, "--export-rank-files", dir], inheritEnvironment: true)
        if run.status != 0 { try? FileManager.default.removeItem(atPath: dir) }
        switch run.status {
        case 0:
            return Reference(python: python, rankDirectory: dir, exported: true)
        case 3 where !TestEnvironment.peersRequired:
            skipped(run.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
            return nil
        default:
            Issue.record("exporting the tiktoken rank files failed: \(run.stderr)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

private struct ReferenceCases: Decodable {
    struct Case: Decodable {
        let text: String
        let ids: [Int]
    }
    let encoding: String
    let cases: [Case]
}

