/// Calendar days as foundry writes them: YYYY-MM-DD (UTC).
public enum DayText {
    /// True for a real date in YYYY-MM-DD form.
    public static func isDay(_ text: String) -> Bool {
        text.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil && Timestamp.parse(text + "T00:00:00Z") != nil
    }
}
