/// Text for a response header.
enum HeaderText {
    /// A header-safe one-line reason (printable ASCII).
    static func safe(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" }.prefix(300))
    }
}
