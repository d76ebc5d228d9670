import Foundation
import Synchronization

/// A PostgreSQL cluster of a test's own: `initdb` and `pg_ctl` from Debian's postgresql, in a
/// temporary directory, on a loopback port, with a password-authenticated superuser. Both tools
/// refuse to run as root, so under root (as in CI) they run as the `postgres` user.
public final class PostgresCluster: @unchecked Sendable {
    public let directory: String
    public let port: Int
    public let user = "foundry"
    public let password: String
    private let bin: String

    /// Why a cluster cannot start here (no PostgreSQL installed), or nil.
    public static var unavailable: String? {
        binDirectory == nil ? "PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)" : nil
    }

    static var binDirectory: String? {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: >) {
            let bin = "/usr/lib/postgresql/\(version)/bin"
            if FileManager.default.isExecutableFile(atPath: bin + "/initdb") { return bin }
        }
        return nil
    }

    /// Creates and starts a cluster.
    public init() throws {
        guard let bin = Self.binDirectory else { throw ReferencePeers.PeerError(Self.unavailable!) }
        self.bin = bin
        // A directory the postgres user can reach when tests run as root.
        directory = "/tmp/foundry-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        password = "pw-" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        try password.write(toFile: directory + "/pwfile", atomically: true, encoding: .utf8)
        port = ReferencePeers.freePort()
        if getuid() == 0 { try run("/bin/chown", ["-R", "postgres:postgres", directory]) }
        try run(bin + "/initdb", ["-D", directory + "/data", "-U", user, "--pwfile=" + directory + "/pwfile", "--auth-host=scram-sha-256",
                                  "--auth-local=trust", "-E", "UTF8", "--no-sync"], asPostgres: true)
        Self.started.withLock { list in
            if list.isEmpty { atexit { PostgresCluster.stopAll() } }
            list.append(self)
        }
        try start()
        try psql("CREATE DATABASE foundry")
    }

    /// Clusters live as long as the test process (suites keep them in statics, which are never
    /// released): each is stopped and removed when the process exits.
    private static let started = Mutex<[PostgresCluster]>([])

    static func stopAll() {
        for cluster in started.withLock({ $0 }) { cluster.remove() }
    }

    private func remove() {
        _ = try? run(bin + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"], asPostgres: true)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A store URL for `database` with this cluster's password in it.
    public func url(database: String = "foundry", password: String? = nil) -> String {
        "postgres://\(user):\(password ?? self.password)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// A new empty database (one per test keeps tests apart).
    public func createDatabase() throws -> String {
        let name = "t" + UUID().uuidString.prefix(8).lowercased()
        try psql("CREATE DATABASE \(name)")
        return name
    }

    public func start() throws {
        try run(bin + "/pg_ctl", ["-D", directory + "/data", "-l", directory + "/log", "-w", "-t", "60", "-o",
                                  "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off", "start"], asPostgres: true)
    }

    /// Stops the server at once (connections are cut, as when a database host fails).
    public func stop() throws {
        try run(bin + "/pg_ctl", ["-D", directory + "/data", "-m", "immediate", "-w", "stop"], asPostgres: true)
    }

    /// Runs SQL as the superuser over the local socket; returns what psql printed (unaligned).
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres") throws -> String {
        try run("/usr/bin/psql", ["-h", directory, "-p", "\(port)", "-U", user, "-d", database, "-v", "ON_ERROR_STOP=1", "-A", "-t", "-c", sql],
                asPostgres: true)
    }

    /// Runs a tool to its end with posix_spawn and waitpid (not Foundation's Process, whose
    /// exit watch has missed the end of `runuser` here), output through a file.
    @discardableResult
    private func run(_ executable: String, _ arguments: [String], asPostgres: Bool = false) throws -> String {
        let argv = asPostgres && getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--", executable] + arguments : [executable] + arguments
        let output = directory + "/tool-\(UUID().uuidString.prefix(8)).out"
        guard FileManager.default.createFile(atPath: output, contents: nil, attributes: [.posixPermissions: 0o666]) else {
            throw ReferencePeers.PeerError("cannot create \(output)")
        }
        defer { try? FileManager.default.removeItem(atPath: output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_APPEND, 0)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let environment = ["PATH=/usr/bin:/bin", "LANG=C.UTF-8"]
        var pid: pid_t = 0
        let status = withCStrings(argv) { cArgs in
            withCStrings(environment) { cEnv in posix_spawn(&pid, argv[0], &actions, nil, cArgs, cEnv) }
        }
        guard status == 0 else { throw ReferencePeers.PeerError("cannot start \(argv[0]): \(String(cString: strerror(status)))") }
        var exit: Int32 = 0
        while waitpid(pid, &exit, 0) < 0 && errno == EINTR {}
        let text = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard exit == 0 else {
            throw ReferencePeers.PeerError("\((executable as NSString).lastPathComponent) failed: \(text)")
        }
        return text
    }
}

/// Calls `body` with a NULL-terminated C array of the strings.
func withCStrings<R>(_ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> R) -> R {
    var pointers = strings.map { strdup($0) }
    pointers.append(nil)
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}
