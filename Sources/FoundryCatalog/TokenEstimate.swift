import FoundryCore

/// A token count for text when no tokenizer for the model is at hand: about four bytes of
/// UTF-8 per token (OpenAI's rule of thumb for English). Always labelled as an estimate.
public enum TokenEstimate {
    public static let method = "estimate: UTF-8 bytes ÷ 4, rounded up"

    public static func tokens(inUTF8Bytes count: Int) -> Int { (count + 3) / 4 }

    public static func tokens(_ text: String) -> Int { tokens(inUTF8Bytes: text.utf8.count) }
}
