import Foundation

/// A byte count for people, in binary units: "512 B", "1.50 KiB", "606.53 MiB".
public enum ByteCountText {
    public static func binary(_ n: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n), unit = 0
        while value >= 1024 && unit < units.count - 1 { value /= 1024; unit += 1 }
        return unit == 0 ? "\(n) B" : String(format: "%.2f %@", value, units[unit])
    }
}
