/// An incremental parser for Server-Sent Events (the WHATWG `text/event-stream` format):
/// feed it bytes as they arrive, in chunks of any size, and it returns the complete events.
public struct SSEParser: Sendable {
    public struct Event: Sendable, Equatable {
        public var event: String?
        public var data: String
        public var id: String?

        public init(event: String? = nil, data: String, id: String? = nil) {
            self.event = event
            self.data = data
            self.id = id
        }
    }

    private var line: [UInt8] = []
    private var dataLines: [String] = []
    private var eventName: String?
    private var lastID: String?
    private var sawCR = false
    private var atStart = true
    /// The reconnection time the server asked for, if any.
    public private(set) var retryMilliseconds: Int?

    public init() {}

    public mutating func feed<Bytes: Sequence>(_ bytes: Bytes) -> [Event] where Bytes.Element == UInt8 {
        var events: [Event] = []
        for byte in bytes {
            if sawCR {
                sawCR = false
                if byte == 0x0A { continue }  // CRLF: the CR already ended the line
            }
            switch byte {
            case 0x0D:
                sawCR = true
                if let e = endLine() { events.append(e) }
            case 0x0A:
                if let e = endLine() { events.append(e) }
            default:
                line.append(byte)
            }
        }
        return events
    }

    /// True when bytes of an unfinished event are pending (used to detect cut streams).
    public var hasPartialEvent: Bool { !line.isEmpty || !dataLines.isEmpty }

    private mutating func endLine() -> Event? {
        defer { line.removeAll(keepingCapacity: true) }
        if atStart {
            atStart = false
            if line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
        }
        if line.isEmpty { return dispatch() }
        if line[0] == UInt8(ascii: ":") { return nil }  // comment
        let field: String
        var value: String
        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            field = String(decoding: line[..<colon], as: UTF8.self)
            var start = colon + 1
            if start < line.count, line[start] == UInt8(ascii: " ") { start += 1 }
            value = String(decoding: line[start...], as: UTF8.self)
        } else {
            field = String(decoding: line, as: UTF8.self)
            value = ""
        }
        switch field {
        case "data": dataLines.append(value)
        case "event": eventName = value
        case "id": if !value.contains("\0") { lastID = value }
        case "retry": if let ms = Int(value), value.allSatisfy(\.isASCII) { retryMilliseconds = ms }
        default: break
        }
        value = ""
        return nil
    }

    private mutating func dispatch() -> Event? {
        defer { dataLines.removeAll(); eventName = nil }
        guard !dataLines.isEmpty else { return nil }
        return Event(event: eventName, data: dataLines.joined(separator: "\n"), id: lastID)
    }
}
