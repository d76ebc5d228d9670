/// Incremental server-sent-events reader: bytes in (split anywhere, CRLF, LF or CR line ends),
/// complete events' `data` out. Field handling follows the HTML SSE spec; only `data` matters here.
struct SSELineReader {
    /// A line longer than this means the server is not speaking SSE.
    static let maxLineBytes = 16 << 20

    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var skipLineFeed = false  // the previous chunk ended with CR; a leading LF belongs to it

    /// Feeds bytes; returns the data of each event completed by them, in order.
    /// Throws when a line grows beyond `maxLineBytes`.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws(LineTooLong) -> [[UInt8]] {
        var events: [[UInt8]] = []
        var start = 0
        var index = 0
        if skipLineFeed, bytes.first == UInt8(ascii: "\n") {
            start = 1
            index = 1
        }
        skipLineFeed = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") {
                line.append(contentsOf: bytes[start..<index])
                if let event = endLine() { events.append(event) }
                if byte == UInt8(ascii: "\r") {
                    if index + 1 < bytes.count {
                        if bytes[index + 1] == UInt8(ascii: "\n") { index += 1 }
                    } else {
                        skipLineFeed = true
                    }
                }
                start = index + 1
            }
            index += 1
        }
        line.append(contentsOf: bytes[start..<bytes.count])
        if line.count > Self.maxLineBytes { throw LineTooLong() }
        return events
    }

    struct LineTooLong: Error {}

    /// Handles one complete line; returns the event's data when the line is blank (dispatch).
    private mutating func endLine() -> [UInt8]? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData else { return nil }
            let event = data
            data.removeAll(keepingCapacity: true)
            hasData = false
            return event
        }
        if line[0] == UInt8(ascii: ":") { return nil }  // comment
        let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.endIndex
        guard line[..<colon].elementsEqual("data".utf8) else { return nil }  // event:, id:, retry:
        var valueStart = colon < line.endIndex ? colon + 1 : colon
        if valueStart < line.endIndex, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        if hasData { data.append(UInt8(ascii: "\n")) }
        data.append(contentsOf: line[valueStart...])
        hasData = true
        return nil
    }
}
