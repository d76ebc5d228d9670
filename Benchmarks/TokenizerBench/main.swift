import Foundation
import FoundryCore
import FoundryLM

// Tokenizer speed, foundry and llama.cpp side by side on the same text (release build):
//   swift build -c release --package-path Benchmarks --product tokenizer-bench && Benchmarks/.build/release/tokenizer-bench [VOCAB.gguf ...]
// For each vocabulary (default: ../shared/data/tokenizer's llama-spm and gpt-2, and the Mistral
// tekken vocabulary the tests write to ~/.cache/foundry/vocab): load time, and the median time to
// encode ~64 KB of mixed text (prose, code, digits, scripts, emoji, whitespace runs, special
// tokens parsed); llama.cpp's figures come from llama-cpp-python when the reference venv exists.
// Target: a few KB in milliseconds.

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()

func median(_ values: [Double]) -> Double { SampleStatistics.median(values) ?? .nan }

func mixedText(bytes: Int) -> String {
    let fragments = [
        "The quick brown fox jumps over the lazy dog. ", "I'm sure they'll say DON'T. ", "café naïve résumé ",
        "日本語のテキスト。", "中文文本，", "Привет, мир! ", "مرحبا بالعالم ", "😀👍🏽🇫🇷 ", "1234567890 ", "3.14159 ",
        "func f(_ x: Int) -> Int {\n    return x * 2\n}\n", "\n\n", "    ", "!!!??? ", "a/b/c ", "snake_case HTTPServer ",
        "\t", "\r\n", "—…« » ", "[INST]", "<|im_end|>",
    ]
    var generator = SplitMix64(seed: 42)
    var text = ""
    while text.utf8.count < bytes {
        text += fragments[Int(generator.next() % UInt64(fragments.count))]
    }
    return text
}

struct Peer: Decodable {
    let load_s: Double
    let encode_s: Double
    let tokens: Int
}

func llamaCpp(_ vocab: String, textFile: String) -> Peer? {
    let python = home + "/.cache/foundry/venv/bin/python"
    guard FileManager.default.isExecutableFile(atPath: python) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: python)
    process.arguments = [root.path + "/scripts/check_tokenizers.py", "time", "--gguf", vocab, "--text-file", textFile]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return process.terminationStatus == 0 ? try? JSONDecoder().decode(Peer.self, from: data) : nil
}

var vocabularies = Array(CommandLine.arguments.dropFirst())
if vocabularies.isEmpty {
    vocabularies = [
        root.deletingLastPathComponent().path + "/shared/data/tokenizer/ggml-vocab-llama-spm.gguf",
        root.deletingLastPathComponent().path + "/shared/data/tokenizer/ggml-vocab-gpt-2.gguf",
        home + "/.cache/foundry/vocab/mistral-tekken-240911-v7.gguf",
    ].filter { FileManager.default.fileExists(atPath: $0) }
}
let text = mixedText(bytes: 64 * 1024)
let textFile = NSTemporaryDirectory() + "tokenizer-bench-\(getpid()).txt"
try text.write(toFile: textFile, atomically: true, encoding: .utf8)
defer { try? FileManager.default.removeItem(atPath: textFile) }

print("text: \(text.utf8.count) bytes")
for vocab in vocabularies {
    var loads: [Double] = []
    var tokenizer: GGUFTokenizer?
    for _ in 0..<3 {
        let stopwatch = Stopwatch()
        tokenizer = try GGUFTokenizer(gguf: GGUFFile(path: vocab))
        loads.append(stopwatch.milliseconds / 1000)
    }
    guard let tokenizer else { continue }
    var encodes: [Double] = []
    var count = 0
    for _ in 0..<5 {
        let stopwatch = Stopwatch()
        count = tokenizer.encode(text, addBOS: false, parseSpecial: true).count
        encodes.append(stopwatch.milliseconds / 1000)
    }
    let name = URL(fileURLWithPath: vocab).lastPathComponent
    let ours = median(encodes)
    print(String(format: "%@: %d tokens; foundry load %.0f ms, encode %.2f ms (%.2f ms/KB)",
                 name, count, median(loads) * 1000, ours * 1000, ours * 1000 / 64))
    if let peer = llamaCpp(vocab, textFile: textFile) {
        print(String(format: "%@: llama.cpp %d tokens; load %.0f ms, encode %.2f ms; foundry/llama.cpp encode time ratio %.2f",
                     name, peer.tokens, peer.load_s * 1000, peer.encode_s * 1000, ours / peer.encode_s))
    }
}
