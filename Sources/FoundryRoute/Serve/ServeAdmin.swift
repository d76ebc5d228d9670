import Foundation
import FoundryCore
import FoundryGateway
import FoundryOpenAIWire
import HTTPTypes
import Hummingbird
import NIOCore

/// `/admin/keys`: the `foundry keys` operations over HTTP, for teams that manage keys from
/// their own tooling. Guarded by the admin key ($FOUNDRY_ADMIN_KEY or --admin-key-file); without
/// one configured the admin API is off (404).
struct ServeAdmin: Sendable {
    /// SHA-256 of the admin key.
    let secretHash: String?
    let store: any GatewayStore
    let refresher: KeyRingRefresher

    /// The admin key from the environment or a file only its owner can read.
    static func secret(file: String?, environment: [String: String]) throws -> String? {
        if let file {
            guard FileManager.default.fileExists(atPath: file) else { throw FoundryError.usage("--admin-key-file '\(file)': no such file") }
            if let (message, hint) = GatewayError.readableByOthers(file, what: "--admin-key-file") { throw FoundryError.usage(message, hint: hint) }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw FoundryError.usage("--admin-key-file '\(file)': cannot read it") }
            let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard secret.count >= 16 else { throw FoundryError.usage("--admin-key-file '\(file)': the admin key must be at least 16 characters") }
            Redactor.shared.register(secret)
            return secret
        }
        guard let secret = environment["FOUNDRY_ADMIN_KEY"]?.trimmingCharacters(in: .whitespacesAndNewlines), !secret.isEmpty else { return nil }
        guard secret.count >= 16 else { throw FoundryError.usage("FOUNDRY_ADMIN_KEY must be at least 16 characters") }
        Redactor.shared.register(secret)
        return secret
    }

    func add(to router: Hummingbird.Router<BasicRequestContext>) {
        router.get("/admin/keys") { request, _ in
            await self.guarded(request) { _ in RouteServer.json(PublicKey.list(try await self.store.keys()), status: .ok) }
        }
        router.post("/admin/keys") { request, _ in
            await self.guarded(request) { body in
                let spec: KeySpec
                do { spec = try JSONDecoder().decode(KeySpec.self, from: body) } catch {
                    throw ServeRefusal(status: .badRequest, message: "malformed key request: \(JSONCoding.describe(error))",
                                       type: "invalid_request_error", code: "invalid_request")
                }
                let (secret, key) = try await self.client { try await KeyAdministration.create(spec, in: self.store) }
                try? await self.refresher.load()
                return RouteServer.json(PublicKey(key, secret: secret).json(), status: .created)
            }
        }
        router.get("/admin/keys/:name") { request, context in
            await self.guarded(request) { _ in
                let key = try await self.existing(context.parameters.get("name") ?? "")
                return RouteServer.json(PublicKey(key).json(), status: .ok)
            }
        }
        router.post("/admin/keys/:name/revoke") { request, context in
            await self.guarded(request) { _ in
                let name = try await self.existing(context.parameters.get("name") ?? "").name
                let key = try await KeyAdministration.revoke(name, in: self.store)
                try? await self.refresher.load()
                return RouteServer.json(PublicKey(key).json(), status: .ok)
            }
        }
        router.post("/admin/keys/:name/rotate") { request, context in
            await self.guarded(request) { _ in
                let name = try await self.existing(context.parameters.get("name") ?? "").name
                let (secret, key) = try await self.client { try await KeyAdministration.rotate(name, in: self.store) }
                try? await self.refresher.load()
                return RouteServer.json(PublicKey(key, secret: secret).json(), status: .ok)
            }
        }
    }

    private func existing(_ name: String) async throws -> VirtualKey {
        guard let key = try await store.keys().first(where: { $0.name == name }) else {
            throw ServeRefusal(status: .notFound, message: "no key named '\(name.prefix(64))'", type: "invalid_request_error", code: "not_found")
        }
        return key
    }

    /// A refused value in the request (a bad budget, a taken name) is the client's: 400.
    private func client<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as FoundryError where error.exitCode == ExitStatus.usage {
            throw ServeRefusal(status: .badRequest, message: error.message, type: "invalid_request_error", code: "invalid_request")
        }
    }

    private func guarded(_ request: Request, _ body: (Data) async throws -> Response) async -> Response {
        guard let secretHash else {
            return RouteServer.failure(ServeRefusal(status: .notFound, message: "the admin API is off: start route serve with FOUNDRY_ADMIN_KEY or --admin-key-file",
                                                    type: "invalid_request_error", code: "not_found"))
        }
        let presented = request.headers[.authorization].flatMap(KeySecret.bearer)
        guard let presented, KeySecret.constantTimeEqual(KeySecret.hash(presented), secretHash) else {
            return RouteServer.failure(ServeRefusal(status: .unauthorized, message: "the admin API needs the admin key (Authorization: Bearer ADMIN_KEY)",
                                                    type: "invalid_request_error", code: "invalid_api_key"))
        }
        do {
            var request = request
            let buffer = try await request.collectBody(upTo: 1 << 20)
            return try await body(Data(buffer.readableBytesView))
        } catch {
            return RouteServer.failure(error)
        }
    }
}
