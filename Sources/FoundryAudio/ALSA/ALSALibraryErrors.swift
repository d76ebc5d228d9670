import CALSA

/// alsa-lib's own error messages, kept instead of printed (the only caller of the shim's handler,
/// whose storage lives in this file's object code).
enum ALSALibraryErrors {
    /// Routes alsa-lib's messages to a per-thread buffer instead of stderr.
    static func capture() { foundry_alsa_capture_errors() }

    /// The last message on this thread ("" when none), then forgets it.
    static func take() -> String { String(cString: foundry_alsa_take_last_error()) }
}
