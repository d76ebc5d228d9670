import FoundryCore

/// Opens the store a `--store` value names.
public enum GatewayStores {
    public static func open(_ text: String?, paths: FoundryPaths, environment: [String: String] = [:]) throws -> any GatewayStore {
        switch try StoreURL(parsing: text ?? "file") {
        case .file(let directory):
            return FileGatewayStore(directory: directory ?? paths.stateDirectory)
        case .postgres(var location):
            if location.password == nil, let password = environment["PGPASSWORD"], !password.isEmpty { location.password = password }
            if let password = location.password { Redactor.shared.register(password) }
            return PostgresGatewayStore(location)
        }
    }
}
