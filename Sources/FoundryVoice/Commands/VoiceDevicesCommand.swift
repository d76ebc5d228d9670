import ArgumentParser
import FoundryAudio
import FoundryCore
import FoundryRealtime

/// `foundry voice devices`: the ALSA devices --mic and --play-device accept.
struct VoiceDevicesCommand: ContextCommand {
    static let configuration = CommandConfiguration(
        commandName: "devices", abstract: "List ALSA capture and playback devices (names for --mic and --play-device).")

    @OptionGroup var global: GlobalOptions

    @Flag(name: .long, help: "Only capture devices.")
    var capture = false

    @Flag(name: .long, help: "Only playback devices.")
    var playback = false

    func run(context: Context) async throws {
        var devices = AudioDevices.list()
        if capture { devices = devices.filter(\.capture) }
        if playback { devices = devices.filter(\.playback) }
        if global.json {
            context.output.line(JSONCoding.string(devices, pretty: true))
            return
        }
        guard !devices.isEmpty else {
            context.output.info("foundry: ALSA reports no \(capture ? "capture " : playback ? "playback " : "")devices on this machine")
            return
        }
        var table = TextTable([("NAME", .left), ("CAPTURE", .left), ("PLAYBACK", .left), ("DESCRIPTION", .left)])
        for d in devices { table.add([d.name, d.capture ? "yes" : "-", d.playback ? "yes" : "-", d.description]) }
        context.output.line(table.render())
    }
}
