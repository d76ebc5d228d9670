/// A config.toml with one on-prem OpenAI-compatible provider at `baseURL` serving two models:
/// "onprem/big" (expensive) and "onprem/small" (cheap), so cost constraints mean something.
public enum OnPremConfig {
    public static func write(baseURL: String, to path: String) throws {
        try """
            [providers.onprem]
            kind = "openai-compatible"
            base_url = "\(baseURL)"
            location = "on-prem"
            [[models]]
            provider = "onprem"
            model = "big"
            context_window = 32768
            location = "on-prem"
            prices = { input = 5, output = 15 }
            [[models]]
            provider = "onprem"
            model = "small"
            context_window = 8192
            location = "on-prem"
            prices = { input = 0.1, output = 0.2 }
            """.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
