import Foundation
import FoundryCore

#if canImport(Glibc)
import Glibc
#endif

/// A read-only memory map of a whole file. Weights are used in place from the map.
public final class MappedFile: @unchecked Sendable {
    public let path: String
    public let bytes: UnsafeRawBufferPointer
    /// The bytes are a heap copy (`init(copying:name:)`), not a map.
    private let owned: Bool

    public init(path: String) throws {
        self.path = path
        owned = false
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw FoundryError.failure("cannot open '\(path)': \(reason)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FoundryError.failure("cannot stat '\(path)': \(String(cString: strerror(errno)))") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw FoundryError.failure("'\(path)' is not a regular file") }
        let size = Int(info.st_size)
        if size == 0 {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw FoundryError.failure("cannot map '\(path)': \(String(cString: strerror(errno)))")
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    /// A copy of `bytes` on the heap, exactly as long as they are (so a read past the end is a
    /// heap overflow that AddressSanitizer reports, where a map's last page would hide it), named
    /// `name` in errors. For fuzzing the parser without a file.
    package init(copying source: UnsafeRawBufferPointer, name: String) {
        path = name
        owned = true
        guard source.count > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: source.count, alignment: 64)
        copy.copyMemory(from: source)
        bytes = UnsafeRawBufferPointer(copy)
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if owned { UnsafeMutableRawPointer(mutating: base).deallocate() } else { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }

    public var count: Int { bytes.count }

    /// Drops the whole pages inside `byteCount` bytes at `start` from this process's memory (they
    /// stay in the page cache and are read back if touched again), after their data was copied.
    package func release(_ start: UnsafeRawPointer, byteCount: Int) {
        guard !owned else { return }  // a heap copy's pages are not the file's: keep them
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let end = (Int(bitPattern: start) + byteCount) / page * page
        guard end > first, let pointer = UnsafeMutableRawPointer(bitPattern: first) else { return }
        _ = madvise(pointer, end - first, MADV_DONTNEED)
    }
}
