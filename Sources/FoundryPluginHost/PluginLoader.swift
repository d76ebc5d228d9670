import CFoundryPluginABI
import Foundation
import FoundryCore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Loads provider plugins through the versioned C ABI and reports every refusal with its reason.
/// The only place in foundry that calls dlopen. A file is loaded at most once per process.
public enum PluginLoader {
    public static let hostABIMajor = Int(FOUNDRY_PLUGIN_ABI_MAJOR)
    public static let hostABIMinor = Int(FOUNDRY_PLUGIN_ABI_MINOR)

    private static let loaded = Mutex<[String: Result<LoadedPlugin, PluginRefusal>]>([:])

    /// Loads one file, or returns the result of loading it earlier.
    public static func load(_ path: String) -> Result<LoadedPlugin, PluginRefusal> {
        let real = realPath(path) ?? path
        if let earlier = loaded.withLock({ $0[real] }) { return earlier }
        let result = Result { () throws(PluginRefusal) -> LoadedPlugin in try open(path) }
        return loaded.withLock { cache in
            if let earlier = cache[real] { return earlier }
            // Two files may not claim the same provider name.
            if case .success(let plugin) = result,
               let other = cache.values.compactMap({ try? $0.get() }).first(where: { $0.name == plugin.name }) {
                let refusal = Result<LoadedPlugin, PluginRefusal>.failure(
                    PluginRefusal(file: path, reason: "a plugin named '\(plugin.name)' is already loaded from '\(other.file)'"))
                cache[real] = refusal
                return refusal
            }
            cache[real] = result
            return result
        }
    }

    private static func open(_ path: String) throws(PluginRefusal) -> LoadedPlugin {
        func refuse(_ reason: String) -> PluginRefusal { PluginRefusal(file: path, reason: reason) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw refuse("no such file") }
        guard !isDirectory.boolValue else { throw refuse("is a directory") }
        guard access(path, R_OK) == 0 else { throw refuse("permission denied") }
        // dlopen treats a name without a slash as a library search, not a path.
        let loadPath = path.contains("/") ? path : "./" + path
        guard let handle = dlopen(loadPath, RTLD_NOW | RTLD_LOCAL) else {
            let detail = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw refuse("not a loadable shared object (\(shortDLError(detail, path: loadPath)))")
        }
        // Never dlclose: a plugin is never unloaded, and neither is a refused library whose
        // constructors have already run.
        guard let symbol = dlsym(handle, FOUNDRY_PLUGIN_ENTRY_SYMBOL) else {
            throw refuse("missing entry symbol \(FOUNDRY_PLUGIN_ENTRY_SYMBOL) (is it a foundry plugin?)")
        }
        let entry = unsafeBitCast(symbol, to: foundry_plugin_entry_v1_fn.self)
        guard let tablePointer = entry() else { throw refuse("\(FOUNDRY_PLUGIN_ENTRY_SYMBOL) returned NULL") }
        let table = try validate(tablePointer, refuse: refuse)
        return try initialise(table, path: path, refuse: refuse)
    }

    private static func validate(
        _ pointer: UnsafePointer<foundry_plugin_v1>, refuse: (String) -> PluginRefusal
    ) throws(PluginRefusal) -> PluginTable {
        let header = UnsafeRawPointer(pointer)
        let structSize = Int(header.load(as: UInt32.self))
        guard structSize >= 8 else { throw refuse("table too small (\(structSize) bytes; the header alone is 8)") }
        let major = Int(header.load(fromByteOffset: 4, as: UInt16.self))
        let minor = Int(header.load(fromByteOffset: 6, as: UInt16.self))
        guard major == hostABIMajor else {
            throw refuse("ABI major version \(major).\(minor) is not supported (this foundry speaks \(hostABIMajor).x)")
        }
        let needed = MemoryLayout<foundry_plugin_v1>.size
        guard structSize >= needed else {
            throw refuse("table too small (\(structSize) bytes; ABI \(hostABIMajor).0 needs \(needed))")
        }
        let t = pointer.pointee
        var missing: [String] = []
        if t.name == nil { missing.append("name") }
        if t.version == nil { missing.append("version") }
        if t.`init` == nil { missing.append("init") }
        if t.models_json == nil { missing.append("models_json") }
        if t.chat_stream == nil { missing.append("chat_stream") }
        if t.cancel == nil { missing.append("cancel") }
        if t.last_error == nil { missing.append("last_error") }
        guard missing.isEmpty else { throw refuse("table incomplete: " + missing.joined(separator: ", ") + " NULL") }
        let name = String(cString: t.name)
        guard !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
            throw refuse("invalid plugin name '\(name)' (lowercase letters, digits and '-' only)")
        }
        return PluginTable(pointer: pointer)
    }

    private static func initialise(
        _ table: PluginTable, path: String, refuse: (String) -> PluginRefusal
    ) throws(PluginRefusal) -> LoadedPlugin {
        let t = table.value
        let name = String(cString: t.name)
        let host = #"{"host":"foundry","host_version":"\#(FoundryVersion.current)","abi_major":\#(hostABIMajor),"abi_minor":\#(hostABIMinor)}"#
        let status = host.withCString { t.`init`($0, strlen($0)) }
        guard status == Int32(FOUNDRY_OK.rawValue) else {
            let detail = t.last_error().map { String(cString: $0) } ?? "no reason given"
            throw refuse("init failed (status \(status)): \(Redactor.shared.redact(detail))")
        }
        guard let raw = t.models_json() else { throw refuse("models_json returned NULL") }
        let data = Data(bytes: raw, count: strlen(raw))
        let models: [CatalogEntry]
        do {
            // The provider of every entry is the plugin itself; entries need not repeat it.
            guard case .array(let items) = try JSONDecoder().decode(JSONValue.self, from: data) else {
                throw refuse("invalid models JSON: expected an array of catalog entries")
            }
            let stamped = items.map { item -> JSONValue in
                guard case .object(var o) = item else { return item }
                if o["provider"] == nil { o["provider"] = .string(name) }
                return .object(o)
            }
            models = try JSONDecoder().decode([CatalogEntry].self, from: JSONCoding.data(JSONValue.array(stamped)))
        } catch let refusal as PluginRefusal {
            throw refusal
        } catch {
            throw refuse("invalid models JSON: \(JSONCoding.describe(error))")
        }
        let entries = models.map { model -> CatalogEntry in
            var entry = model
            entry.provider = name
            entry.id = "\(name)/\(model.model)"
            entry.origin = "plugin:" + path
            return entry
        }
        // An empty catalog may say why (its server is down) through last_error, on this thread.
        let emptyReason = entries.isEmpty ? t.last_error().map { Redactor.shared.redact(String(cString: $0)) } : nil
        let header = UnsafeRawPointer(table.pointer)
        return LoadedPlugin(
            file: path, name: name, version: String(cString: t.version),
            abiMajor: Int(header.load(fromByteOffset: 4, as: UInt16.self)),
            abiMinor: Int(header.load(fromByteOffset: 6, as: UInt16.self)),
            models: entries, emptyReason: emptyReason, table: table)
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// dlerror repeats the path; keep the reason.
    private static func shortDLError(_ detail: String, path: String) -> String {
        var d = detail
        if d.hasPrefix(path + ": ") { d.removeFirst(path.count + 2) }
        return d
    }
}
