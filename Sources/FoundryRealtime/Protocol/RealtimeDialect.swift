/// The two generations of the OpenAI Realtime protocol: the GA API (`/v1/realtime`, Azure
/// `/openai/v1/realtime`) and the beta/preview API (OpenAI beta, Azure `/openai/realtime?api-version=…`).
/// They share the transport and most events but name some events and session fields differently.
public enum RealtimeDialect: String, Sendable, Codable, CaseIterable {
    case ga
    case beta
}
