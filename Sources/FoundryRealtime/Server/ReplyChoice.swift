import ArgumentParser
import FoundryCore
import FoundryRouting

/// How the local server answers: `auto` routes to a configured model and falls back to echo when
/// none can be called; `route` requires a model; `echo` speaks back the transcript.
public enum ReplyMode: String, Sendable, CaseIterable, ExpressibleByArgument {
    case auto, route, echo
}

public enum ReplyChoice {
    /// The reply source for `mode`. When auto falls back to echo, the caller says so once: `voice
    /// serve` in its listening line, the client through the session's note.
    public static func make(_ mode: ReplyMode, model: String?, context: Context) throws -> any ReplySource {
        if mode == .echo {
            if model != nil { throw FoundryError.usage("--model chooses a routed reply; it cannot be used with --reply echo") }
            return EchoReply()
        }
        let chat = try RoutedChat(context: context, model: model, source: "voice-serve")
        if let chosen = chat.candidate() { return RoutedReply(chat: chat, model: chosen) }
        if mode == .route || model != nil {
            throw FoundryError.unsatisfiable(model.map { "model '\($0)' cannot answer" } ?? "no configured model can answer the local voice server",
                                             hint: "set a provider key, load a plugin, start foundry run serve, or use --reply echo")
        }
        return EchoReply()
    }
}
