import Foundation

/// Terminal facts a command needs to format for people.
public enum Terminal {
    /// Colour only when stdout is a terminal and NO_COLOR is unset (https://no-color.org).
    public static func useColor(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        Output.shared.stdoutIsTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// Columns of the terminal, or $COLUMNS, or 100 when not a terminal.
    public static func width(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if Output.shared.stdoutIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        return Int.max  // not a terminal: never truncate what scripts read
    }
}
