import FoundryCore

/// Loads what the local server needs before its first session: espeak-ng and one recognizer.
public enum VoiceServices {
    public static func prepare(reply: ReplyMode, model: String?, context: Context) async throws -> ServerServices {
        let source = try ReplyChoice.make(reply, model: model, context: context)
        try SpeechSynthesizer.shared.prepare()
        let recognizer = try await RecognizerPool.shared.take()
        RecognizerPool.shared.giveBack(recognizer)
        return ServerServices(reply: source)
    }
}
