import CFoundryKernels
import Foundation
import FoundryCore
import FoundryGGUF

/// A llama-family transformer (llama, mistral3) computing from the memory-mapped GGUF file:
/// quantized weights are used in place (Q4_0 and Q4_K matrices repacked at load, as llama.cpp
/// does), activations and the KV cache are allocated once.
/// One instance serves one sequence and is used from one task at a time.
public final class LlamaModel: @unchecked Sendable {
    public let file: GGUFFile
    public let hyperparameters: ModelHyperparameters
    public let contextLength: Int
    public let threads: Int
    let weights: ModelWeights
    let cache: KVCache
    let scratch: ScratchBuffers
    let pool: OpaquePointer
    /// Tokens in the cache: the position the next token is evaluated at.
    public internal(set) var position = 0
    /// When set, every forward pass writes its intermediate tensors (see TensorDump).
    var tensorDump: TensorDump?

    /// Loads the model. `contextLength` defaults to the smaller of 4096 and the trained context;
    /// `threads` to the number of CPUs; `batch` bounds how many prompt tokens run at once.
    public init(file: GGUFFile, contextLength: Int? = nil, threads: Int? = nil, batch: Int = 512) throws {
        fk_init()
        let hp = try ModelHyperparameters(gguf: file)
        self.file = file
        hyperparameters = hp
        if let contextLength, contextLength > hp.trainedContextLength {
            throw FoundryError.usage("context length \(contextLength) exceeds the \(hp.trainedContextLength) tokens '\(file.path)' was trained for",
                                     hint: "give --ctx \(hp.trainedContextLength) or less")
        }
        let context = contextLength ?? min(4096, hp.trainedContextLength)
        guard context >= 1, context <= 1 << 20 else {
            throw FoundryError.usage("context length \(context) is out of range (1…1048576)")
        }
        self.contextLength = context
        let threadCount = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, 256))
        self.threads = threadCount
        guard let pool = fk_pool_create(Int32(threadCount)) else { throw FoundryError.failure("cannot start \(threadCount) threads") }
        do {
            weights = try ModelWeights(file: file, hp: hp, pool: pool)
        } catch {
            fk_pool_destroy(pool)
            throw error
        }
        self.pool = pool
        cache = KVCache(layers: hp.blockCount, capacity: context, keyWidth: hp.keyWidth, valueWidth: hp.valueWidth)
        scratch = ScratchBuffers(hp: hp, batch: max(1, min(batch, context)), context: context, threads: threadCount,
                                 vocabulary: weights.vocabularySize)
        if let directory = ProcessInfo.processInfo.environment["FOUNDRY_DUMP_DIR"], !directory.isEmpty {
            tensorDump = TensorDump(directory: directory)
        }
    }

    deinit { fk_pool_destroy(pool) }

    public var vocabularySize: Int { weights.vocabularySize }
    /// Whether any weight matrix runs repacked (as llama.cpp's default repacking buffers run it).
    public var usesRepackedWeights: Bool {
        weights.output.isRepacked || weights.layers.contains { l in
            [l.query, l.key, l.value, l.output, l.gate, l.up, l.down].contains { $0.isRepacked }
        }
    }
    /// Which kernels run ("avx2+avx512vnni", "avx2" or "scalar") and whose orders they keep:
    /// "avx2 (llama.cpp AVX2 orders)".
    public static var kernelSet: String {
        fk_init()
        return String(cString: fk_kernel_set()) + " (" + String(cString: fk_kernel_orders()) + " orders)"
    }

    /// Forgets cached positions from `position` on, so a shared prefix is not recomputed.
    public func rewind(to position: Int) {
        self.position = max(0, min(position, self.position))
    }

    /// Runs `tokens` from the current position and returns the logits after the last one.
    /// The buffer stays valid until the next call.
    @discardableResult
    public func evaluate(_ tokens: [Int32]) throws -> UnsafeBufferPointer<Float> {
        guard !tokens.isEmpty else { throw FoundryError.usage("nothing to evaluate: no tokens") }
        guard position + tokens.count <= contextLength else {
            throw FoundryError.usage(
                "the context is full: \(position) tokens so far + \(tokens.count) new exceed the context of \(contextLength)",
                hint: "use a larger --ctx (the model was trained with \(hyperparameters.trainedContextLength)) or a shorter prompt")
        }
        let vocab = weights.vocabularySize
        if let bad = tokens.first(where: { $0 < 0 || Int($0) >= vocab }) {
            throw FoundryError.usage("token id \(bad) is outside the vocabulary (0…\(vocab - 1))")
        }
        var start = 0
        while start < tokens.count {
            let end = min(start + scratch.batch, tokens.count)
            try tokens.withUnsafeBufferPointer { all in
                try forward(UnsafeBufferPointer(rebasing: all[start..<end]), wantLogits: end == tokens.count)
            }
            start = end
        }
        return UnsafeBufferPointer(start: scratch.logits, count: vocab)
    }
}
