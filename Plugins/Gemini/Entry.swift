import CFoundryPluginABI
import Foundation

/// The plugin's identity and the foundry_plugin_v1 table.
enum Plugin {
    static let name = "gemini"
    static let version = "1.0.0"

    /// Built once (Swift initialises globals exactly once, thread-safely) and never freed.
    nonisolated(unsafe) static let table: UnsafePointer<foundry_plugin_v1> = {
        var table = foundry_plugin_v1()
        table.struct_size = UInt32(MemoryLayout<foundry_plugin_v1>.size)
        table.abi_major = UInt16(FOUNDRY_PLUGIN_ABI_MAJOR)
        table.abi_minor = UInt16(FOUNDRY_PLUGIN_ABI_MINOR)
        table.name = UnsafePointer(strdup(name))
        table.version = UnsafePointer(strdup(version))
        table.`init` = { hostJSON, length in Plugin.initialize(hostJSON, length) }
        table.models_json = { Models.json }
        table.chat_stream = { callID, request, length, emit, context in
            LastError.clear()
            guard let emit else {
                LastError.set("gemini: chat_stream needs an emit callback")
                return Int32(FOUNDRY_FAILED.rawValue)
            }
            let bytes = UnsafeRawBufferPointer(start: request, count: request == nil ? 0 : length)
            return GeminiStream.run(callID: callID, request: bytes, emit: emit, context: context)
        }
        table.cancel = { callID in CallRegistry.shared.cancel(callID) }
        table.last_error = { LastError.current }
        let pointer = UnsafeMutablePointer<foundry_plugin_v1>.allocate(capacity: 1)
        pointer.initialize(to: table)
        return UnsafePointer(pointer)
    }()

    private struct HostInfo: Decodable {
        var abi_major: Int?
    }

    static func initialize(_ hostJSON: UnsafePointer<CChar>?, _ length: Int) -> Int32 {
        LastError.clear()
        if let hostJSON,
           let host = try? JSONDecoder().decode(HostInfo.self, from: Data(bytes: hostJSON, count: length)),
           let major = host.abi_major, major != Int(FOUNDRY_PLUGIN_ABI_MAJOR) {
            LastError.set("gemini: the host speaks plugin ABI \(major), this plugin speaks \(FOUNDRY_PLUGIN_ABI_MAJOR)")
            return Int32(FOUNDRY_FAILED.rawValue)
        }
        guard Curl.isReady else {
            LastError.set("gemini: libcurl could not be initialised")
            return Int32(FOUNDRY_FAILED.rawValue)
        }
        return Int32(FOUNDRY_OK.rawValue)
    }
}

/// The one exported symbol.
@_cdecl("foundry_plugin_entry_v1")
public func foundryPluginEntryV1() -> UnsafePointer<foundry_plugin_v1> {
    Plugin.table
}
