import Foundation
import FoundryCore

/// Reads routing datasets: RouterBench CSVs (`prompt`, one 0/1 column per model,
/// `MODEL|total_cost`, `MODEL|model_response`, …) and RouteLLM's CSVs (`prompt` and one
/// True/False column per model). A column is a model's correctness column when the file also has
/// `MODEL|total_cost` or `MODEL|model_response` for it, or when its first non-empty value is
/// 0/1/True/False; every later value in it must then be a correctness value too.
public enum QualityDataReader {
    /// Columns that are never a model: row ids, the prompt, RouterBench's bookkeeping.
    package static let metaColumns: Set<String> = [
        "", "prompt", "sample_id", "eval_name", "oracle_model_to_route_to", "unnamed: 0", "index", "id",
    ]

    /// The CSV files named by `paths`: a file is taken as is, a directory gives its `*.csv`
    /// files in name order. A missing path is an error naming it.
    public static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw FoundryError.failure("cannot open '\(path)': no such file or directory")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: path)
                    .filter { $0.hasSuffix(".csv") }.sorted()
                if names.isEmpty { throw FoundryError.failure("'\(path)' holds no .csv files") }
                files += names.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// Reads one file. Prompts listed in a `contaminated_prompts.jsonl` in the same directory
    /// (RouteLLM's decontamination list: both its `eval_prompt` and `train_prompt` texts) are
    /// dropped and counted.
    public static func read(file: String) throws -> QualityDataset {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw FoundryError.failure("cannot open '\(file)': no such file or not readable")
        }
        let directory = (file as NSString).deletingLastPathComponent
        let contaminated = try contaminatedPrompts(in: directory.isEmpty ? "." : directory)
        return try parse(bytes: [UInt8](data), source: file, contaminated: contaminated)
    }

    /// The prompts listed in `DIRECTORY/contaminated_prompts.jsonl`, or none when it is absent.
    public static func contaminatedPrompts(in directory: String) throws -> Set<String> {
        let path = (directory as NSString).appendingPathComponent("contaminated_prompts.jsonl")
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        var prompts: Set<String> = []
        for (index, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
                throw FoundryError.failure("\(path) line \(index + 1): not a JSON object")
            }
            for key in ["eval_prompt", "train_prompt"] {
                if let text = object[key] as? String { prompts.insert(text) }
            }
        }
        return prompts
    }

    /// Parses the bytes of one CSV file (pure; `source` names it in errors and rows).
    public static func parse(bytes: [UInt8], source: String, contaminated: Set<String> = []) throws -> QualityDataset {
        let records = try CSVReader(source: source).records(bytes)
        guard let header = records.first else {
            throw FoundryError.failure("\(source): empty file, expected a header line with a 'prompt' column")
        }
        let columns = header.fields
        let listed = columns.map { $0.isEmpty ? "(unnamed)" : $0 }.joined(separator: ", ")
        guard let promptIndex = columns.firstIndex(where: { $0.lowercased() == "prompt" }) else {
            throw FoundryError.failure("\(source): no 'prompt' column; columns found: \(listed)")
        }
        let evalNameIndex = columns.firstIndex(of: "eval_name")
        let body = records.dropFirst()
        guard !body.isEmpty else { throw FoundryError.failure("\(source): no data rows after the header") }
        for record in body where record.fields.count != columns.count {
            throw FoundryError.failure(
                "\(source) line \(record.line): expected \(columns.count) fields as in the header, found \(record.fields.count)")
        }

        // Which columns are models' correctness and cost.
        var annotated: Set<String> = []
        var costIndex: [String: Int] = [:]
        for (i, name) in columns.enumerated() {
            guard let bar = name.lastIndex(of: "|") else { continue }
            let model = String(name[..<bar]), suffix = name[name.index(after: bar)...]
            if suffix == "total_cost" { costIndex[model] = i; annotated.insert(model) }
            if suffix == "model_response" { annotated.insert(model) }
        }
        var modelIndex: [(name: String, index: Int)] = []
        for (i, name) in columns.enumerated() {
            if i == promptIndex || metaColumns.contains(name.lowercased()) || name.contains("|") { continue }
            if annotated.contains(name) {
                modelIndex.append((name, i)); continue
            }
            let first = body.lazy.map { $0.fields[i].trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
            if let first, correctness(first) != nil { modelIndex.append((name, i)) }
        }
        guard !modelIndex.isEmpty else {
            throw FoundryError.failure(
                "\(source): no per-model correctness columns (one column per model holding 0/1 or True/False); columns found: \(listed)",
                hint: "expected RouterBench's layout (prompt, one 0/1 column per model, MODEL|total_cost) or RouteLLM's (prompt, one True/False column per model)")
        }

        let stem = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
        var rows: [QualityRow] = []
        rows.reserveCapacity(body.count)
        var dropped = 0
        for record in body {
            let f = record.fields
            let raw = f[promptIndex]
            if contaminated.contains(raw) { dropped += 1; continue }
            if raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                throw FoundryError.failure("\(source) line \(record.line): empty prompt")
            }
            var correct: [String: Double] = [:]
            var cost: [String: Double] = [:]
            for (name, i) in modelIndex {
                let cell = f[i].trimmingCharacters(in: .whitespaces)
                if cell.isEmpty { continue }
                guard let value = correctness(cell) else {
                    throw FoundryError.failure(
                        "\(source) line \(record.line): column '\(name)': '\(cell.prefix(40))' is not a correctness value (0, 1, True or False)")
                }
                correct[name] = value
                if let ci = costIndex[name] {
                    let text = f[ci].trimmingCharacters(in: .whitespaces)
                    if text.isEmpty { continue }
                    guard let usd = Double(text), usd.isFinite, usd >= 0 else {
                        throw FoundryError.failure(
                            "\(source) line \(record.line): column '\(columns[ci])': '\(text.prefix(40))' is not a cost in USD")
                    }
                    cost[name] = usd
                }
            }
            let dataset = evalNameIndex.map { f[$0] }.flatMap { $0.isEmpty ? nil : $0 } ?? stem
            rows.append(QualityRow(prompt: decodePrompt(raw), dataset: dataset, source: source, line: record.line,
                                   correct: correct, cost: cost))
        }
        return QualityDataset(
            file: source, format: costIndex.isEmpty ? .correctnessOnly : .routerBench,
            models: modelIndex.map(\.name), rows: rows, droppedContaminated: dropped)
    }

    /// 0/1, 0.0/1.0, any number in [0, 1], or True/False in any case.
    package static func correctness(_ text: String) -> Double? {
        switch text.lowercased() {
        case "true": return 1
        case "false": return 0
        default:
            guard let v = Double(text), v >= 0, v <= 1 else { return nil }
            return v
        }
    }

    /// RouterBench stores each prompt as a Python list of turns; the turns are joined by a blank
    /// line. Any other text is used unchanged.
    package static func decodePrompt(_ raw: String) -> String {
        guard raw.first == "[", raw.last == "]", let turns = PythonStringList.decode(raw), !turns.isEmpty else { return raw }
        return turns.joined(separator: "\n\n")
    }
}
