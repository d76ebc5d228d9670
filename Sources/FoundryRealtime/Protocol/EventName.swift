/// Wire names of the events whose name differs between the GA and the beta/preview protocol.
/// Every other event has the same name in both.
package enum EventName {
    /// (GA name, beta name) pairs.
    package static let renamed: [(ga: String, beta: String)] = [
        ("response.output_audio.delta", "response.audio.delta"),
        ("response.output_audio.done", "response.audio.done"),
        ("response.output_audio_transcript.delta", "response.audio_transcript.delta"),
        ("response.output_audio_transcript.done", "response.audio_transcript.done"),
        ("response.output_text.delta", "response.text.delta"),
        ("response.output_text.done", "response.text.done"),
    ]

    private static let betaByGA = Dictionary(uniqueKeysWithValues: renamed.map { ($0.ga, $0.beta) })
    private static let gaByBeta = Dictionary(uniqueKeysWithValues: renamed.map { ($0.beta, $0.ga) })

    /// The GA name of a wire name of either dialect.
    package static func canonical(_ wire: String) -> String { gaByBeta[wire] ?? wire }

    /// The wire name of a GA name in `dialect`.
    package static func wire(_ ga: String, _ dialect: RealtimeDialect) -> String {
        dialect == .beta ? betaByGA[ga] ?? ga : ga
    }

    /// The dialect a wire name reveals, if it is one of the renamed ones.
    package static func dialect(of wire: String) -> RealtimeDialect? {
        if betaByGA[wire] != nil { return .ga }
        if gaByBeta[wire] != nil { return .beta }
        return nil
    }
}
