import Foundation

/// The catalog entries this plugin serves. No prices: foundry's own catalog supplies them.
/// Limits from Google's model pages: 1,048,576 input tokens, 65,536 output tokens for each.
enum Models {
    private struct Entry: Encodable {
        let id: String
        let provider = "gemini"
        let model: String
        let display_name: String
        let context_window = 1_048_576
        let max_output_tokens = 65_536
        let input_modalities = ["text", "image", "audio", "video", "pdf"]
        let output_modalities = ["text"]
        let capabilities = ["tools", "json", "vision", "audio", "streaming", "reasoning"]
        let location = "cloud"
        let region_family = "global"
    }

    private static let served: [(model: String, displayName: String)] = [
        ("gemini-2.5-flash-lite", "Gemini 2.5 Flash-Lite"),
        ("gemini-2.5-flash", "Gemini 2.5 Flash"),
        ("gemini-2.5-pro", "Gemini 2.5 Pro"),
    ]

    /// The JSON array, built once and kept for the life of the process.
    nonisolated(unsafe) static let json: UnsafePointer<CChar> = {
        let entries = served.map { Entry(id: "gemini/\($0.model)", model: $0.model, display_name: $0.displayName) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = (try? encoder.encode(entries)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
        return UnsafePointer(strdup(text))
    }()
}
