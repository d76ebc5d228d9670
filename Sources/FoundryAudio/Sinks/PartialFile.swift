import Foundation
import FoundryCore

/// The temporary name an output file is written under until it is complete: a hidden file beside
/// the target, renamed over it on finish, removed on abort.
struct PartialFile: Sendable {
    let target: String
    let temporary: String

    init(target: String) throws {
        let url = URL(fileURLWithPath: target)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FoundryError.failure("cannot write audio file '\(target)': directory '\(directory)' does not exist")
        }
        if FileManager.default.fileExists(atPath: target, isDirectory: &isDirectory), isDirectory.boolValue {
            throw FoundryError.failure("cannot write audio file '\(target)': it is a directory")
        }
        self.target = target
        temporary = directory + "/." + url.lastPathComponent + ".part-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Gives the complete file its final name (atomic on one file system).
    func commit() throws {
        guard rename(temporary, target) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw FoundryError.failure("cannot write audio file '\(target)': \(reason)")
        }
    }

    func discard() { unlink(temporary) }
}
