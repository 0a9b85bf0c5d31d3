/// Small pages in the shapes news sites use: the story among navigation, a cookie banner,
/// share buttons, related links, comments and a footer.
enum PageTemplates {
  static let storyParagraphs = [
    "Officials in the capital said on Monday that the talks, held over three days behind closed doors, had produced what one of them called a framework, not a deal.",
    "The negotiators, who had flown in from four countries, agreed to meet again within a month, according to a statement released late in the evening by the host government.",
    "Analysts cautioned that similar frameworks had collapsed before, noting that the most contentious questions, including the timetable, had been left for later rounds.",
    "Residents near the venue described heavy security, with roads closed for most of the week and shops told to keep their shutters down until the delegations had left.",
  ]
  static let quote =
    "We have not solved everything, but we have agreed on how to solve it, and that matters."
  static let listItems = ["a ceasefire along the northern line", "an exchange of prisoners"]
  static let subheading = "What comes next"

  /// A news article page; `extraHead` goes into the head (metadata variations).
  static func newsPage(extraHead: String = "", jsonLD: Bool = true) -> String {
    let paragraphs = storyParagraphs.map { "<p>\($0)</p>" }
    let ld =
      jsonLD
      ? """
      <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
      {"@type":"WebSite","name":"Example News"},
      {"@type":"NewsArticle","headline":"Talks end with a framework, not a deal",
      "datePublished":"2026-03-02T09:30:00Z","author":[{"@type":"Person","name":"Ana Writer"},
      {"@type":"Person","name":"Ben Reporter"}],"publisher":{"@type":"Organization","name":"Example News"}}]}
      </script>
      """ : ""
    return """
      <!DOCTYPE html>
      <html lang="en-GB">
      <head>
      <meta charset="utf-8">
      <title>Talks end with a framework, not a deal | Example News</title>
      <meta property="og:site_name" content="Example News">
      <link rel="canonical" href="/world/2026/talks-framework">
      \(ld)
      \(extraHead)
      <script>window.analytics = {track: function(){}}; var s = "<p>not text</p>";</script>
      <style>p { color: black }</style>
      </head>
      <body>
      <div id="cookie-banner" class="gdpr-consent">We use cookies to improve your experience. <a href="/privacy">Privacy policy</a> <button>Accept all</button></div>
      <header class="site-header"><a href="/" class="logo">Example News</a>
      <nav class="main-menu"><ul><li><a href="/world">World</a></li><li><a href="/business">Business</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
      <main id="content">
      <article class="story">
      <h1>Talks end with a framework, not a deal</h1>
      <div class="byline">By <a rel="author" href="/people/ana">Ana Writer</a></div>
      <time datetime="2026-03-02T09:30:00Z">2 March 2026</time>
      <div class="share-tools"><a href="https://facebook.example/share">Share on Facebook</a> <a href="https://x.example/share">Share on X</a></div>
      <figure><img src="/img/talks.jpg" alt=""><figcaption>Delegates arriving at the venue. Photo: Agency</figcaption></figure>
      \(paragraphs[0])
      \(paragraphs[1])
      <blockquote><p>\(quote)</p></blockquote>
      <h2>\(subheading)</h2>
      \(paragraphs[2])
      <ul><li>\(listItems[0])</li><li>\(listItems[1])</li></ul>
      \(paragraphs[3])
      </article>
      <aside class="related-stories"><h3>Related</h3><ul>
      <li><a href="/a">Markets rally as talks begin in the capital today</a></li>
      <li><a href="/b">Five things to know about the negotiations this week</a></li>
      <li><a href="/c">Opinion: why this framework could fail like the last one</a></li>
      </ul></aside>
      <section id="comments" class="comments"><h3>Comments</h3>
      <div class="comment"><p>Reader one: I do not believe a word of this, honestly, it is the same as last year.</p></div>
      <div class="comment"><p>Reader two: Finally some progress, let us hope it lasts longer this time around.</p></div>
      </section>
      </main>
      <div class="newsletter-signup">Subscribe to our newsletter for the morning briefing, every day.</div>
      <footer class="site-footer"><p>© 2026 Example News. All rights reserved.</p><a href="/terms">Terms</a></footer>
      </body>
      </html>
      """
  }

  /// Texts on the news page that are not the story.
  static let furniture = [
    "We use cookies", "Accept all", "Business", "Sport", "Share on Facebook", "Markets rally",
    "Five things to know", "Reader one", "Reader two", "Subscribe to our newsletter",
    "All rights reserved", "Delegates arriving", "not text", "color: black",
  ]

  /// An older template: no `<p>`, the story in DIVs with `<br><br>` between paragraphs, a
  /// table layout with a menu column.
  static func divSoupPage() -> String {
    """
    <html><head><title>Council approves the new budget</title></head><body>
    <table><tr><td class="menu"><a href="/">Home</a><br><a href="/news">News</a><br><a href="/contact">Contact</a></td>
    <td><div class="text">\(storyParagraphs[0])<br><br>\(storyParagraphs[1])<br><br>\(storyParagraphs[2])</div></td></tr></table>
    <div class="footer">Copyright the Town Gazette, every right reserved, all the time.</div>
    </body></html>
    """
  }

  /// A section front: headlines and links only.
  static func linkListPage() -> String {
    let links = (1...30).map {
      "<li><a href=\"/story/\($0)\">Headline number \($0) of the day</a></li>"
    }
    return """
      <html><head><title>World news</title></head><body>
      <nav><a href="/">Home</a></nav><ul>\(links.joined())</ul></body></html>
      """
  }
}
