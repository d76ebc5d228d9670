import FoundryCore
import NIOCore
import PostgresNIO

/// PostgreSQL's errors as one line that names the server and what went wrong, never the password.
package enum PostgresErrors {
    package static func describe(_ error: any Error, at location: StoreURL.PostgresLocation) -> any Error {
        if error is FoundryError { return error }
        let server = "PostgreSQL at \(location.host):\(location.port)"
        guard let p = error as? PSQLError else {
            return GatewayError.store("\(server): \(error)")
        }
        if let info = p.serverInfo {
            let state = info[.sqlState] ?? ""
            let message = info[.message] ?? "error \(state)"
            switch state {
            case "28P01", "28000":
                return GatewayError.store("\(server) refused user '\(location.user)': \(message)",
                                          hint: "check the user and password in --store")
            case "3D000":
                return GatewayError.store("\(server): database '\(location.database)' does not exist",
                                          hint: "createdb \(location.database), then foundry store migrate --store URL")
            case "42P01":
                return GatewayError.store("\(server): the store's tables are missing (\(message)); run foundry store migrate first")
            default:
                return GatewayError.store("\(server): \(message) (SQLSTATE \(state))")
            }
        }
        switch p.code {
        case .connectionError:
            let why = p.underlying.map { "\($0)" } ?? "connection failed"
            return GatewayError.store("cannot reach \(server): \(why)", hint: "is PostgreSQL running and listening there?")
        case .serverClosedConnection, .clientClosedConnection, .uncleanShutdown:
            return GatewayError.store("lost the connection to \(server)")
        case .sslUnsupported:
            return GatewayError.store("\(server) does not offer TLS, which --store's sslmode=require demands")
        case .authMechanismRequiresPassword:
            return GatewayError.store("\(server) wants a password for user '\(location.user)' and --store gives none",
                                      hint: "postgres://USER:PASSWORD@host/database")
        default:
            return GatewayError.store("\(server): \(p.code)")
        }
    }
}
