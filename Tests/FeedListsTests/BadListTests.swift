import Testing

@testable import FeedLists

/// A file that is not a feed list is refused with the line and the cause.
@Suite struct BadListTests {
  func error(_ text: String) -> FeedListError? {
    do {
      _ = try FeedListReader.read(Array(text.utf8))
      return nil
    } catch {
      return error
    }
  }

  @Test func notWellFormedNamesTheLine() {
    let text = """
      <?xml version="1.0"?>
      <opml version="2.0">
        <body>
          <outline text="News">
            <outline text="A" xmlUrl="https://a.example/rss"/>
        </body>
      </opml>
      """
    let found = error(text)
    #expect(found?.line == 6)
    guard case .notWellFormed(let message)? = found?.cause else {
      Issue.record("expected a well-formedness error, got \(String(describing: found))")
      return
    }
    #expect(message.contains("mismatch"), "\(message)")
  }

  @Test func anUndefinedEntityIsAnErrorButHTMLNamesAreRead() throws {
    let text =
      #"<opml><body><outline text="Caf&eacute;&nbsp;Babel" xmlUrl="https://c.example/rss"/></body></opml>"#
    let title = try FeedListReader.read(Array(text.utf8)).entries.first?.title
    #expect(title == "Café Babel", "\((title ?? "").unicodeScalars.map(\.value))")
    let undefined = error(
      "<opml>\n<body>\n<outline text=\"&bogus;\" xmlUrl=\"https://c.example/rss\"/></body></opml>")
    #expect(undefined?.line == 3)
    #expect(undefined?.description.contains("bogus") == true)
  }

  @Test func anotherXMLDocumentIsNotOPML() {
    let found = error("<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel/></rss>")
    #expect(found == FeedListError(line: 2, cause: .notOPML(root: "rss")))
    #expect(found?.description.hasPrefix("not OPML: the root element is <rss>") == true)
  }

  @Test func opmlWithoutABody() {
    #expect(error("<opml version=\"2.0\">\n<head/>\n</opml>\n")?.cause == .noBody)
  }

  /// A DOCTYPE's entities are never expanded nor loaded: a reference to one is refused.
  @Test func entitiesDeclaredInADoctypeAreNotExpanded() throws {
    let text = """
      <?xml version="1.0"?>
      <!DOCTYPE opml [ <!ENTITY a "aaaaaaaaaa"> <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
        <!ENTITY local SYSTEM "file:///etc/passwd"> ]>
      <opml version="2.0"><body>
        <outline text="x&b;&local;" xmlUrl="https://x.example/rss"/>
      </body></opml>
      """
    let found = error(text)
    #expect(found == FeedListError(line: 5, cause: .notWellFormed("Entity 'b' not defined")))
  }

  @Test func latin1DeclaredEncoding() throws {
    var bytes = Array(
      "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<opml><body><outline text=\"M".utf8)
    bytes.append(0xE9)  // é in ISO-8859-1
    bytes += Array("dia\" xmlUrl=\"https://m.example/rss\"/></body></opml>".utf8)
    #expect(try FeedListReader.read(bytes).entries.first?.title == "Média")
  }
}

/// Names as a person reads them.
@Suite struct DisplayTextTests {
  @Test func referencesAreDecodedOnceAndTheRestKept() {
    #expect(DisplayText.clean("AT&T Labs") == "AT&T Labs")
    #expect(DisplayText.clean("Rock &amp; Roll") == "Rock & Roll")
    #expect(
      DisplayText.clean("Tom&#039;s &#x2014; &eacute;t&eacute; &amp;amp;") == "Tom's — été &amp;")
    #expect(DisplayText.clean("&bogus; &#0; & ;") == "&bogus; &#0; & ;")
    #expect(DisplayText.clean("  The <b>Daily</b>\n  Star ") == "The <b>Daily</b> Star")
    #expect(DisplayText.clean(" \t ") == nil)
  }
}
