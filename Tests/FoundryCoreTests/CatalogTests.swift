import Foundation
import FoundryCore
import Testing
import FoundryCatalog

@Suite("Embedded catalog")
struct CatalogTests {
    let catalog = Catalog.embedded()

    @Test("every entry is well-formed and names the source and date of its prices")
    func wellFormed() {
        #expect(catalog.entries.count >= 30)
        #expect(Set(catalog.entries.map(\.id)).count == catalog.entries.count, "ids are unique")
        for e in catalog.entries {
            #expect(e.contextWindow > 0 && e.maxOutputTokens > 0, "\(e.id)")
            #expect(e.prices.input >= 0 && e.prices.output >= 0, "\(e.id)")
            let source = e.priceSource
            #expect(source != nil, "\(e.id) has no price source")
            if e.location == .cloud {
                #expect(source?.url?.hasPrefix("https://") == true, "\(e.id) price source has no URL")
                #expect(source?.asOf.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, "\(e.id) price date")
            }
        }
    }

    @Test("the required models are present", arguments: [
        "openai/gpt-4o", "openai/gpt-4o-mini", "openai/gpt-4.1", "openai/gpt-4.1-mini", "openai/gpt-5", "openai/gpt-5-mini",
        "openai/gpt-5-nano", "openai/gpt-realtime", "openai/gpt-realtime-mini", "azure/gpt-5", "azure/gpt-realtime",
        "gemini/gemini-2.5-flash-lite", "gemini/gemini-2.5-flash", "gemini/gemini-2.5-pro",
        "anthropic/claude-haiku-4-5", "anthropic/claude-sonnet-4-5",
    ])
    func required(id: String) throws {
        let e = try catalog.entry(named: id)
        #expect(e.prices.output > 0)
    }

    @Test("realtime models carry audio prices; Gemini 2.5 Pro has a long-context tier")
    func specialPrices() throws {
        let realtime = try catalog.entry(named: "openai/gpt-realtime")
        #expect((realtime.prices.audioInput ?? 0) > 0 && (realtime.prices.audioOutput ?? 0) > 0)
        let pro = try catalog.entry(named: "gemini/gemini-2.5-pro")
        #expect(pro.prices.tiers?.first?.aboveInputTokens == 200_000)
    }

    @Test("unknown names suggest close ones; ambiguous names list the candidates")
    func lookups() {
        do { _ = try catalog.entry(named: "gpt-4o-mni"); Issue.record("expected an error") } catch let e as FoundryError {
            #expect(e.message == "unknown model 'gpt-4o-mni'")
            #expect(e.hint?.contains("openai/gpt-4o-mini") == true)
        } catch { Issue.record("\(error)") }
        do { _ = try catalog.entry(named: "gpt-5"); Issue.record("expected an error") } catch let e as FoundryError {
            #expect(e.message.contains("ambiguous"))
            #expect(e.hint?.contains("azure/gpt-5") == true && e.hint?.contains("openai/gpt-5") == true)
        } catch { Issue.record("\(error)") }
    }

    @Test("overrides patch single fields and keep the rest")
    func override() throws {
        var c = catalog
        try c.override(id: "openai/gpt-4o", with: ["prices": .object(["input": .number(1.0)])], what: "test")
        let e = try c.entry(named: "openai/gpt-4o")
        #expect(e.prices.input == 1.0)
        #expect(e.prices.output == (try catalog.entry(named: "openai/gpt-4o")).prices.output)
        #expect(e.origin == "embedded+config")
        #expect(throws: FoundryError.self) { try c.override(id: "openai/nope", with: [:], what: "test") }
    }
}
