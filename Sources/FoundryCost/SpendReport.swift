import Foundation
import FoundryCore
import FoundryCatalog

/// Spend per group from usage records, with the baseline's cost of the same tokens.
struct SpendReport: Encodable {
    struct Group: Encodable {
        var key: String
        var requests = 0
        var tokens = BillableTokens()
        var costUSD = 0.0
        var baselineUSD: Double?

        var savingUSD: Double? { baselineUSD.map { $0 - costUSD } }

        mutating func add(_ more: BillableTokens, cost: Double, baseline: Double?) {
            requests += 1
            tokens = tokens + more
            costUSD += cost
            if let baseline { baselineUSD = (baselineUSD ?? 0) + baseline }
        }

        enum CodingKeys: String, CodingKey { case key, requests, tokens, costUSD = "cost_usd", baselineUSD = "baseline_usd", savingUSD = "saving_usd" }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(key, forKey: .key)
            try c.encode(requests, forKey: .requests)
            try c.encode(tokens, forKey: .tokens)
            try c.encode(Money.json(costUSD), forKey: .costUSD)
            try c.encodeIfPresent(baselineUSD.map(Money.json), forKey: .baselineUSD)
            try c.encodeIfPresent(savingUSD.map(Money.json), forKey: .savingUSD)
        }
    }

    var groupedBy: String
    var groups: [Group]
    var total: Group
    var baseline: String?
    /// Models in the log that the catalog cannot price (their records have no logged cost).
    var unpriced: [String]
    /// Records priced now because they carried no cost.
    var repriced: Int

    enum CodingKeys: String, CodingKey { case groupedBy = "by", groups, total, baseline, unpriced, repriced }

    static func build(_ records: [UsageRecord], by: CostReportCommand.Grouping, catalog: Catalog, baseline: CatalogEntry?) -> SpendReport {
        var groups: [String: Group] = [:]
        var total = Group(key: "total", baselineUSD: baseline == nil ? nil : 0)
        var unpriced = Set<String>()
        var repriced = 0
        for r in records {
            let tokens = BillableTokens(r.usage) + BillableTokens(audioInput: r.audioInputTokens ?? 0, audioOutput: r.audioOutputTokens ?? 0)
            var cost = r.costUSD
            if cost == nil, let entry = try? catalog.entry(named: r.modelID) {
                cost = CostCalculator.cost(tokens, prices: entry.prices).usd
                repriced += 1
            }
            if cost == nil { unpriced.insert(r.modelID) }
            let keys: [String]
            switch by {
            case .model: keys = [r.modelID]
            case .provider: keys = [r.provider]
            case .day: keys = [String(r.time.prefix(10))]
            case .decision: keys = [r.decisionID ?? "(no decision)"]
            case .source: keys = [r.source]
            case .key: keys = [r.key ?? "(no key)"]
            // A call counts once under each of its tags (so tag groups may add up to more than the total).
            case .tag: keys = (r.tags ?? [:]).isEmpty ? ["(no tags)"] : r.tags!.map { "\($0.key)=\($0.value)" }.sorted()
            }
            let baselineCost = baseline.map { CostCalculator.cost(tokens, prices: $0.prices).usd }
            for key in keys {
                groups[key, default: Group(key: key, baselineUSD: baseline == nil ? nil : 0)].add(tokens, cost: cost ?? 0, baseline: baselineCost)
            }
            total.add(tokens, cost: cost ?? 0, baseline: baselineCost)
        }
        let sorted = groups.values.sorted { by == .day ? $0.key < $1.key : ($0.costUSD, $1.key) > ($1.costUSD, $0.key) }
        return SpendReport(groupedBy: by.rawValue, groups: sorted, total: total, baseline: baseline?.id,
                           unpriced: unpriced.sorted(), repriced: repriced)
    }
}

enum SpendTable {
    static func render(_ report: SpendReport, by: CostReportCommand.Grouping, width: Int) -> String {
        var columns: [(String, TextTable.Alignment)] = [(by.rawValue.uppercased(), .left), ("REQUESTS", .right), ("INPUT", .right),
                                                        ("CACHED", .right), ("OUTPUT", .right), ("COST", .right)]
        if report.baseline != nil { columns += [("BASELINE", .right), ("SAVING", .right)] }
        var table = TextTable(columns)
        for g in report.groups + [report.total] {
            var cells = [g.key, Count.text(g.requests), Count.text(g.tokens.input + g.tokens.audioInput), Count.text(g.tokens.cachedInput),
                         Count.text(g.tokens.output + g.tokens.audioOutput), Money.table(g.costUSD)]
            if let b = g.baselineUSD, let s = g.savingUSD {
                let percent = b > 0 ? String(format: " (%.0f%%)", s / b * 100) : ""
                cells += [Money.table(b), Money.table(s) + percent]
            }
            table.add(cells)
        }
        return table.render(width: width)
    }

    static func csv(_ report: SpendReport) -> String {
        var lines = ["\(report.groupedBy),requests,input_tokens,cached_input_tokens,output_tokens,cost_usd,baseline_usd,saving_usd"]
        for g in report.groups + [report.total] {
            let fields = [g.key, String(g.requests), String(g.tokens.input + g.tokens.audioInput), String(g.tokens.cachedInput),
                          String(g.tokens.output + g.tokens.audioOutput), String(Money.json(g.costUSD)),
                          g.baselineUSD.map { String(Money.json($0)) } ?? "", g.savingUSD.map { String(Money.json($0)) } ?? ""]
            lines.append(fields.map(CSV.field).joined(separator: ","))
        }
        return lines.joined(separator: "\n")
    }
}
