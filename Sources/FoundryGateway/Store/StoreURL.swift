import Foundation

/// Where the gateway keeps its shared state (`--store`):
/// - `file` (the default): the state directory, for one instance;
/// - `file:/path/to/dir`: another directory;
/// - `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]`
///   (`postgresql://` too): PostgreSQL, shared by every instance on it.
/// `description` never shows the password.
public enum StoreURL: Sendable, Equatable, CustomStringConvertible {
    case file(directory: String?)
    case postgres(PostgresLocation)

    public struct PostgresLocation: Sendable, Equatable {
        public var host: String
        public var port: Int
        public var user: String
        public var password: String?
        public var database: String
        public var tls: TLSMode

        public enum TLSMode: String, Sendable { case disable, prefer, require }
    }

    public init(parsing text: String) throws {
        if text == "file" { self = .file(directory: nil); return }
        if text.hasPrefix("file:") {
            let path = String(text.dropFirst(5))
            guard path.hasPrefix("/") else {
                throw GatewayError.invalid("--store '\(text)': a file store needs an absolute directory, such as file:/var/lib/foundry")
            }
            self = .file(directory: path)
            return
        }
        guard text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") else {
            throw GatewayError.invalid("--store '\(Self.masked(text))': expected 'file', 'file:/dir' or 'postgres://user@host:port/database'")
        }
        guard let components = URLComponents(string: text), let host = components.host, !host.isEmpty else {
            throw GatewayError.invalid("--store '\(Self.masked(text))': not a valid PostgreSQL URL (postgres://user:password@host:5432/database)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw GatewayError.invalid("--store '\(Self.masked(text))': the URL names no user (postgres://USER@host/database)")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw GatewayError.invalid("--store '\(Self.masked(text))': the URL names no database (postgres://user@host/DATABASE)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw GatewayError.invalid("--store '\(Self.masked(text))': port \(port) is out of range") }
        var tls = PostgresLocation.TLSMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                switch item.value ?? "" {
                case "disable": tls = .disable
                case "allow", "prefer": tls = .prefer
                case "require", "verify-ca", "verify-full": tls = .require
                default: throw GatewayError.invalid("--store: unknown sslmode '\(item.value ?? "")' (disable, prefer or require)")
                }
            default:
                throw GatewayError.invalid("--store: unknown URL parameter '\(item.name)' (only sslmode is understood)")
            }
        }
        self = .postgres(PostgresLocation(host: host, port: port, user: user, password: components.password?.removingPercentEncoding,
                                          database: database, tls: tls))
    }

    public var description: String {
        switch self {
        case .file(let directory): directory.map { "file:\($0)" } ?? "file"
        case .postgres(let p): "postgres://\(p.user)@\(p.host):\(p.port)/\(p.database)"
        }
    }

    /// The URL with any password replaced, for error messages.
    static func masked(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let scheme = text.range(of: "://"), scheme.upperBound < at else { return text }
        let credentials = text[scheme.upperBound..<at]
        guard let colon = credentials.firstIndex(of: ":") else { return text }
        return String(text[..<colon]) + ":***" + String(text[at...])
    }
}
