import Foundation
import FoundryCore
import FoundryPluginHost
import FoundryTestSupport
import Testing

/// Every refusal the loader reports, each from a real shared object the test compiles.
@Suite("Plugin loader refusals", .serialized)
struct PluginLoaderTests {
    static let header = TestEnvironment.packageRoot + "/Sources/CFoundryPluginABI/include"

    /// Compiles C source into a shared object with the system compiler.
    static func build(_ name: String, _ source: String) async throws -> String {
        let dir = try TestEnvironment.temporaryDirectory()
        let c = dir + "/\(name).c", so = dir + "/lib\(name).so"
        try source.write(toFile: c, atomically: true, encoding: .utf8)
        let result = try await CommandRunner.run("/usr/bin/cc", ["-shared", "-fPIC", "-I", header, "-o", so, c])
        guard result.status == 0 else { throw ReferencePeers.PeerError("cc failed: \(result.stderr)") }
        return so
    }

    /// A minimal plugin whose table fields the test can vary.
    static func plugin(major: String = "FOUNDRY_PLUGIN_ABI_MAJOR", size: String = "sizeof(struct foundry_plugin_v1)",
                       initResult: String = "FOUNDRY_OK", models: String = "[]", name: String = "fake", entry: String = "foundry_plugin_entry_v1") -> String {
        """
        #include <string.h>
        #include "foundry_plugin.h"
        static int32_t init(const char *j, size_t n) { (void)j; (void)n; return \(initResult); }
        static const char *models(void) { return "\(models.replacingOccurrences(of: "\"", with: "\\\""))"; }
        static int32_t chat(uint64_t id, const char *r, size_t n, foundry_emit_fn emit, void *ctx) {
            (void)id; (void)r; (void)n;
            const char *t = "{\\"text\\":\\"hi\\"}"; emit(ctx, FOUNDRY_EVENT_TEXT, t, strlen(t));
            const char *f = "{\\"reason\\":\\"stop\\"}"; emit(ctx, FOUNDRY_EVENT_FINISH, f, strlen(f));
            return FOUNDRY_OK;
        }
        static void cancel(uint64_t id) { (void)id; }
        static const char *last_error(void) { return "the plugin's own reason"; }
        static const struct foundry_plugin_v1 table = {
            .struct_size = \(size), .abi_major = \(major), .abi_minor = 0, .name = "\(name)", .version = "0.0.1",
            .init = init, .models_json = models, .chat_stream = chat, .cancel = cancel, .last_error = last_error };
        const struct foundry_plugin_v1 *\(entry)(void) { return &table; }
        """
    }

    func refusal(_ path: String) -> String? {
        if case .failure(let refusal) = PluginLoader.load(path) { return refusal.reason }
        return nil
    }

    @Test("a plugin with a newer minor version and a larger table is accepted")
    func accepted() async throws {
        let so = try await Self.build("okplugin", Self.plugin(
            size: "sizeof(struct foundry_plugin_v1) + 16",
            models: #"[{"model":"m1","context_window":4096,"display_name":"M one"}]"#, name: "okplugin"))
        let plugin = try PluginLoader.load(so).get()
        #expect(plugin.name == "okplugin")
        #expect(plugin.abiVersion == "1.0")
        #expect(plugin.models.map(\.id) == ["okplugin/m1"])
        #expect(plugin.models.first?.origin == "plugin:" + so)
        let provider = PluginProvider(plugin: plugin, settings: ProviderSettings(name: "okplugin", kind: .plugin), credential: nil, baseURL: nil)
        let completion = try await provider.complete(ChatRequest(messages: [.user("x")]), model: plugin.models[0])
        #expect(completion.text == "hi")
        #expect(completion.finishReason == .stop)
    }

    @Test("wrong ABI major")
    func wrongMajor() async throws {
        let reason = refusal(try await Self.build("major2", Self.plugin(major: "2", name: "major")))
        #expect(reason == "ABI major version 2.0 is not supported (this foundry speaks 1.x)")
    }

    @Test("missing entry symbol")
    func missingSymbol() async throws {
        let reason = refusal(try await Self.build("nosym", Self.plugin(name: "nosym", entry: "some_other_symbol")))
        #expect(reason == "missing entry symbol foundry_plugin_entry_v1 (is it a foundry plugin?)")
    }

    @Test("table too small")
    func tooSmall() async throws {
        let reason = refusal(try await Self.build("small", Self.plugin(size: "24", name: "small")))
        #expect(reason?.hasPrefix("table too small (24 bytes; ABI 1.0 needs ") == true, "\(reason ?? "accepted")")
    }

    @Test("init failure carries the plugin's reason")
    func initFailure() async throws {
        let reason = refusal(try await Self.build("initfail", Self.plugin(initResult: "FOUNDRY_FAILED", name: "initfail")))
        #expect(reason == "init failed (status 1): the plugin's own reason")
    }

    @Test("invalid models JSON")
    func badModels() async throws {
        let reason = refusal(try await Self.build("badmodels", Self.plugin(models: #"[{"model":"x"}]"#, name: "badmodels")))
        #expect(reason?.hasPrefix("invalid models JSON:") == true, "\(reason ?? "accepted")")
        #expect(reason?.contains("context_window") == true)
    }

    @Test("not a shared object, missing file, directory")
    func notAPlugin() async throws {
        let dir = try TestEnvironment.temporaryDirectory()
        let text = dir + "/fake.so"
        try "not an ELF file".write(toFile: text, atomically: true, encoding: .utf8)
        #expect(refusal(text)?.hasPrefix("not a loadable shared object (") == true)
        #expect(refusal(dir + "/absent.so") == "no such file")
        #expect(refusal(dir) == "is a directory")
    }

    @Test("two files may not claim the same provider name")
    func duplicateName() async throws {
        let first = try await Self.build("dupA", Self.plugin(name: "dup"))
        let second = try await Self.build("dupB", Self.plugin(name: "dup"))
        _ = try PluginLoader.load(first).get()
        #expect(refusal(second)?.contains("a plugin named 'dup' is already loaded") == true)
    }
}
