import Foundation

/// Terminal facts a command needs to format for people.
public enum Terminal {
    /// Columns of the terminal, or $COLUMNS; unlimited when not a terminal.
    public static func width(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        var size = winsize()
        if Output.shared.stdoutIsTerminal, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 {
            return Int(size.ws_col)
        }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 20 { return columns }
        return Int.max  // not a terminal: never truncate what scripts read
    }
}
