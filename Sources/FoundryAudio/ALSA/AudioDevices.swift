import CALSA
import Foundation

/// An ALSA PCM device as `foundry voice devices` lists it.
public struct AudioDevice: Sendable, Equatable, Codable {
    /// The name to pass to --mic or --play-device ("default", "hw:CARD=PCH,DEV=0", …).
    public let name: String
    /// ALSA's description, one line.
    public let description: String
    public let capture: Bool
    public let playback: Bool
}

/// The ALSA PCM devices this machine offers, from ALSA's device name hints.
public enum AudioDevices {
    public static func list() -> [AudioDevice] {
        ALSALibraryErrors.capture()
        var hints: UnsafeMutablePointer<UnsafeMutableRawPointer?>?
        guard snd_device_name_hint(-1, "pcm", &hints) == 0, let hints else { return [] }
        defer { snd_device_name_free_hint(hints) }
        var devices: [AudioDevice] = []
        var cursor = hints
        while let hint = cursor.pointee {
            defer { cursor += 1 }
            guard let name = take(snd_device_name_get_hint(hint, "NAME")) else { continue }
            let description = take(snd_device_name_get_hint(hint, "DESC")) ?? ""
            let direction = take(snd_device_name_get_hint(hint, "IOID"))
            devices.append(AudioDevice(
                name: name,
                description: description.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "),
                capture: direction == nil || direction == "Input",
                playback: direction == nil || direction == "Output"))
        }
        _ = ALSALibraryErrors.take()
        return devices
    }

    /// Copies and frees a string alsa-lib allocated.
    private static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String? {
        guard let pointer else { return nil }
        defer { free(pointer) }
        return String(cString: pointer)
    }
}
