import FeedParser
import Testing

// The HTML→text converter reproduces the text libxml2's HTML parser gave (checked on every
// fragment of the realfeeds corpus and on random tag soup by `ParserBenchmark
// --compare-html`); these tests pin the rules a reader relies on and the few places where it
// differs from libxml2 on purpose.
@Suite struct HTMLTextTests {
  @Test func entities() {
    #expect(
      HTMLText.plainText(fromHTML: "<p>&copy 2024 &bogus; &#8220;q&#x201D; &eacute;&#0;x&amp;</p>")
        == "&copy 2024 &bogus; “q” éx&")
    #expect(HTMLText.plainText(fromHTML: "a&nbsp;&nbsp;b&#160;c&#10;d") == "a b c d")
    #expect(HTMLText.plainText(fromHTML: "<b>&lt;tag&gt;</b>") == "<tag>")
  }

  @Test func blocksAndWhitespace() {
    #expect(
      HTMLText.plainText(fromHTML: "<ul><li>one</li><li>two</li></ul>\n<p>  three\tfour </p>")
        == "one\ntwo\nthree four")
    #expect(HTMLText.plainText(fromHTML: "a<br>b<br/>c<hr>d") == "a\nb\nc\nd")
    #expect(HTMLText.plainText(fromHTML: "<b>bold</b> and <i>it</i>alic") == "bold and italic")
  }

  // Structure as libxml2 builds it: text first opens a paragraph that </p> closes; an end
  // tag of an element that is not open changes nothing.
  @Test func impliedParagraphAndStrayEndTags() {
    #expect(HTMLText.plainText(fromHTML: "first</p>second") == "first\nsecond")
    #expect(HTMLText.plainText(fromHTML: "<p>a</p>b</p>c") == "a\nbc")
  }

  // An end tag closes the skipped elements inside its element; a <div> stops an end tag of
  // a lower priority from reaching further out.
  @Test func skippedContentEnds() {
    #expect(HTMLText.plainText(fromHTML: "<p>a<iframe>b</p>c") == "a\nc")
    #expect(HTMLText.plainText(fromHTML: "<p>a<div><noscript>b</p>c</div>d") == "a\nd")
    #expect(HTMLText.plainText(fromHTML: "<object><param name=x>fallback</object>after") == "after")
    #expect(HTMLText.plainText(fromHTML: "<svg><text>drawn</text></svg>shown") == "shown")
  }

  // Script and style are raw text up to their own end tag: markup inside does not end them.
  @Test func rawText() {
    #expect(
      HTMLText.plainText(fromHTML: #"<script>if (a < b) { s = "</div><p>"; }</script>after"#)
        == "after")
    #expect(HTMLText.plainText(fromHTML: "<style>p { }</STYLE >shown") == "shown")
    #expect(HTMLText.plainText(fromHTML: "kept<script>never closed <p>text") == "kept")
  }

  @Test func commentsAndDeclarations() {
    #expect(HTMLText.plainText(fromHTML: "a<!-- <p>hidden</p> -->b") == "ab")
    #expect(HTMLText.plainText(fromHTML: "a<!-- never closed <p>b") == "a")
    #expect(HTMLText.plainText(fromHTML: "<!DOCTYPE html><?xml x?>text") == "text")
  }

  @Test func attributesNeverBecomeText() {
    #expect(
      HTMLText.plainText(fromHTML: #"<a href="x>y" title='a > b' onclick=alert(1)>link</a>"#)
        == "link")
    // An unquoted value runs to a blank or '>': a quote inside it opens nothing.
    #expect(HTMLText.plainText(fromHTML: #"<a title=x"y>link</a> "tail""#) == #"link "tail""#)
    // An attribute quote that never closes takes the rest of the input.
    #expect(HTMLText.plainText(fromHTML: #"before<a href="x>after"#) == "before")
  }

  @Test func lessThanThatStartsNoTag() {
    #expect(HTMLText.plainText(fromHTML: "<p>1 < 2 and 3 <4</p>") == "1 < 2 and 3 <4")
    #expect(HTMLText.plainText(fromHTML: "<p>a </ b</p>") == "a b")
  }

  // Where libxml2's output lost or garbled text, the converter keeps it.
  @Test func differencesFromLibXML2() {
    // libxml2 ended its parse at an end tag that came before any element (text: "").
    #expect(
      HTMLText.plainText(fromHTML: "</p>Text after a stray end tag") == "Text after a stray end tag"
    )
    // libxml2 showed "<![CDATA[" and "]]>"; the section's content is the text.
    #expect(HTMLText.plainText(fromHTML: "<p>a</p><![CDATA[b & <c>]]>") == "a\nb & <c>")
    // libxml2 put a leading <style> in an implied head that hid elements it does not know.
    #expect(
      HTMLText.plainText(
        fromHTML: "<style>p{}</style><figure><figcaption>Caption</figcaption></figure>")
        == "Caption")
    // libxml2 put a line break after a leading '<' that starts no tag ("<\n3").
    #expect(HTMLText.plainText(fromHTML: "< 3 apples") == "< 3 apples")
  }

  // Hostile input: every case runs in one linear pass (no recursion, bounded end-tag search).
  @Test func hostileInput() {
    let depth = 200_000
    let nested =
      String(repeating: "<div>", count: depth) + "deep"
      + String(repeating: "</div>", count: depth)
    #expect(HTMLText.plainText(fromHTML: nested) == "deep")
    let inline =
      String(repeating: "<b>", count: depth) + "x" + String(repeating: "</i>", count: depth)
    #expect(HTMLText.plainText(fromHTML: inline) == "x")
    let lessThans = String(repeating: "1 < ", count: 1_000_000)
    #expect(HTMLText.plainText(fromHTML: lessThans).utf8.count == 4_000_000 - 1)
    let text = String(repeating: "word  \n", count: 2_000_000)
    let plain = HTMLText.plainText(fromHTML: "<p>" + text + "</p>")
    #expect(plain.utf8.count == 2_000_000 * 5 - 1)
    let unclosed = String(repeating: "<p><a href=\"", count: 100_000)
    #expect(HTMLText.plainText(fromHTML: "ok" + unclosed) == "ok")
    // Past the tracked depth, empty elements and raw text still behave.
    let pastDepth = String(repeating: "<span>", count: 2_000) + "a<br>b<script>x</script>c"
    #expect(HTMLText.plainText(fromHTML: pastDepth) == "a\nbc")
    let ampersands = String(repeating: "&#x41;&&amp;&zz", count: 100_000)
    #expect(HTMLText.plainText(fromHTML: ampersands).utf8.count == 100_000 * 6)
  }

  // One HTML parser context serves every item of a stream: state must not leak between items.
  @Test func htmlStateDoesNotLeakBetweenItems() throws {
    let (_, items) = try parsed(
      """
      <rss version="2.0"><channel>
      <item><description>&lt;p&gt;one&lt;script&gt;never closed</description></item>
      <item><description>&lt;p&gt;two&lt;/p&gt;</description></item>
      </channel></rss>
      """)
    #expect(items.map(\.summary) == ["one", "two"])
  }
}
