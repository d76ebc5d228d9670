import Foundation
import FoundryCore
import FoundryGateway
import FoundryRouting
import HTTPTypes

/// Who may use `route serve`. With keys in the store (or listening beyond loopback) every
/// `/v1/*` request needs `Authorization: Bearer KEY`; the key decides which models the request
/// may reach and which tags it carries. `--no-auth` turns checking off, and says so.
struct ServeGate: Sendable {
    let ring: KeyRing
    let noAuth: Bool
    /// Listening on loopback only: with no key in the store, requests need none (one person).
    let loopback: Bool

    /// What to do while the store cannot be reached.
    var onStoreFailure: StoreFailureMode = .closed
    /// Why the store cannot be reached now, or nil.
    var storeProblem: @Sendable () -> String? = { nil }

    static let tagsHeader = HTTPField.Name("x-foundry-tags")!
    static let storeHeader = HTTPField.Name("x-foundry-store")!

    /// Refuses every request while the store is away in closed mode (503); in open mode says
    /// whether responses come from local state.
    func checkStore() throws -> Bool {
        guard let problem = storeProblem() else { return false }
        if onStoreFailure == .open { return true }
        throw ServeRefusal(status: .serviceUnavailable,
                           message: "the shared store is unreachable (\(problem)); refusing requests until it returns (--on-store-failure closed)",
                           type: "server_error", code: "store_unavailable")
    }

    var required: Bool { !noAuth && (!loopback || ring.count > 0) }

    /// The caller of a request, nil when keys are not required; refuses with 401 or 403.
    func admit(_ fields: HTTPFields) throws -> ServeCaller? {
        guard required else { return nil }
        _ = try checkStore()
        switch ring.authenticate(fields[.authorization]) {
        case .failure(let refusal):
            throw ServeRefusal(status: .unauthorized, message: refusal.description, type: "invalid_request_error", code: refusal.code)
        case .success(let key):
            var tags = key.tags
            if let header = fields[Self.tagsHeader] {
                guard key.allowTagHeader else {
                    throw ServeRefusal(status: .forbidden, message: "the key '\(key.name)' may not set tags with x-foundry-tags",
                                       type: "invalid_request_error", code: "tags_not_allowed")
                }
                for (k, v) in try Self.parseTags(header) where tags[k] == nil { tags[k] = v }
            }
            return ServeCaller(key: key, tags: tags, subjects: ring.subjects(key, tags: tags))
        }
    }

    /// `k=v,k2=v2`; the key's own tags win over the header's.
    static func parseTags(_ header: String) throws -> [String: String] {
        do {
            return try KeySpec.parseTags(header.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        } catch {
            throw ServeRefusal(status: .badRequest, message: "x-foundry-tags: expected k=v pairs separated by commas (letters, digits, . _ - : /)",
                               type: "invalid_request_error", code: "invalid_tags")
        }
    }
}

/// The key a request came with and its tags.
struct ServeCaller: Sendable {
    let key: VirtualKey
    let tags: [String: String]
    /// What its requests count against: the key, then its tags with limits.
    var subjects: [LimitSubject] = []

    var decisionCaller: DecisionCaller { DecisionCaller(key: key.name, tags: tags) }

    /// Refuses a request for a model the key may not use (403).
    func check(model: String) throws {
        guard key.allows(model: model) else {
            throw ServeRefusal(status: .forbidden, message: "the key '\(key.name)' may not use the model '\(model)'",
                               type: "invalid_request_error", code: "model_not_allowed")
        }
    }
}

/// A request refused before routing, with OpenAI's error shape and the given status.
struct ServeRefusal: Error, CustomStringConvertible {
    let status: HTTPResponse.Status
    let message: String
    let type: String
    let code: String
    var headers: [HTTPField.Name: String] = [:]

    var description: String { message }
}

/// `--on-store-failure`: refuse (closed) or keep serving from local state (open).
enum StoreFailureMode: String, Sendable, CaseIterable {
    case closed, open
}
