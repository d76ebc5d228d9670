import Foundation
import FoundryCore
import FoundryTestSupport
import Testing
import FoundryCatalog

/// Product text speaks about the product, never as a person's notes ("not in my stored copies").
@Suite("Product text has no first-person wording")
struct ProductVoiceTests {
    /// First-person words, matched as whole words (not inside paths or names); "I" only in capitals.
    static func firstPersonWords(in text: String) -> [String] {
        let pattern = #"(?<![\w/.-])(I|I'm|I've|I'd|[Mm]y|[Mm]e|[Ww]e|[Ww]e're|[Ww]e've|[Oo]ur|[Oo]urs|[Mm]yself)(?![\w/.-])"#
        let regex = try! NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return regex.matches(in: text, range: range).compactMap { Range($0.range, in: text).map { String(text[$0]) } }
    }

    @Test("the scan itself finds first-person wording and passes product wording")
    func scanner() {
        #expect(Self.firstPersonWords(in: "Model page not in my stored copies") == ["my"])
        #expect(Self.firstPersonWords(in: "I could not retrieve it; we used LiteLLM's figure") == ["I", "we"])
        #expect(Self.firstPersonWords(in: "Not on the provider's page as retrieved; Data Zone (US), azure/gpt-5@us").isEmpty)
    }

    @Test("every price note and text field of the embedded catalog")
    func catalog() throws {
        let data = try JSONEncoder().encode(Catalog.embedded().entries)
        let json = try #require(String(data: data, encoding: .utf8))
        var strings: [String] = []
        // Every JSON string value of the encoded entries: notes, sources, descriptions.
        for match in json.matches(of: /"((?:[^"\\]|\\.)*)"/) { strings.append(String(match.output.1)) }
        #expect(strings.count > 100)
        for text in strings {
            let found = Self.firstPersonWords(in: text)
            #expect(found.isEmpty, "catalog text speaks as a person (\(found)): \(text.prefix(200))")
        }
    }

    @Test("docs, README and man pages, outside code blocks and inline code")
    func docs() throws {
        let root = TestEnvironment.packageRoot
        let fm = FileManager.default
        var files = [root + "/README.md"]
        files += try fm.contentsOfDirectory(atPath: root + "/docs").filter { $0.hasSuffix(".md") }.map { root + "/docs/" + $0 }
        files += try fm.contentsOfDirectory(atPath: root + "/man/man1").map { root + "/man/man1/" + $0 }
        #expect(files.count > 10)
        for file in files {
            var inFence = false
            for (number, line) in try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") { inFence.toggle(); continue }
                if inFence || line.hasPrefix("    ") { continue }
                let prose = String(line).replacing(/`[^`]*`/, with: "")
                let found = Self.firstPersonWords(in: prose)
                #expect(found.isEmpty, "\(file):\(number + 1) speaks as a person (\(found)): \(line.prefix(160))")
            }
        }
    }
}
