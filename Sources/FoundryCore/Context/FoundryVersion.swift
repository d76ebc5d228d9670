/// The version printed by `foundry --version` and reported to plugins.
public enum FoundryVersion {
    public static let current = "0.1.0"
}
