/// A config.toml with one on-prem OpenAI-compatible provider at `baseURL` serving two models:
/// "onprem/big" (expensive) and "onprem/small" (cheap), so cost constraints mean something.
public enum OnPremConfig {
    public static func write(baseURL: String, to path: String) throws {
        try write(baseURL: baseURL, models: [("big", 32768, 5, 15), ("small", 8192, 0.1, 0.2)], to: path)
    }

    /// One on-prem model, "onprem/pricey", at $1000 per million tokens in and out, so that a
    /// budget of cents is reached in a few requests.
    public static func writePricey(baseURL: String, to path: String) throws {
        try write(baseURL: baseURL, models: [("pricey", 8192, 1000, 1000)], to: path)
    }

    /// The provider and its models: name, context window, input and output USD per million tokens.
    static func write(baseURL: String, models: [(String, Int, Double, Double)], to path: String) throws {
        var toml = """
            [providers.onprem]
            kind = "openai-compatible"
            base_url = "\(baseURL)"
            location = "on-prem"

            """
        for (name, window, input, output) in models {
            toml += """
                [[models]]
                provider = "onprem"
                model = "\(name)"
                context_window = \(window)
                location = "on-prem"
                prices = { input = \(input), output = \(output) }

                """
        }
        try toml.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
