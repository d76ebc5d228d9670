/// `[[deployments]]`: each table names a model and a provider that serves it.
extension Reader {
    func deployment(_ t: TOMLTable, index: Int) throws -> ModelDeployment {
        let owner = "deployments[\(index)]"
        try checkKeys(t, owner, allowed: ["model", "provider", "name", "upstream_model"])
        guard let model = try string(t, "model", owner), !model.isEmpty else {
            throw fail(t.headerLine, "\(owner).model: missing (the catalog model this deployment serves, e.g. model = \"onprem/llama\")")
        }
        guard let provider = try string(t, "provider", owner), !provider.isEmpty else {
            throw fail(t.headerLine, "\(owner).provider: missing (a [providers.NAME] that serves '\(model)')")
        }
        let name = try string(t, "name", owner)
        if name?.isEmpty == true { throw fail(t.lines["name"] ?? t.headerLine, "\(owner).name: must not be empty") }
        let upstream = try string(t, "upstream_model", owner)
        if upstream?.isEmpty == true { throw fail(t.lines["upstream_model"] ?? t.headerLine, "\(owner).upstream_model: must not be empty") }
        return ModelDeployment(model: model, name: name, provider: provider, upstreamModel: upstream, line: t.headerLine)
    }

    /// Every deployment names a known provider, and no model has two deployments of one name.
    func check(_ deployments: [ModelDeployment], providers: [String: ProviderSettings]) throws {
        var seen: [String: ModelDeployment] = [:]
        for (index, d) in deployments.enumerated() {
            guard providers[d.provider] != nil else {
                throw fail(d.line, "deployments[\(index)].provider: unknown provider '\(d.provider)' (known: \(providers.keys.sorted().joined(separator: ", ")); add [providers.\(d.provider)] with kind and base_url)")
            }
            let key = d.model + "\u{1F}" + d.name
            if let first = seen[key] {
                throw fail(d.line, "deployments[\(index)]: model '\(d.model)' already has a deployment named '\(d.name)' (line \(first.line)); give one of them another name = \"…\"")
            }
            seen[key] = d
        }
    }
}
