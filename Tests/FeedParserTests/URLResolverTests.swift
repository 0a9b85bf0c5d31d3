import Testing

@testable import FeedParser

@Suite struct URLResolverTests {
  /// The byte-level scheme check gives the same answer as the full split.
  @Test(arguments: [
    "https://example.org/a", "HTTP://x", "mailto:someone@example.org", "urn:isbn:123",
    "tag:example.org,2024:1", "a+b-c.d:rest", "/path:with-colon", "path?q=a:b", "#frag:x",
    "1http://x", ":nothing", "", "relative/path", "./a:b", "h\u{00E9}:x", " https://x",
    "javascript:alert(1)", "data:text/html,x",
  ])
  func hasSchemeAgreesWithSplit(reference: String) {
    #expect(URLResolver.hasScheme(reference) == (URLResolver.split(reference).scheme != nil))
  }

  @Test func absoluteReferencesComeBackAsWritten() {
    let base = "https://example.org/news/index.xml"
    #expect(
      URLResolver.resolve("https://other.example/a/../b", against: base)
        == "https://other.example/a/../b")
    #expect(
      URLResolver.resolve("../world/1.html", against: base) == "https://example.org/world/1.html")
    #expect(
      URLResolver.resolve("//cdn.example/x.png", against: base) == "https://cdn.example/x.png")
  }
}
