/// The exit codes documented in the man page and README.
public enum ExitStatus {
    public static let success: Int32 = 0
    public static let failure: Int32 = 1
    public static let usage: Int32 = 2
    public static let unsatisfiable: Int32 = 3
    public static let provider: Int32 = 4
    public static let interrupted: Int32 = 130
}
