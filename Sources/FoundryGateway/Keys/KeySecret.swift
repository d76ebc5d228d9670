import Crypto
import Foundation

/// Virtual key secrets: `sk-fdy-` and 43 random base62 characters (256 bits from the system
/// generator). The store keeps the SHA-256 of the whole secret; a presented secret is found by
/// the first 16 hex digits of its hash and then compared over the whole hash in constant time.
public enum KeySecret {
    public static let prefix = "sk-fdy-"
    static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A new secret.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        var out = [UInt8]()
        out.reserveCapacity(43)
        while out.count < 43 {
            let byte = UInt8.random(in: 0...255, using: &generator)
            if byte < 248 { out.append(alphabet[Int(byte) % 62]) }  // 248 = 4 × 62: no bias
        }
        return prefix + String(decoding: out, as: UTF8.self)
    }

    public static func hash(_ secret: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 15)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// The part of a hash used to find a key; not secret, and not enough to forge one.
    public static func lookupID(_ hash: String) -> Substring { hash.prefix(16) }

    /// The last four characters, shown to tell keys apart.
    public static func hint(_ secret: String) -> String { prefix + "…" + String(secret.suffix(4)) }

    /// The secret of an `Authorization: Bearer SECRET` header, or nil when the header is not one.
    public static func bearer(_ authorization: String) -> String? {
        let parts = authorization.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let secret = parts[1].trimmingCharacters(in: .whitespaces)
        return secret.isEmpty || secret.contains(" ") ? nil : secret
    }

    /// Compares two equal-length strings without stopping at the first difference.
    public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for i in x.indices { difference |= x[i] ^ y[i] }
        return difference == 0
    }
}
