import Foundation
import FoundryFuzzTargets

// libFuzzer's entry points. The target is chosen once, from FOUNDRY_FUZZ_TARGET; libFuzzer's own
// main (from -sanitize=fuzzer) calls these, so this module is built with -parse-as-library.

nonisolated(unsafe) private var chosen: FuzzTarget?

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    let name = ProcessInfo.processInfo.environment["FOUNDRY_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.named(name) else {
        let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("foundry-fuzz: set FOUNDRY_FUZZ_TARGET to one of: \(names) (got '\(name)')\n".utf8))
        exit(2)
    }
    chosen = target
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    chosen?.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
