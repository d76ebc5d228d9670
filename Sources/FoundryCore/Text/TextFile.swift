import Foundation

/// Reads a file the user named, with the one-line error foundry prints when it cannot:
/// "cannot read WHAT 'PATH': no such file" (or: it is a directory, it is a character device,
/// permission denied).
public enum TextFile {
    public static func data(_ path: String, what: String) throws -> Data {
        if let problem = problem(path) { throw FoundryError.failure("cannot read \(what)'\(path)': \(problem)") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FoundryError.failure("cannot read \(what)'\(path)': permission denied")
        }
        return data
    }

    /// The file as UTF-8 text.
    public static func text(_ path: String, what: String) throws -> String {
        guard let text = String(data: try data(path, what: what), encoding: .utf8) else {
            throw FoundryError.failure("\(what)'\(path)' is not UTF-8 text")
        }
        return text
    }

    /// Why `path` cannot be read as a file, or nil when it is a readable regular file (or a
    /// named pipe, which a user may give on purpose, as in `--file <(cmd)`).
    public static func problem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return errno == EACCES ? "permission denied" : "no such file"
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG, S_IFIFO: break
        case S_IFDIR: return "it is a directory"
        case S_IFCHR: return "it is a character device, not a file"
        case S_IFBLK: return "it is a block device, not a file"
        case S_IFSOCK: return "it is a socket, not a file"
        default: return "it is not a regular file"
        }
        return access(path, R_OK) == 0 ? nil : "permission denied"
    }
}
