import Foundation
@testable import FoundryRouting
import Testing

/// How a request picks among one model's deployments.
@Suite("Deployment balancer: least in flight, latency, failures")
struct DeploymentBalancerTests {
    let names = ["a", "b", "c"]

    @Test("the deployment with the fewest requests in flight is picked")
    func leastInFlight() {
        let balancer = DeploymentBalancer()
        let first = balancer.pick(model: "m", among: names)!, second = balancer.pick(model: "m", among: names)!
        #expect(Set([first.deployment, second.deployment]).count == 2, "two requests in flight go to two deployments")
        let third = balancer.pick(model: "m", among: names)!
        #expect(Set([first, second, third].map(\.deployment)) == Set(names))
        second.finish(failed: false)
        #expect(balancer.inFlight(model: "m", deployment: second.deployment) == 0)
        let fourth = balancer.pick(model: "m", among: names)!
        #expect(fourth.deployment == second.deployment, "the one that finished is the only one with nothing in flight")
        #expect(balancer.inFlight(model: "m", deployment: first.deployment) == 1)
    }

    @Test("at equal load the measured-faster deployment wins; near-equal times take turns")
    func latencyTieBreak() {
        let balancer = DeploymentBalancer()
        balancer.firstToken(model: "m", deployment: "a", ms: 200)
        balancer.firstToken(model: "m", deployment: "b", ms: 20)
        balancer.firstToken(model: "m", deployment: "c", ms: 300)
        for _ in 0..<5 {
            let lease = balancer.pick(model: "m", among: names)!
            #expect(lease.deployment == "b", "idle and fastest")
            lease.finish(failed: false)
        }
        // b busy: the next-fastest idle one.
        let busy = balancer.pick(model: "m", among: names)!
        #expect(busy.deployment == "b")
        #expect(balancer.pick(model: "m", among: names)?.deployment == "a")

        let even = DeploymentBalancer()
        for (name, ms) in [("a", 20.0), ("b", 21.0), ("c", 22.0)] { even.firstToken(model: "m", deployment: name, ms: ms) }
        var counts: [String: Int] = [:]
        for _ in 0..<30 {
            let lease = even.pick(model: "m", among: names)!
            counts[lease.deployment, default: 0] += 1
            lease.finish(failed: false)
        }
        #expect(counts == ["a": 10, "b": 10, "c": 10], "times within the near-tie margin share sequential requests evenly")
    }

    @Test("a deployment measured slower is tried again after four rounds, so a passing stall does not exile it")
    func slowerDeploymentIsProbed() {
        let balancer = DeploymentBalancer()
        balancer.firstToken(model: "m", deployment: "a", ms: 20)
        balancer.firstToken(model: "m", deployment: "b", ms: 20)
        balancer.firstToken(model: "m", deployment: "c", ms: 90)  // one stall
        var picks: [String] = []
        for _ in 0..<48 {
            let lease = balancer.pick(model: "m", among: names)!
            picks.append(lease.deployment)
            if lease.deployment == "c" { balancer.firstToken(model: "m", deployment: "c", ms: 20) }
            lease.finish(failed: false)
        }
        #expect(picks.prefix(12).allSatisfy { $0 != "c" }, "slower, so left while the others are idle: \(picks)")
        #expect(picks[12] == "c", "tried again after four rounds: \(picks)")
        #expect(picks.suffix(9).filter { $0 == "c" }.count == 3, "measured at par again (median of its last times), it takes its turn: \(picks)")
    }

    @Test("a deployment that failed goes last at once; three failures cool it; all cooled cools the model")
    func failures() {
        let balancer = DeploymentBalancer()
        let now = Date()
        balancer.release(model: "m", deployment: "a", failed: true, now: now)
        for _ in 0..<6 {
            let lease = balancer.pick(model: "m", among: names, now: now)!
            #expect(lease.deployment != "a", "a failed: the others first")
            lease.finish(failed: false)
        }
        #expect(balancer.pick(model: "m", among: names, excluding: ["b", "c"], now: now)?.deployment == "a", "still usable when it is all that is left")
        #expect(balancer.pick(model: "m", among: names, excluding: Set(names), now: now) == nil)
        #expect(balancer.cooledModels(["m": names], now: now).isEmpty)
        for name in names {
            for _ in 0..<3 { balancer.release(model: "m", deployment: name, failed: true, now: now) }
        }
        let cooled = balancer.cooledModels(["m": names], now: now)
        #expect(cooled["m"] != nil, "every deployment cooling down: the model is cooling down")
        #expect(balancer.cooledModels(["m": names], now: now.addingTimeInterval(121)).isEmpty, "cooldowns end")
        balancer.release(model: "m", deployment: "b", failed: false, now: now)
        #expect(balancer.cooledModels(["m": names], now: now).isEmpty, "a deployment that answers again makes the model usable")
        #expect(balancer.pick(model: "m", among: names, now: now)?.deployment == "b")
    }

    @Test("a dropped lease releases its slot once")
    func leaseReleasesOnce() {
        let balancer = DeploymentBalancer()
        do {
            let lease = balancer.pick(model: "m", among: ["a"])!
            #expect(balancer.inFlight(model: "m", deployment: "a") == 1)
            lease.finish(failed: nil)
            lease.finish(failed: nil)
        }
        #expect(balancer.inFlight(model: "m", deployment: "a") == 0)
        _ = balancer.pick(model: "m", among: ["a"])
        #expect(balancer.inFlight(model: "m", deployment: "a") == 0, "dropped at once")
    }
}
