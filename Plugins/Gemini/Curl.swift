import CCurl

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// libcurl access for Swift.
///
/// `curl_easy_setopt` and `curl_easy_getinfo` are C variadic functions, which Swift cannot
/// call, and the CCurl module has no non-variadic wrappers. So both are looked up with
/// `dlsym` in the libcurl this plugin is linked against and called through fixed C function
/// types. On x86-64 and on AAPCS64 (Linux) a variadic callee reads its one variadic argument
/// from the same register a fixed-argument call uses. Apple's arm64 ABI passes variadic
/// arguments on the stack instead, so there the value is preceded by six padding arguments,
/// which puts it in the first stack slot.
enum Curl {
    /// `curl_global_init`, run once per process (Swift initialises globals exactly once).
    static let isReady: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK && setopt != nil && getinfo != nil

    #if (os(macOS) || os(iOS)) && arch(arm64)
    private typealias Setopt = @convention(c) (
        UnsafeMutableRawPointer?, CURLoption, Int, Int, Int, Int, Int, Int, UnsafeRawPointer?
    ) -> CURLcode
    private typealias Getinfo = @convention(c) (
        UnsafeMutableRawPointer?, CURLINFO, Int, Int, Int, Int, Int, Int, UnsafeMutableRawPointer?
    ) -> CURLcode
    #else
    private typealias Setopt = @convention(c) (UnsafeMutableRawPointer?, CURLoption, UnsafeRawPointer?) -> CURLcode
    private typealias Getinfo = @convention(c) (UnsafeMutableRawPointer?, CURLINFO, UnsafeMutableRawPointer?) -> CURLcode
    #endif

    /// Finds a libcurl function. The plugin may be loaded RTLD_LOCAL, where RTLD_DEFAULT does not
    /// see libcurl, so look first with RTLD_NEXT (the objects loaded after this one in its own
    /// lookup scope, which include its dependency libcurl), then in libcurl by its usual names.
    private static func libcurlSymbol(_ name: String) -> UnsafeMutableRawPointer? {
        if let next = UnsafeMutableRawPointer(bitPattern: -1), let symbol = dlsym(next, name) {  // RTLD_NEXT
            return symbol
        }
        for library in ["libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4", "libcurl.so", "libcurl.4.dylib"] {
            // RTLD_NOLOAD: only a libcurl that is already loaded; it stays loaded (we link it).
            if let handle = dlopen(library, RTLD_NOW | RTLD_NOLOAD), let symbol = dlsym(handle, name) {
                return symbol
            }
        }
        return nil
    }

    private static let setopt: Setopt? = libcurlSymbol("curl_easy_setopt").map { unsafeBitCast($0, to: Setopt.self) }
    private static let getinfo: Getinfo? = libcurlSymbol("curl_easy_getinfo").map { unsafeBitCast($0, to: Getinfo.self) }

    /// Sets an option whose argument is a `long` (or `curl_off_t`, the same width on LP64).
    @discardableResult
    static func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) -> CURLcode {
        set(handle, option, pointer: UnsafeRawPointer(bitPattern: value))
    }

    /// Sets an option whose argument is a pointer: a string, a callback, a list or user data.
    @discardableResult
    static func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, pointer: UnsafeRawPointer?) -> CURLcode {
        guard let setopt else { return CURLE_FAILED_INIT }
        #if (os(macOS) || os(iOS)) && arch(arm64)
        return setopt(handle, option, 0, 0, 0, 0, 0, 0, pointer)
        #else
        return setopt(handle, option, pointer)
        #endif
    }

    /// Sets a string option; libcurl copies strings, so the Swift string need not outlive the call.
    @discardableResult
    static func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, string: String) -> CURLcode {
        string.withCString { set(handle, option, pointer: UnsafeRawPointer($0)) }
    }

    /// CURLINFO_RESPONSE_CODE and other `long` infos.
    static func info(_ handle: UnsafeMutableRawPointer, _ what: CURLINFO) -> Int {
        guard let getinfo else { return 0 }
        var value = 0
        _ = withUnsafeMutablePointer(to: &value) { pointer in
            #if (os(macOS) || os(iOS)) && arch(arm64)
            getinfo(handle, what, 0, 0, 0, 0, 0, 0, UnsafeMutableRawPointer(pointer))
            #else
            getinfo(handle, what, UnsafeMutableRawPointer(pointer))
            #endif
        }
        return value
    }
}
