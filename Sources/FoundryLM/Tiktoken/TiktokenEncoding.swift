import Foundation
import FoundryCore

/// An OpenAI tiktoken encoding (`o200k_base` or `cl100k_base`) read from its `.tiktoken` rank
/// file: the same token ids as tiktoken's `encode_ordinary` (no special tokens).
public struct TiktokenEncoding: Sendable {
    /// The encodings this tokenizer knows, with how many tokens each one's rank file ranks.
    static let supported: [(name: String, ranks: Int)] = [("o200k_base", 199_998), ("cl100k_base", 100_256)]
    private static var supportedList: String { supported.map(\.name).joined(separator: " and ") }

    public let name: String
    private let preTokenizer: TiktokenPreTokenizer
    private let encoder: TiktokenEncoder

    /// Loads a rank file; the encoding (o200k_base or cl100k_base) is chosen from the file name
    /// unless `name` is given; an unknown name is an error listing the two supported ones.
    public init(rankFile path: String, name: String? = nil) throws {
        let name = try Self.encodingName(path: path, given: name)
        let ranks = try TiktokenRanks(path: path)
        if let expected = Self.supported.first(where: { $0.name == name })?.ranks, ranks.count != expected {
            throw FoundryError.failure(
                "invalid tiktoken file '\(path)': it ranks \(ranks.count) tokens, \(name) has \(expected)",
                hint: "use the \(name).tiktoken file that tiktoken uses, or name the encoding the file is for")
        }
        try self.init(name: name, ranks: ranks)
    }

    /// An encoding over ranks already loaded (tests use small hand-made vocabularies).
    init(name: String, ranks: TiktokenRanks) throws {
        guard let preTokenizer = TiktokenPreTokenizer(encoding: name) else {
            throw FoundryError.usage("unknown tiktoken encoding '\(name)': the supported encodings are \(Self.supportedList)")
        }
        self.name = name
        self.preTokenizer = preTokenizer
        self.encoder = TiktokenEncoder(ranks: ranks)
    }

    /// The token ids of ordinary text (special-token text such as `<|endoftext|>` is plain text here).
    public func encode(_ text: String) -> [Int] {
        var ids: [Int] = []
        ids.reserveCapacity(text.utf8.count / 4)
        preTokenizer.forEachPiece(in: text) { piece in
            encoder.encode(piece) { ids.append($0) }
        }
        return ids
    }

    /// How many tokens `encode(text)` returns.
    public func count(_ text: String) -> Int {
        var count = 0
        preTokenizer.forEachPiece(in: text) { piece in
            encoder.encode(piece) { _ in count += 1 }
        }
        return count
    }

    /// The given name if supported, else the supported name the file's name contains.
    private static func encodingName(path: String, given: String?) throws -> String {
        if let given {
            guard supported.contains(where: { $0.name == given }) else {
                throw FoundryError.usage("unknown tiktoken encoding '\(given)': the supported encodings are \(supportedList)")
            }
            return given
        }
        let fileName = URL(fileURLWithPath: path).lastPathComponent
        let named = supported.filter { fileName.contains($0.name) }
        guard named.count == 1, let only = named.first else {
            throw FoundryError.usage(
                "cannot tell the tiktoken encoding of '\(path)' from its file name: the supported encodings are \(supportedList)",
                hint: "name the file o200k_base.tiktoken or cl100k_base.tiktoken")
        }
        return only.name
    }
}
