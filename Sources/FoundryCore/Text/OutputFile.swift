import Foundation

/// Checks, before a long job starts, that its output file can be written, so an hour of work is
/// not lost to a typo in a path.
public enum OutputFile {
    /// Throws a usage error naming `what` when `path` is a directory, its folder is missing, or
    /// either cannot be written.
    public static func checkWritable(_ path: String, what: String) throws {
        var isDirectory: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { throw FoundryError.usage("\(what) '\(path)' is a directory; give a file name") }
            if !fm.isWritableFile(atPath: path) { throw FoundryError.usage("cannot write \(what) '\(path)': permission denied") }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        guard fm.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw FoundryError.usage("cannot write \(what) '\(path)': the folder '\(folder)' does not exist")
        }
        if !fm.isWritableFile(atPath: folder) { throw FoundryError.usage("cannot write \(what) '\(path)': the folder '\(folder)' is not writable") }
    }
}
