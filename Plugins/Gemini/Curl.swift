import CCurl

/// libcurl access for Swift, through the fixed-argument wrappers of the CCurl shim
/// (`curl_easy_setopt` and `curl_easy_getinfo` themselves are variadic).
enum Curl {
    /// `curl_global_init`, run once per process (Swift initialises globals exactly once).
    static let isReady: Bool = curl_global_init(Int(CURL_GLOBAL_ALL)) == CURLE_OK

    /// Sets an option whose argument is a `long` (or `curl_off_t`, the same width on LP64).
    @discardableResult
    static func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, _ value: Int) -> CURLcode {
        foundry_curl_setopt_long(handle, option, value)
    }

    /// Sets an option whose argument is a pointer: a string, a callback, a list or user data.
    @discardableResult
    static func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, pointer: UnsafeRawPointer?) -> CURLcode {
        foundry_curl_setopt_pointer(handle, option, pointer)
    }

    /// Sets a string option; libcurl copies strings, so the Swift string need not outlive the call.
    @discardableResult
    static func set(_ handle: UnsafeMutableRawPointer, _ option: CURLoption, string: String) -> CURLcode {
        string.withCString { foundry_curl_setopt_pointer(handle, option, $0) }
    }

    /// CURLINFO_RESPONSE_CODE and other `long` infos.
    static func info(_ handle: UnsafeMutableRawPointer, _ what: CURLINFO) -> Int {
        var value = 0
        _ = foundry_curl_getinfo_long(handle, what, &value)
        return value
    }
}
