import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A small JSON document in the state directory shared by concurrent foundry processes
/// (latency statistics, cooldowns): read under a shared lock, updated under an exclusive lock
/// and replaced atomically, so a reader never sees half a file.
public struct StateFile<Document: Codable & Sendable>: Sendable {
    public let path: String
    private let empty: Document

    public init(path: String, empty: Document) {
        self.path = path
        self.empty = empty
    }

    /// The current document; a missing or unreadable file reads as empty.
    public func read() -> Document {
        withLock(LOCK_SH) { load() } ?? load()
    }

    /// Applies `change` to the current document and writes the result.
    @discardableResult
    public func update(_ change: (inout Document) -> Void) throws -> Document {
        try FoundryPaths.ensureDirectory((path as NSString).deletingLastPathComponent)
        var failure: (any Error)?
        let result: Document? = withLock(LOCK_EX) {
            var document = load()
            change(&document)
            do { try write(document) } catch { failure = error }
            return document
        }
        if let failure { throw failure }
        guard let result else { throw FoundryError.failure("cannot lock '\(path)'") }
        return result
    }

    private func load() -> Document {
        guard let data = FileManager.default.contents(atPath: path),
              let document = try? JSONDecoder().decode(Document.self, from: data) else { return empty }
        return document
    }

    private func write(_ document: Document) throws {
        let temporary = path + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: JSONCoding.data(document), attributes: [.posixPermissions: 0o600]) else {
            throw FoundryError.failure("cannot write '\(temporary)'")
        }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw FoundryError.failure("cannot replace '\(path)': \(String(cString: strerror(errno)))")
        }
    }

    private func withLock<T>(_ operation: Int32, _ body: () -> T) -> T? {
        let directory = (path as NSString).deletingLastPathComponent
        guard FileManager.default.fileExists(atPath: directory) else { return nil }
        let fd = open(path + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard flock(fd, operation) == 0 else { return nil }
        defer { flock(fd, LOCK_UN) }
        return body()
    }
}
