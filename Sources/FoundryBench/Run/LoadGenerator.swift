import FoundryCore

/// Sends a workload to a target: warmup first, then the measured requests at the planned rate
/// with at most `concurrency` in flight; stops early when the stop policy says so.
public struct LoadGenerator: Sendable {
    public struct Result: Sendable {
        /// The measured requests, by index.
        public var records: [RequestRecord]
        /// The warmup requests (billed, not measured).
        public var warmup: [RequestRecord]
        /// From the first measured send to the end of the last measured request.
        public var durationS: Double
        /// The run was cancelled (Ctrl-C): the records are the requests that finished before it;
        /// those it ended are left out.
        public var interrupted = false
    }

    public let target: any BenchTarget
    public let prompts: [BenchPrompt]
    public let plan: LoadPlan
    public let counter: TokenCounter
    /// Called about every quarter second with (sent, done, errors, elapsed seconds) while measuring.
    public var progress: (@Sendable (Int, Int, Int, Double) -> Void)?

    public init(target: any BenchTarget, prompts: [BenchPrompt], plan: LoadPlan, counter: TokenCounter) {
        precondition(!prompts.isEmpty)
        self.target = target
        self.prompts = prompts
        self.plan = plan
        self.counter = counter
    }

    /// Runs the workload; throws a provider error (exit 4) when it had to stop early. When its
    /// task is cancelled it sends no more, ends the requests in flight and returns what finished.
    public func run() async throws -> Result {
        var warmup: [RequestRecord] = []
        if plan.warmup > 0 {
            let w = try await phase(count: plan.warmup, duration: nil, rate: nil, concurrency: min(plan.concurrency, plan.warmup),
                                    firstPrompt: 0, reporting: false)
            warmup = w.records
        }
        let measured = try await phase(count: plan.requests, duration: plan.duration, rate: plan.rate, concurrency: plan.concurrency,
                                       firstPrompt: plan.warmup, reporting: true)
        return Result(records: measured.records, warmup: warmup, durationS: measured.durationS, interrupted: Task.isCancelled)
    }

    private func phase(count: Int?, duration: Duration?, rate: Double?, concurrency: Int, firstPrompt: Int,
                       reporting: Bool) async throws -> (records: [RequestRecord], durationS: Double) {
        let collector = RunCollector()
        let slots = Slots(concurrency)
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = duration.map { start + $0 }
        var schedule = ArrivalSchedule(rate: rate, burstiness: plan.burstiness, seed: plan.seed)
        let reporter = reporting ? progress.map { report in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(250))
                    let c = collector.counts
                    report(c.sent, c.done, c.errors, (clock.now - start).millisecondsDouble / 1000)
                }
            }
        } : nil
        defer { reporter?.cancel() }
        let target = self.target, prompts = self.prompts, counter = self.counter
        await withTaskCancellationHandler {
            await withDiscardingTaskGroup { group in
                var index = 0
                var next = start
                while collector.stopReason == nil && !Task.isCancelled {
                    if let count, index >= count { break }
                    if rate != nil {
                        next = next + .nanoseconds(Int64(schedule.nextGap() * 1e9))
                        if let deadline, next >= deadline { break }
                        if next - clock.now > .microseconds(50) { try? await Task.sleep(until: next, clock: clock) }
                    }
                    await slots.acquire()
                    if let deadline, clock.now >= deadline { slots.release(); break }
                    if collector.stopReason != nil || Task.isCancelled { slots.release(); break }
                    let i = index
                    let prompt = prompts[(firstPrompt + i) % prompts.count]
                    collector.sent()
                    group.addTask {
                        let timing = await target.send(prompt)
                        slots.release()
                        let record = RequestRecord(index: i, timing: timing, prompt: prompt, runStart: start, counter: counter)
                        if collector.add(record, error: timing.error) != nil { target.abort() }
                    }
                    index += 1
                }
            }
        } onCancel: {
            collector.interrupt()
            target.abort()
        }
        if let reason = collector.stopReason {
            let c = collector.counts
            throw FoundryError.provider(
                "\(reason.description) (stopped early: \(c.done) request\(c.done == 1 ? "" : "s") finished, \(c.errors) failed)",
                hint: Self.hint(for: reason))
        }
        let records = collector.records
        return (records, records.map { $0.startS + $0.e2elMs / 1000 }.max() ?? 0)
    }

    static func hint(for error: ProviderError) -> String? {
        switch error.kind {
        case .auth: return error.keyVariable == nil ? "give the key with --api-key-env VARIABLE (the name of the environment variable that holds it)" : nil
        case .notFound: return "check the URL path and the model name"
        case .network: return "check that the server is running and the URL's host and port"
        case .tls: return "check the URL's scheme (http or https) and the server's certificate"
        default: return nil
        }
    }
}
