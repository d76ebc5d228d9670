import ArgumentParser
import FoundryCore
import FoundryRealtime

/// `foundry voice serve`: the local realtime server.
struct VoiceServeCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the OpenAI Realtime protocol locally: server VAD, PocketSphinx, a reply through route, espeak-ng.",
        discussion: """
            Any WebSocket path ending in /realtime is the endpoint (/v1/realtime, /openai/v1/realtime). \
            Each connection is a session: session.update (voice, instructions, modalities, input \
            transcription, turn_detection server_vad or null for manual commits), input_audio_buffer.append, \
            commit and clear, response.create and response.cancel, conversation.item.create, truncate and \
            delete. Speech is recognised while the user speaks; the reply is spoken sentence by sentence as \
            its text arrives. session.created says how replies are made (session.foundry.reply).

            A foundry client asking for session.foundry.timings gets a foundry.response.timings event per \
            response: speech-to-text final, reply first token, first synthesised chunk and first audio \
            sent, in ms after the server's VAD decision. SIGINT or SIGTERM stops the server.

            Example:
              foundry voice serve --port 8765 --reply echo
            """)

    @OptionGroup var global: GlobalOptions

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0: any free port, printed on stderr).")
    var port = 8765

    @Option(name: .long, help: "How replies are made: auto (route, or echo when no model is configured), route or echo.")
    var reply: ReplyMode = .auto

    @Option(name: .long, help: ArgumentHelp("Reply with this catalog model (through route).", valueName: "model"))
    var model: String?

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
    }

    func run(context: Context) async throws {
        let services = try await VoiceServices.prepare(reply: reply, model: model, context: context)
        let output = context.output
        let server = VoiceServer(services: services, host: host, port: port)
        let announced = services.reply.name == "echo" ? "echo: no model, replies speak back the transcript" : services.reply.name
        let interrupt = InterruptWatch()
        do {
            try await server.runService { port in
                output.error("foundry: voice serve listening on ws://\(host):\(port)/v1/realtime (replies: \(announced))")
            }
        } catch {
            throw FoundryError.failure("voice serve on \(host):\(port) failed: \(error)")
        }
        try interrupt.finish("voice serve stopped (interrupted; sessions closed)")
        output.error("foundry: voice serve stopped")
    }
}
