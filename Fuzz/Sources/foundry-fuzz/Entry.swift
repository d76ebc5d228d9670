import Foundation
import FoundryFuzzTargets

// libFuzzer's entry points. The target is chosen once, from FOUNDRY_FUZZ_TARGET.
//
// SwiftPM links an executable's entry point as `<module>_main` (it aliases `main` to it), and
// this module is built with -parse-as-library, so the entry point is written here: it hands the
// command line to libFuzzer's driver (LLVMFuzzerRunDriver, libFuzzer's documented API for a
// program with its own main), whose runtime -sanitize=fuzzer links.

nonisolated(unsafe) private var chosen: FuzzTarget?

@_silgen_name("LLVMFuzzerRunDriver")
private func runDriver(_ argc: UnsafeMutablePointer<CInt>,
                       _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                       _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("foundry_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    let name = ProcessInfo.processInfo.environment["FOUNDRY_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.named(name) else {
        let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
        FileHandle.standardError.write(Data("foundry-fuzz: set FOUNDRY_FUZZ_TARGET to one of: \(names) (got '\(name)')\n".utf8))
        return 2
    }
    target.prepare()
    chosen = target
    var count = argc
    var vector = argv
    return runDriver(&count, &vector) { testOneInput($0, $1) }
}

/// One input, under libFuzzer's conventional name: the driver above calls it, and so does the
/// fuzzer archive's own main, which the linker pulls in and which needs the symbol.
@_cdecl("LLVMFuzzerTestOneInput")
public func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    chosen?.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
