import Foundation
import FoundryTestSupport
import FoundryCore

// foundry's engine against llama.cpp on the CPU, side by side on the same files, machine and
// thread count (release build):
//   swift build -c release --product foundry && swift build -c release --package-path Benchmarks --product run-bench
//   Benchmarks/.build/release/run-bench
//       [--types q4_0,q8_0,q4_k_m,f16] [--threads 1,2] [--runs 3] [-p 512] [-n 128] [--no-repack]
// Writes the 1B-class files once (cached in ~/.cache/foundry/bench-models, see Models.swift).
// Each run is a fresh process of `foundry bench run` and of scripts/llama_cpp_bench.py
// (llama-cpp-python with llama-bench's defaults, repacked weights on unless --no-repack), in
// alternating order; every figure is the median over the runs, and each ratio is ours/llama.cpp.
// The generation bound is the measured copy bandwidth divided by the bytes read per token.
// Every table names the CPU (/proc/cpuinfo) and the kernel set each engine ran with: foundry's
// from `foundry bench run` (fk_kernel_set), llama.cpp's from llama_print_system_info.
// Targets (issue: run speed): tg ≥ 1.0× for Q4_0, Q8_0 and Q4_K_M at 2 threads; pp ≥ 1.0× for
// Q4_0 and Q8_0 and ≥ 0.8× for Q4_K_M.

let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let home = ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()

struct Settings {
    var types = ["q4_0", "q8_0", "q4_k_m", "f16"]
    var threads = [1, 2]
    var runs = 3
    var prompt = 512
    var generate = 128
    var repack = true
    var foundry = root.path + "/.build/release/foundry"
    var python = home + "/.cache/foundry/venv/bin/python"
    var models = home + "/.cache/foundry/bench-models"

    init(_ arguments: [String]) throws {
        var it = arguments.makeIterator()
        func value(_ flag: String) throws -> String {
            guard let v = it.next() else { throw BenchError("\(flag) needs a value") }
            return v
        }
        while let flag = it.next() {
            switch flag {
            case "--types": types = try value(flag).split(separator: ",").map(String.init)
            case "--threads": threads = try value(flag).split(separator: ",").compactMap { Int($0) }
            case "--runs": runs = Int(try value(flag)) ?? runs
            case "-p": prompt = Int(try value(flag)) ?? prompt
            case "-n": generate = Int(try value(flag)) ?? generate
            case "--no-repack": repack = false
            case "--foundry": foundry = try value(flag)
            case "--python": python = try value(flag)
            case "--models": models = try value(flag)
            default: throw BenchError("unknown argument \(flag)")
            }
        }
    }
}

/// One process's figures (both engines print these keys).
struct Figures: Decodable {
    let pp_tok_s: Double?
    let tg_tok_s: Double?
    let load_ms: Double
    let peak_rss_bytes: Int?
    let kernels: String?
}

/// The CPU's "model name" line of /proc/cpuinfo.
func cpuModel() -> String { MachineLoad.cpuModel }

/// The distinct kernel sets some runs reported, in order of first appearance.
func kernelSets(_ runs: [Figures]) -> String {
    var seen: [String] = []
    for k in runs.compactMap(\.kernels) where !seen.contains(k) { seen.append(k) }
    return seen.isEmpty ? "not reported" : seen.joined(separator: "; ")
}

func median(_ values: [Double]) -> Double { SampleStatistics.median(values) ?? .nan }

func ours(_ model: String, threads: Int, settings: Settings) throws -> Figures {
    let run = try Subprocess.run(settings.foundry, ["bench", "run", model, "-p", "\(settings.prompt)", "-n", "\(settings.generate)",
                                                    "--threads", "\(threads)", "--repetitions", "1", "--json", "--quiet"])
    guard run.status == 0 else { throw BenchError("foundry bench run failed on \(model) (exit \(run.status))") }
    return try JSONDecoder().decode(Figures.self, from: run.stdout)
}

func llamaCpp(_ model: String, threads: Int, settings: Settings) throws -> Figures {
    var arguments = [root.path + "/scripts/llama_cpp_bench.py", "--model", model, "-p", "\(settings.prompt)", "-n", "\(settings.generate)",
                     "--threads", "\(threads)", "--repetitions", "1"]
    if !settings.repack { arguments.append("--no-repack") }
    let run = try Subprocess.run(settings.python, arguments)
    guard run.status == 0 else { throw BenchError("llama_cpp_bench.py failed on \(model) (exit \(run.status))") }
    return try JSONDecoder().decode(Figures.self, from: run.stdout)
}

func fmt(_ v: Double, _ digits: Int = 1) -> String { v.isNaN ? "-" : String(format: "%.\(digits)f", v) }

do {
    let settings = try Settings(Array(CommandLine.arguments.dropFirst()))
    guard FileManager.default.isExecutableFile(atPath: settings.foundry) else {
        throw BenchError("\(settings.foundry) is missing: swift build -c release --product foundry")
    }
    guard FileManager.default.isExecutableFile(atPath: settings.python) else {
        throw BenchError("\(settings.python) is missing: scripts/bootstrap --python")
    }
    let models = BenchModels(directory: settings.models, root: root, python: settings.python)
    try models.ensure(settings.types)

    var bandwidth: [Int: Double] = [:]
    for t in settings.threads { bandwidth[t] = CopyBandwidth.measure(threads: t) }
    print("copy bandwidth: " + settings.threads.map { "\($0) thread(s) \(fmt(bandwidth[$0]! / 1e9, 2)) GB/s" }.joined(separator: ", "))
    print("llama.cpp: llama-cpp-python, llama-bench defaults, repacked weights \(settings.repack ? "on" : "off"); "
          + "pp\(settings.prompt), tg\(settings.generate), median of \(settings.runs) alternating runs per engine\n")

    var table = TextTable([("type", .left), ("thr", .right), ("pp ours", .right), ("pp llama", .right), ("pp ×", .right),
                           ("tg ours", .right), ("tg llama", .right), ("tg ×", .right), ("tg bound", .right),
                           ("of bound ours/llama", .right), ("load ms ours/llama", .right), ("peak RSS MiB ours/llama", .right)])
    var allOurs: [Figures] = [], allLlama: [Figures] = []
    for type in settings.types {
        let path = models.path(type)
        let perToken = try BenchModels.bytesPerToken(path, averageContext: settings.prompt + settings.generate / 2)
        for threads in settings.threads {
            var a: [Figures] = [], b: [Figures] = []
            for run in 0..<settings.runs {
                FileHandle.standardError.write(Data("\(type) threads \(threads) run \(run + 1)/\(settings.runs)…\n".utf8))
                if run % 2 == 0 {
                    a.append(try ours(path, threads: threads, settings: settings))
                    b.append(try llamaCpp(path, threads: threads, settings: settings))
                } else {
                    b.append(try llamaCpp(path, threads: threads, settings: settings))
                    a.append(try ours(path, threads: threads, settings: settings))
                }
            }
            allOurs += a
            allLlama += b
            let ppA = median(a.compactMap(\.pp_tok_s)), ppB = median(b.compactMap(\.pp_tok_s))
            let tgA = median(a.compactMap(\.tg_tok_s)), tgB = median(b.compactMap(\.tg_tok_s))
            let bound = bandwidth[threads]! / perToken
            let rssA = median(a.compactMap(\.peak_rss_bytes).map { Double($0) / 1_048_576 })
            let rssB = median(b.compactMap(\.peak_rss_bytes).map { Double($0) / 1_048_576 })
            table.add([type, "\(threads)", fmt(ppA), fmt(ppB), fmt(ppA / ppB, 2), fmt(tgA, 2), fmt(tgB, 2), fmt(tgA / tgB, 2),
                       fmt(bound, 1), "\(fmt(100 * tgA / bound, 0))% / \(fmt(100 * tgB / bound, 0))%",
                       "\(fmt(median(a.map(\.load_ms)), 0)) / \(fmt(median(b.map(\.load_ms)), 0))", "\(fmt(rssA, 0)) / \(fmt(rssB, 0))"])
            FileHandle.standardError.write(Data("  pp \(fmt(ppA)) vs \(fmt(ppB)), tg \(fmt(tgA, 2)) vs \(fmt(tgB, 2))\n".utf8))
        }
        print(String(format: "%@: %.1f MiB, %.1f MiB read per generated token", type,
                     Double((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) / 1_048_576, perToken / 1_048_576))
    }
    print("")
    print("CPU: \(cpuModel()), \(ProcessInfo.processInfo.activeProcessorCount) cores")
    print("kernels: foundry \(kernelSets(allOurs)); llama.cpp \(kernelSets(allLlama))")
    print(table.render())
} catch {
    FileHandle.standardError.write(Data("run-bench: \(error)\n".utf8))
    exit(1)
}
