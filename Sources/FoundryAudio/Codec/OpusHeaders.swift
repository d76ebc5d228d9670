import COpus

/// The two header packets of an Ogg Opus stream (RFC 7845 §5).
enum OpusHeaders {
    /// "OpusHead": version 1, one channel, pre-skip in 48 kHz samples, the input rate, gain 0,
    /// channel mapping family 0.
    static func identification(preSkip: Int, inputSampleRate: Int) -> [UInt8] {
        var packet = Array("OpusHead".utf8)
        packet.append(1)
        packet.append(1)
        OggPageWriter.append(UInt64(preSkip), bytes: 2, to: &packet)
        OggPageWriter.append(UInt64(inputSampleRate), bytes: 4, to: &packet)
        OggPageWriter.append(0, bytes: 2, to: &packet)
        packet.append(0)
        return packet
    }

    /// "OpusTags": the vendor string (libopus's version) and user comments ("KEY=value").
    static func comments(_ comments: [String]) -> [UInt8] {
        var packet = Array("OpusTags".utf8)
        let vendor = Array(String(cString: opus_get_version_string()).utf8)
        OggPageWriter.append(UInt64(vendor.count), bytes: 4, to: &packet)
        packet.append(contentsOf: vendor)
        OggPageWriter.append(UInt64(comments.count), bytes: 4, to: &packet)
        for comment in comments {
            let bytes = Array(comment.utf8)
            OggPageWriter.append(UInt64(bytes.count), bytes: 4, to: &packet)
            packet.append(contentsOf: bytes)
        }
        return packet
    }
}
