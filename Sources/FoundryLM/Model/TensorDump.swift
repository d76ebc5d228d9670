import Foundation

/// A debugging aid: writes the intermediate activations of each forward pass under the names
/// llama.cpp gives them (attn_norm-0, Qcur-0, …, result_output), as raw little-endian float32,
/// to DIRECTORY/STEP/NAME.f32 — step 0 is the first batch after the dump starts, each later
/// batch the next step. scripts/dump_llama_tensors.py --compare lines them up with llama.cpp's.
/// Enabled by FOUNDRY_DUMP_DIR (read once when a model loads) or by setting
/// `LlamaModel.tensorDump`; absent, the forward pass only tests an optional.
final class TensorDump {
    let directory: String
    private(set) var step = 0
    private var stepDirectory: String

    init(directory: String) {
        self.directory = directory
        stepDirectory = directory + "/0"
        try? FileManager.default.createDirectory(atPath: stepDirectory, withIntermediateDirectories: true)
    }

    func write(_ name: String, layer: Int? = nil, _ values: UnsafePointer<Float>, count: Int) {
        let file = stepDirectory + "/" + name + (layer.map { "-\($0)" } ?? "") + ".f32"
        let data = Data(bytes: values, count: count * MemoryLayout<Float>.size)
        _ = FileManager.default.createFile(atPath: file, contents: data)
    }

    func finishStep() {
        step += 1
        stepDirectory = directory + "/\(step)"
        try? FileManager.default.createDirectory(atPath: stepDirectory, withIntermediateDirectories: true)
    }
}
