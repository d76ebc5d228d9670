import FoundryCore
import FoundryRoute
import FoundryRouting
import Testing

@Suite("Quality data: CSV reading")
struct QualityCSVTests {
    func records(_ text: String) throws -> [CSVReader.Record] {
        try CSVReader(source: "t.csv").records(Array(text.utf8))
    }

    @Test func plainRecordsKeepTheirLineNumbers() throws {
        let r = try records("a,b,c\n1,2,3\n4,5,6\n")
        #expect(r.map(\.fields) == [["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]])
        #expect(r.map(\.line) == [1, 2, 3])
    }

    @Test func quotedFieldsHoldCommasNewlinesAndDoubledQuotes() throws {
        let r = try records("prompt,x\n\"Say \"\"hi\"\",\nthen stop\",1\nnext,0")
        #expect(r.count == 3)
        #expect(r[1].fields == ["Say \"hi\",\nthen stop", "1"])
        #expect(r[1].line == 2)
        // The record after a two-line field starts on line 4.
        #expect(r[2].line == 4)
        #expect(r[2].fields == ["next", "0"])
    }

    @Test func crlfBomEmptyFieldsAndBlankLines() throws {
        let r = try records("\u{FEFF}a,b\r\n,\r\n\r\n\"\",x\r\nlast,")
        #expect(r.map(\.fields) == [["a", "b"], ["", ""], ["", "x"], ["last", ""]])
        #expect(r.map(\.line) == [1, 2, 4, 5])
    }

    @Test func unterminatedQuoteNamesTheFileAndLine() throws {
        let error = #expect(throws: FoundryError.self) { try records("a,b\n1,2\n3,\"never closed\n4,5\n") }
        #expect(error?.message == "t.csv line 3: quoted field is never closed (a \" is missing)")
    }

    @Test func textAfterAClosingQuoteIsAnError() throws {
        let error = #expect(throws: FoundryError.self) { try records("a,b\n\"x\"y,2\n") }
        #expect(error?.message.hasPrefix("t.csv line 2:") == true)
    }
}
