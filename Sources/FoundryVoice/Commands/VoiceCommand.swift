import ArgumentParser
import FoundryCore
import FoundryRealtime

/// `foundry voice`: real-time voice through the OpenAI Realtime protocol, measured.
public struct VoiceCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "voice",
        abstract: "Send speech through a real-time voice session (Azure OpenAI, OpenAI or a local server) and measure every turn.",
        discussion: """
            Audio files (any format libsndfile reads) or the microphone are resampled to 24 kHz PCM16 and \
            sent in 20 ms frames, paced in real time, over the OpenAI Realtime protocol (GA and \
            beta/preview event names). Transcripts of both sides go to stdout as they arrive; the reply's \
            audio to --out (WAV or Ogg Opus) or the speaker. Each turn's latency waterfall (speech end, \
            the server's speech_stopped, commit, first response event, first text, first and last audio \
            byte) is printed, with p50/p95 over the turns, and appended to the usage log with the audio \
            minutes so `foundry cost report` prices voice sessions.

            With no --endpoint the local server runs in-process: server VAD, PocketSphinx speech-to-text, \
            a reply through route (or --reply echo when no model is configured) and espeak-ng speech.

            Examples:
              foundry voice --in question.wav --out reply.wav
              foundry voice --in q1.wav --in q2.flac \\
                  --endpoint 'wss://res.openai.azure.com/openai/v1/realtime?model=rt'
              foundry voice --mic default --play --seconds 60
              foundry voice serve --port 8765 &
              foundry voice --in q.wav --endpoint ws://127.0.0.1:8765/v1/realtime --json \\
                  | jq 'select(.type=="foundry.turn")'
            """,
        subcommands: [VoiceTalkCommand.self, VoiceServeCommand.self, VoiceDevicesCommand.self],
        defaultSubcommand: VoiceTalkCommand.self)

    public init() {}
}
