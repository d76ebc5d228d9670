import Foundation
import FoundryCore
import FoundryProviders
@testable import FoundryRouting
import Testing
import FoundryCatalog

@Suite("Decision codes: constraints, outcomes and hints are typed, logged as before")
struct DecisionCodesTests {
    @Test("every constraint keeps its logged name and reads back from it")
    func constraints() throws {
        #expect(Rejection.Constraint.allCases.map(\.rawValue) == [
            "context_window", "capability", "provider", "exclude", "location", "region", "retired", "key", "allowed_models", "budget", "cooldown",
            "max_cost", "max_latency", "max_total_latency", "min_quality",
        ])
        for constraint in Rejection.Constraint.allCases {
            #expect(Rejection.Constraint(rawValue: constraint.rawValue) == constraint)
            #expect("\(constraint)" == constraint.rawValue)
            let json = JSONCoding.string(constraint)
            #expect(json == "\"\(constraint.rawValue)\"")
            #expect(try JSONDecoder().decode(Rejection.Constraint.self, from: Data(json.utf8)) == constraint)
        }
    }

    @Test("every outcome keeps its logged name (ok, hedge_lost, the provider error codes) and reads back from it")
    func outcomes() throws {
        #expect(Attempt.Outcome.allCases.map(\.rawValue) == [
            "ok", "hedge_lost", "auth", "not_found", "rate_limited", "server", "timeout", "network", "tls", "protocol", "bad_request",
            "stream_cut", "cancelled",
        ])
        for outcome in Attempt.Outcome.allCases {
            #expect(Attempt.Outcome(rawValue: outcome.rawValue) == outcome)
            #expect("\(outcome)" == outcome.rawValue)
            let json = JSONCoding.string(outcome)
            #expect(try JSONDecoder().decode(Attempt.Outcome.self, from: Data(json.utf8)) == outcome)
        }
        #expect(Attempt.Outcome(rawValue: "unheard_of") == nil)
        let error = ProviderError.http(status: 429, provider: "p", model: "m", detail: "slow down")
        #expect(Attempt("p/m", failed: error).outcome.rawValue == error.code)
    }

    @Test("a rejection is logged as before: would_admit is the hint's text, realtime-only is not logged")
    func rejectionJSON() throws {
        let key = Rejection(id: "a/m", constraint: .key, reason: "no API key (set A_KEY)", admission: .setting("A_KEY"))
        #expect(JSONCoding.string(key) == #"{"constraint":"key","id":"a/m","reason":"no API key (set A_KEY)","would_admit":"set A_KEY"}"#)
        let realtime = Rejection(id: "p/rt", constraint: .capability, reason: "a realtime (WebSocket) model", realtimeOnly: true)
        #expect(JSONCoding.string(realtime) == #"{"constraint":"capability","id":"p/rt","reason":"a realtime (WebSocket) model"}"#)
        let read = try JSONDecoder().decode(Rejection.self, from: Data(JSONCoding.string(key).utf8))
        #expect(read.wouldAdmit == "set A_KEY" && read.constraint == .key)
        #expect(JSONCoding.string(read) == JSONCoding.string(key))
    }

    func decide(_ entries: [CatalogEntry], missing: [String: ProviderRegistry.Availability]) -> Decision {
        let context = RoutingContext(entries: entries, availability: { missing[$0.id] ?? .ready }, quality: FixedQuality(values: [:]),
                                     today: "2026-11-21")
        return Router.decide(prompt: "hi", promptTokens: 1, promptTokensMethod: "test", constraints: RouteConstraints(), context: context)
    }

    @Test("exit 3's words when only keys are missing: realtime-only and retired models do not count, the settings are listed")
    func onlyKeysMissing() {
        let entries = [
            model("p/rt", input: 0.01, output: 0.01, caps: [.streaming, .realtime, .audio]),
            model("a/m", input: 1, output: 1), model("b/m", input: 1, output: 1), model("c/m", input: 1, output: 1),
            model("p/old", input: 1, output: 1, retired: "2026-10-01"),
        ]
        let d = decide(entries, missing: ["a/m": .missingKey(["A_KEY"]), "b/m": .missingKey(["B_KEY", "B_TOKEN"]), "c/m": .missingEndpoint("C_ENDPOINT")])
        #expect(d.chosen == nil)
        #expect(d.rejected.first { $0.id == "p/rt" }?.realtimeOnly == true)
        #expect(d.rejected.first { $0.id == "b/m" }?.wouldAdmit == "set B_KEY or B_TOKEN")
        #expect(Unsatisfiable.onlyKeysMissing(d))
        #expect(Unsatisfiable.message(d) == "no model can be called: no provider keys or endpoints are set")
        #expect(Unsatisfiable.hint(d) == "set A_KEY, B_KEY or B_TOKEN, C_ENDPOINT; load a plugin with --plugin; or start a local model with foundry run serve")
    }

    @Test("exit 3's words otherwise: rejections counted by constraint, what would admit them")
    func unsatisfiable() {
        let entries = [model("p/rt", input: 0.01, output: 0.01, caps: [.streaming, .realtime, .audio]), model("a/m", input: 1, output: 1),
                       model("p/small", input: 1, output: 1, context: 1000)]
        var c = RouteConstraints(maxTokens: 500)
        c.providers = ["p"]
        let context = RoutingContext(entries: entries, availability: { _ in .ready }, quality: FixedQuality(values: [:]), today: "2026-11-21")
        let d = Router.decide(prompt: "hi", promptTokens: 600, promptTokensMethod: "test", constraints: c, context: context)
        #expect(!Unsatisfiable.onlyKeysMissing(d))
        #expect(Unsatisfiable.message(d) == "no model satisfies the constraints (3 rejected)")
        #expect(Unsatisfiable.hint(d) == "rejected by capability: 1, context_window: 1, provider: 1; would be admitted: p/small with --max-tokens 400"
            + " (each model's reason is listed above)")
    }
}
