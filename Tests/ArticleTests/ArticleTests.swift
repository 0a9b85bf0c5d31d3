import Article
import Testing

@Suite struct ArticleTests {
  private func article(_ html: String, baseURL: String? = nil, chunk: Int? = nil) -> Article {
    let options = ArticleOptions(baseURL: baseURL)
    guard let chunk else { return extractArticle(from: Array(html.utf8), options: options) }
    let reader = ArticleReader(options: options)
    let bytes = Array(html.utf8)
    bytes.withUnsafeBytes { raw in
      var offset = 0
      while offset < raw.count {
        let end = min(offset + chunk, raw.count)
        reader.read(UnsafeRawBufferPointer(rebasing: raw[offset..<end]))
        offset = end
      }
    }
    return reader.finish()
  }

  @Test func storyWithoutTheFurniture() {
    let page = article(PageTemplates.newsPage())
    let lines = page.text.split(separator: "\n").map(String.init)
    for paragraph in PageTemplates.storyParagraphs { #expect(lines.contains(paragraph)) }
    for furniture in PageTemplates.furniture {
      #expect(!page.text.contains(furniture), "kept \(furniture)")
    }
    #expect(page.absence == nil)
  }

  @Test func readingOrderAndOwnLines() throws {
    let lines = article(PageTemplates.newsPage()).text.split(separator: "\n").map(String.init)
    let story = PageTemplates.storyParagraphs
    let expected = [
      story[0], story[1], PageTemplates.quote, PageTemplates.subheading, story[2],
      PageTemplates.listItems[0], PageTemplates.listItems[1], story[3],
    ]
    let positions = try expected.map { line in try #require(lines.firstIndex(of: line), "\(line)") }
    #expect(positions == positions.sorted())
    // The headline is the title, not a line of the text.
    #expect(!lines.contains("Talks end with a framework, not a deal"))
  }

  @Test func metadata() {
    let page = article(
      PageTemplates.newsPage(), baseURL: "https://news.example/world/2026/talks?ref=rss")
    #expect(page.title == "Talks end with a framework, not a deal")
    #expect(page.byline == "Ana Writer, Ben Reporter")
    #expect(page.published == "2026-03-02T09:30:00Z")
    #expect(page.language == "en-GB")
    #expect(page.siteName == "Example News")
    #expect(page.canonicalURL == "https://news.example/world/2026/talks-framework")
  }

  // Without JSON-LD: the byline from the page, the date from <time>, the title from
  // <title> without the site's name.
  @Test func metadataFromThePageItself() {
    let page = article(PageTemplates.newsPage(jsonLD: false))
    #expect(page.title == "Talks end with a framework, not a deal")
    #expect(page.byline == "By Ana Writer")
    #expect(page.published == "2026-03-02T09:30:00Z")
    #expect(page.canonicalURL == "/world/2026/talks-framework")
  }

  @Test func openGraphTitleAndAuthorMeta() {
    let head = """
      <meta property="og:title" content="Framework agreed after three days">
      <meta name="author" content="Carla Desk">
      """
    let page = article(PageTemplates.newsPage(extraHead: head, jsonLD: false))
    #expect(page.title == "Framework agreed after three days")
    #expect(page.byline == "Carla Desk")
  }

  @Test(arguments: [1, 7, 4096])
  func sameArticleInAnyChunking(chunk: Int) {
    let whole = article(PageTemplates.newsPage())
    #expect(article(PageTemplates.newsPage(), chunk: chunk) == whole)
  }

  @Test func paragraphsSplitByDoubleBreaks() {
    let page = article(PageTemplates.divSoupPage())
    let lines = page.text.split(separator: "\n").map(String.init)
    #expect(lines == Array(PageTemplates.storyParagraphs.prefix(3)))
  }

  // A story inside a wrapper whose class names furniture comes back from the looser search.
  @Test func storyInAFurnitureNamedWrapper() {
    let story = PageTemplates.storyParagraphs.map { "<p>\($0)</p>" }.joined()
    let html = """
      <html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
      <div class="layout-with-sidebar"><div class="story-body">\(story)</div></div>
      </body></html>
      """
    let lines = article(html).text.split(separator: "\n").map(String.init)
    #expect(lines == PageTemplates.storyParagraphs)
  }

  @Test func hiddenElementsAreNotRead() {
    let story = PageTemplates.storyParagraphs.map { "<p>\($0)</p>" }.joined()
    let html = """
      <html><body><article>\(story)
      <p style="display: none">A hidden paragraph that a reader never sees on the page at all.</p>
      <div hidden><p>An element with the hidden attribute and a long enough text to count.</p></div>
      <p aria-hidden="true">Text marked as hidden from assistive technology, not for reading.</p>
      </article></body></html>
      """
    let text = article(html).text
    #expect(text.contains(PageTemplates.storyParagraphs[3]))
    #expect(!text.contains("hidden"))
  }

  @Test func entitiesAreDecoded() {
    let html = """
      <html><body><article><p>Caf&eacute; owners &amp; workers said &#8220;enough&#8221;, \
      according to the union, which represents most of the caf&eacute;s in the old town centre.</p>
      </article></body></html>
      """
    #expect(
      article(html).text
        == "Café owners & workers said “enough”, according to the union, which represents most of the cafés in the old town centre."
    )
  }

  // A page re-saved as UTF-8 keeps its old charset declaration: the bytes decide.
  @Test func utf8PageDeclaringAnotherCharset() {
    let html = """
      <html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"></head>
      <body><article><p>新华社北京电，国务院新闻办公室今天举行发布会，介绍今年经济运行情况，并回答了记者的提问。</p></article></body></html>
      """
    #expect(article(html).text.hasPrefix("新华社北京电"))
  }

  @Test func declaredLatin1IsDecoded() {
    let html =
      "<html><head><meta charset=\"iso-8859-1\"></head><body><article><p>Le ministre a "
      + "déclaré lundi que les négociations reprendraient la semaine prochaine.</p></article></body></html>"
    // é as ISO-8859-1 writes it: one byte.
    let bytes = html.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
    let page = extractArticle(from: bytes)
    #expect(
      page.text
        == "Le ministre a déclaré lundi que les négociations reprendraient la semaine prochaine.")
  }

  @Test func linkListIsNoArticle() {
    let page = article(PageTemplates.linkListPage())
    #expect(page.text.isEmpty)
    #expect(page.absence == .noArticle)
    #expect(page.title == "World news")
  }

  @Test func pageWithoutText() {
    let page = article(
      "<html><head><script>var a = 1;</script></head><body> <img src=x> </body></html>")
    #expect(page.text.isEmpty)
    #expect(page.absence == .noText)
  }

  @Test(arguments: [
    ("%PDF-1.7\n1 0 obj", DocumentKind.pdf),
    ("\u{89}PNG\r\n", .image),
    ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel></channel></rss>", .feed),
    ("<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>", .feed),
    ("{\"version\": \"https://jsonfeed.org/version/1\"}", .json),
    ("", .empty),
  ])
  func notHTML(document: String, kind: DocumentKind) {
    var bytes = Array(document.utf8)
    if document.hasPrefix("\u{89}") { bytes = [0x89] + Array("PNG\r\n".utf8) }
    let page = extractArticle(from: bytes)
    #expect(page.absence == .notHTML(kind))
    #expect(page.text.isEmpty)
  }

  // Past the limits the rest of the page is not read, so memory stays bounded.
  @Test func limitsTruncate() {
    let paragraph = "<p>\(PageTemplates.storyParagraphs[0])</p>"
    let html =
      "<html><body><article>" + String(repeating: paragraph, count: 2000)
      + "</article></body></html>"
    let limited = extractArticle(
      from: Array(html.utf8), options: ArticleOptions(maxNodes: 100_000, maxTextBytes: 50_000))
    #expect(limited.truncated)
    #expect(limited.text.utf8.count <= 50_000)
    #expect(limited.text.hasPrefix(PageTemplates.storyParagraphs[0]))
    #expect(!extractArticle(from: Array(html.utf8)).truncated)
  }
}
