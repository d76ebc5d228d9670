import Foundation

/// How busy the machine was with work that is not this test's, between `start()` and `finish()`:
/// the CPU time every process used (/proc/stat) less the CPU time of this test process and of
/// the children it reaped meanwhile (getrusage), as a share of the cores' time. A timing test
/// reads it to tell a measurement disturbed by another process from a real regression: the
/// share is near 0 on a quiet machine, whatever the test itself does.
public struct MachineLoad: Sendable {
    private let wall: ContinuousClock.Instant
    private let machineBusy: Double
    private let ownCPU: Double

    /// The CPU's "model name" line of /proc/cpuinfo (benchmarks print it with their figures).
    public static var cpuModel: String {
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown CPU" }
        for line in info.split(separator: "\n") where line.hasPrefix("model name") {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown CPU"
        }
        return "unknown CPU"
    }

    public static func start() -> MachineLoad {
        MachineLoad(wall: .now, machineBusy: Self.machineBusySeconds(), ownCPU: Self.ownCPUSeconds())
    }

    /// The other processes' share of all cores (0…1) since `start()`. Call it after the test's
    /// children have exited and been reaped, so their CPU time is counted as the test's own.
    public func othersShare() -> Double {
        let elapsed = ContinuousClock.now - wall
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let cores = Double(ProcessInfo.processInfo.activeProcessorCount)
        guard seconds > 0, cores > 0 else { return 0 }
        let others = (Self.machineBusySeconds() - machineBusy) - (Self.ownCPUSeconds() - ownCPU)
        return min(1, max(0, others / (seconds * cores)))
    }

    /// User, nice, system, irq, softirq and steal time of all CPUs, in seconds.
    static func machineBusySeconds() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return 0 }
        let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard fields.count >= 8 else { return 0 }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        // user nice system idle iowait irq softirq steal: everything but idle and iowait.
        return (fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]) / ticks
    }

    /// CPU time of this process and of its reaped children, in seconds.
    static func ownCPUSeconds() -> Double {
        func seconds(_ who: __rusage_who) -> Double {
            var usage = rusage()
            getrusage(who.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
                + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
        }
        return seconds(RUSAGE_SELF) + seconds(RUSAGE_CHILDREN)
    }
}
