/// Generates large feeds with real-world structure: namespaces, CDATA, escaped and
/// content:encoded HTML, entities. Items are produced one at a time so a child process can
/// stream a 20 MB feed into the parser without holding it.
enum GeneratedFormat: String, CaseIterable {
  case rss, atom, rdf
}

struct FeedGenerator {
  let format: GeneratedFormat

  var header: String {
    switch format {
    case .rss:
      return """
        <?xml version="1.0" encoding="UTF-8"?>
        <rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">
        <channel><title>Generated News &amp; Views</title><link>https://news.example.com/</link>
        <atom:link href="https://news.example.com/feed" rel="self" type="application/rss+xml"/>
        <description>Everything that happened today</description><language>en-GB</language>
        <sy:updatePeriod>hourly</sy:updatePeriod><sy:updateFrequency>1</sy:updateFrequency>

        """
    case .atom:
      return """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en" xml:base="https://news.example.com/">
        <title type="text">Generated News</title><link rel="alternate" href="/"/><id>tag:news.example.com,2024:feed</id>
        <updated>2024-05-01T10:00:00Z</updated><author><name>Desk</name></author>

        """
    case .rdf:
      return """
        <?xml version="1.0" encoding="utf-8"?>
        <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
        <channel rdf:about="https://news.example.com/"><title>Generated News</title><link>https://news.example.com/</link>
        <description>Everything that happened today</description></channel>

        """
    }
  }

  var footer: String {
    switch format {
    case .rss: return "</channel></rss>\n"
    case .atom: return "</feed>\n"
    case .rdf: return "</rdf:RDF>\n"
    }
  }

  /// A body of about 2 KB of typical article HTML.
  private func body(_ n: Int) -> String {
    var html =
      "<div class=\"entry\"><p>The committee met on Tuesday to discuss item \(n) &amp; its consequences for the "
    html += "region. <a href=\"/articles/\(n)\">Read more</a> about the <em>background</em>.</p>"
    html += "<script>track('\(n)');</script>"
    for paragraph in 0..<5 {
      html +=
        "<p>Paragraph \(paragraph): officials said the plan would cost &euro;\(n * 7 % 1000) million, "
      html +=
        "according to documents seen by reporters, and would take effect \u{2014} if approved \u{2014} next year. "
      html += "Critics called it \u{201C}a step in the wrong direction\u{201D}.</p>"
    }
    html +=
      "<ul><li>First point</li><li>Second point</li></ul><img src=\"/img/\(n).jpg\" alt=\"photo\"></div>"
    return html
  }

  private func escaped(_ html: String) -> String {
    var out = ""
    out.reserveCapacity(html.utf8.count + html.utf8.count / 5)
    for character in html {
      switch character {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      default: out.append(character)
      }
    }
    return out
  }

  func item(_ n: Int) -> String {
    let day = n % 28 + 1
    switch format {
    case .rss:
      return """
        <item><title>Story \(n): Minister&#8217;s plan &amp; the budget</title>
        <link>https://news.example.com/articles/\(n)</link><guid isPermaLink="false">story-\(n)</guid>
        <pubDate>Wed, \(day) May 2024 10:\(n % 60 < 10 ? "0" : "")\(n % 60):00 +0100</pubDate><dc:creator><![CDATA[Jo Reporter]]></dc:creator>
        <category>Politics</category><category>Economy</category>
        <description>\(escaped("<p>Summary of story \(n) with <b>bold</b> claims.</p>"))</description>
        <content:encoded><![CDATA[\(body(n))]]></content:encoded></item>

        """
    case .atom:
      return """
        <entry><title type="html">Story \(n): Minister&amp;#8217;s plan</title><link rel="alternate" href="articles/\(n)"/>
        <id>tag:news.example.com,2024:\(n)</id><updated>2024-05-\(day < 10 ? "0" : "")\(day)T10:00:00+01:00</updated>
        <author><name>Jo Reporter</name></author><category term="politics"/>
        <summary type="text">Summary of story \(n).</summary>
        <content type="html">\(escaped(body(n)))</content></entry>

        """
    case .rdf:
      return """
        <item rdf:about="https://news.example.com/articles/\(n)"><title>Story \(n) &amp; more</title>
        <link>https://news.example.com/articles/\(n)</link><dc:date>2024-05-\(day < 10 ? "0" : "")\(day)T10:00:00Z</dc:date>
        <dc:subject>Politics</dc:subject><description>\(escaped("<p>Summary of story \(n).</p>"))</description>
        <content:encoded><![CDATA[\(body(n))]]></content:encoded></item>

        """
    }
  }

  /// Calls `emit` with the document in pieces until about `size` bytes were produced.
  func generate(size: Int, emit: (String) -> Void) {
    var produced = 0
    emit(header)
    produced += header.utf8.count
    var n = 0
    while produced < size - footer.utf8.count {
      let next = item(n)
      emit(next)
      produced += next.utf8.count
      n += 1
    }
    emit(footer)
  }

  func document(size: Int) -> [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(size + 4096)
    generate(size: size) { bytes.append(contentsOf: $0.utf8) }
    return bytes
  }
}
