import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// An append-only JSON Lines file shared by concurrent foundry processes. Each record is one
/// `write` of a whole line under an exclusive lock, so no reader ever sees two records
/// interleaved; a line torn by a crash is terminated before the next record and skipped by
/// `read`.
public struct JSONLFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    public func append<Record: Encodable>(_ record: Record) throws {
        try append(contentsOf: [record])
    }

    /// Appends several records in one locked write (bench logs a whole run at once).
    public func append<Record: Encodable>(contentsOf records: [Record]) throws {
        try append(lines: records.map { JSONCoding.data($0) })
    }

    /// Appends records encoded already (one JSON document each, without its newline) in one
    /// locked write.
    public func append(lines: [Data]) throws {
        guard !lines.isEmpty else { return }
        try FoundryPaths.ensureDirectory((path as NSString).deletingLastPathComponent)
        let fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FoundryError.failure("cannot open log '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw FoundryError.failure("cannot lock log '\(path)': \(String(cString: strerror(errno)))") }
        defer { flock(fd, LOCK_UN) }
        var line: [UInt8] = []
        line.reserveCapacity(lines.reduce(0) { $0 + $1.count + 1 })
        for record in lines {
            line += record
            line.append(0x0A)
        }
        if endsWithoutNewline(fd) { line.insert(0x0A, at: 0) }
        var offset = 0
        while offset < line.count {
            let n = line.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FoundryError.failure("cannot write log '\(path)': \(String(cString: strerror(errno)))")
            }
            offset += n
        }
    }

    private func endsWithoutNewline(_ fd: Int32) -> Bool {
        let size = lseek(fd, 0, SEEK_END)
        guard size > 0 else { return false }
        var last: UInt8 = 0
        return pread(fd, &last, 1, size - 1) == 1 && last != 0x0A
    }

    /// Every complete, well-formed record; malformed or torn lines are counted, not fatal.
    public func read<Record: Decodable>(_ type: Record.Type) throws -> (records: [Record], skipped: Int) {
        guard FileManager.default.fileExists(atPath: path) else { return ([], 0) }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FoundryError.failure("cannot read log '\(path)'")
        }
        var records: [Record] = []
        var skipped = 0
        let decoder = JSONDecoder()
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
            if let record = try? decoder.decode(Record.self, from: Data(line)) { records.append(record) } else { skipped += 1 }
        }
        return (records, skipped)
    }
}
