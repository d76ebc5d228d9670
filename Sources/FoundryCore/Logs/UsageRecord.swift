import Foundation

/// One billable call, as route, voice and bench append it to usage.jsonl and cost reads it.
public struct UsageRecord: Codable, Sendable, Equatable {
    public var id: String
    /// ISO 8601 time of the call's start (UTC).
    public var time: String
    /// What made the call: "route", "voice", "bench", …
    public var source: String
    public var modelID: String
    public var provider: String
    public var decisionID: String?
    public var usage: Usage
    public var audioInputTokens: Int?
    public var audioOutputTokens: Int?
    public var audioInputSeconds: Double?
    public var audioOutputSeconds: Double?
    /// Cost in USD from the catalog prices in force at the time.
    public var costUSD: Double?
    /// "ok" or a provider error code.
    public var status: String
    public var ttftMilliseconds: Double?
    public var totalMilliseconds: Double?
    /// The virtual key the call was made with (`route serve` with keys), by name, and its tags.
    public var key: String?
    public var tags: [String: String]?

    enum CodingKeys: String, CodingKey {
        case id, time, source, provider, usage, status, key, tags
        case modelID = "model", decisionID = "decision_id"
        case audioInputTokens = "audio_input_tokens", audioOutputTokens = "audio_output_tokens"
        case audioInputSeconds = "audio_input_seconds", audioOutputSeconds = "audio_output_seconds"
        case costUSD = "cost_usd", ttftMilliseconds = "ttft_ms", totalMilliseconds = "total_ms"
    }

    public init(
        id: String = RandomUUID.make(), time: Date = Date(), source: String, modelID: String, provider: String,
        decisionID: String? = nil, usage: Usage, costUSD: Double? = nil, status: String = "ok",
        ttftMilliseconds: Double? = nil, totalMilliseconds: Double? = nil
    ) {
        self.id = id
        self.time = Timestamp.iso8601(time)
        self.source = source
        self.modelID = modelID
        self.provider = provider
        self.decisionID = decisionID
        self.usage = usage
        self.costUSD = costUSD
        self.status = status
        self.ttftMilliseconds = ttftMilliseconds
        self.totalMilliseconds = totalMilliseconds
    }
}
