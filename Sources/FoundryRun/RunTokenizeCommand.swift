import ArgumentParser
import Foundation
import FoundryCore
import FoundryLM

struct RunTokenizeCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Print the token ids of a text (works on vocabulary-only GGUF files).",
        discussion: """
            Ids are separated by spaces; no BOS unless --bos. Special tokens written in the text \
            (such as [INST] or <|im_start|>) become their ids with --special.

            Example:
              foundry run tokenize model.gguf "Hello world" --pieces
              cat notes.txt | foundry run tokenize model.gguf - | wc -w
            """)

    @OptionGroup var global: GlobalOptions

    @Argument(help: ArgumentHelp("A GGUF model or vocabulary file.", valueName: "model.gguf"), completion: .file(extensions: ["gguf"]))
    var model: String

    @Argument(help: ArgumentHelp("The text, or - for standard input (default: standard input).", valueName: "text"))
    var text: [String] = []

    @Flag(name: .long, help: "Add the beginning-of-sequence token.")
    var bos = false

    @Flag(name: .long, help: "Parse special tokens written in the text.")
    var special = false

    @Flag(name: .long, help: "Print each id with its vocabulary piece.")
    var pieces = false

    func run(context: Context) async throws {
        let input = text.isEmpty || text == ["-"] ? try RunGenerateCommand.readStandardInput() : text.joined(separator: " ")
        let (ids, tokenizer) = try await OffPool.run { () throws -> ([Int32], GGUFTokenizer) in
            let tokenizer = try GGUFTokenizer(gguf: try GGUFFile(path: model))
            return (tokenizer.encode(input, addBOS: bos, parseSpecial: special), tokenizer)
        }
        let output = context.output
        if global.json {
            let list: [JSONValue] = ids.map { id in
                pieces ? .object(["id": .number(Double(id)), "piece": .string(tokenizer.pieceText(id))]) : .number(Double(id))
            }
            output.line(JSONValue.object(["model": .string(model), "count": .number(Double(ids.count)), "tokens": .array(list)]).jsonString)
        } else if pieces {
            for id in ids { output.line("\(id)\t\(Self.visible(tokenizer.pieceText(id)))") }
        } else {
            output.line(ids.map(String.init).joined(separator: " "))
        }
    }

    /// Escapes control characters so each piece stays on its line.
    static func visible(_ piece: String) -> String {
        piece.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? String(format: "\\x%02X", $0.value) : String($0) }.joined()
    }
}
