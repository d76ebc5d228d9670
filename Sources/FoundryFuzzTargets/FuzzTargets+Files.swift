import Foundation
import FoundryAudio
import FoundryCatalog
import FoundryCore
import FoundryRouting

extension FuzzTargets {
    static let files: [FuzzTarget] = [
        FuzzTarget("json", "the JSON parser (fast path and Foundation's) and writing the value back", maxLength: 65536) { bytes in
            guard let value = try? JSONValue.parse(Data(bytes), what: "fuzz input") else { return }
            blackHole(value.jsonString)
        },
        FuzzTarget("toml-config", "a config file: TOML, then foundry's config schema", maxLength: 65536) { bytes in
            blackHole(try? ConfigLoader.parse(FuzzTargets.text(bytes), path: "fuzz.toml"))
        },
        FuzzTarget("catalog-import", "a price catalog as `cost catalog import` reads it (LiteLLM's or foundry's format)", maxLength: 65536) { bytes in
            blackHole(try? CatalogImporter.parse(Data(bytes), path: "fuzz.json", day: "2026-12-07"))
        },
        FuzzTarget("routing-csv", "a RouterBench or RouteLLM CSV file as `route train` and `route eval` read it", maxLength: 65536) { bytes in
            blackHole(try? QualityDataReader.parse(bytes: Array(bytes), source: "fuzz.csv"))
        },
        FuzzTarget("quality-model", "a trained quality-model file as `route` loads it", maxLength: 65536) { bytes in
            guard let model = try? LearnedQualityModel.decode(Data(bytes), source: "fuzz.json") else { return }
            // A model that loads is used: every curve's logit for a prompt.
            blackHole(model.logits(prompt: "Write a Python function that reverses a list.", indices: Array(model.curves.indices)))
        },
        FuzzTarget("audio-file", "an audio file through libsndfile (WAV, FLAC, Ogg Vorbis, Ogg Opus, AIFF, …) to protocol-format samples",
                   maxLength: 65536) { bytes in
            let path = ScratchFile.path
            guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return }
            blackHole(try? AudioFile.readProtocolFormat(path: path))
        },
    ]
}

/// The one file the audio target rewrites for each input (libsndfile reads files).
enum ScratchFile {
    static let path = NSTemporaryDirectory() + "/foundry-fuzz-\(ProcessInfo.processInfo.processIdentifier).audio"
}
