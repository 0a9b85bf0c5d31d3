import FeedParser

/// The differences between the daemon's reader and the feedparser-compatible renderer that are
/// meant to be there, one entry per class, each with its reason. A difference no entry
/// explains fails the test, and so does an entry nothing falls into any more. "reader bug:"
/// marks a class where the renderer is right and the reader is not, listed so that CI stays
/// green while it is open. The first entry that explains a difference counts it.
enum IntendedDifferences {
  static let all: [IntendedDifference] =
    documents + text + links + people + categories + dates + outOfScope

  // MARK: whole documents

  static let documents: [IntendedDifference] = [
    IntendedDifference(
      "broken before the first item", fields: [.document],
      reason:
        "a document whose XML breaks before its first item is reported as malformed "
        + "(FeedStreamParser.outcome), where feedparser returns what it read of the channel: "
        + "\"ok, 0 items\" would hide a broken feed",
      when: {
        ($0.readerText ?? "").hasPrefix("The feed is not well-formed XML")
          && $0.rendererText == "a feed with 0 entries"
      }),
    IntendedDifference(
      "an item cut by the document's end", fields: [.document],
      reason:
        "an item still open when the document ends is not taken (FeedBuilder.finish): cut "
        + "short, it lacks what came after the cut and would come back under another key once "
        + "the document arrives whole; a document with no item read whole and broken XML is then "
        + "reported as malformed, where feedparser returns the part of the item it read",
      when: {
        ($0.readerText ?? "").hasPrefix("The feed is not well-formed XML")
          && ($0.rendererText ?? "").hasPrefix("a feed with ")
          && $0.rendererText != "a feed with 0 entries"
      }),
    IntendedDifference(
      "JSON Feed", fields: [.document], files: ["realfeeds/*.json"],
      reason: "the reader reads JSON Feed; feedparser 6 (and so the renderer) reads only XML"),
    IntendedDifference(
      "EBCDIC", fields: [.document], files: ["conformance/encoding/x80_*"],
      reason:
        "reader bug: a document in an EBCDIC code page (cp037, cp500, cp875, cp1140…) is not "
        + "recognised as XML (DocumentSniffer looks for an ASCII '<'); no publisher is known to "
        + "serve one",
      when: { ($0.readerText ?? "").contains("text that is not XML") }),
  ]

  // MARK: text

  static let text: [IntendedDifference] = [
    IntendedDifference(
      "summary copied from content", fields: [.summary],
      reason:
        "feedparser copies an item's content into its missing summary; the reader keeps "
        + "summary and content apart (a summary is what the feed wrote as one)",
      when: { $0.difference.reader == nil && $0.renderer[.summary] == $0.renderer[.content] }),
    IntendedDifference(
      "markup in plain text", fields: [.title, .summary, .content],
      reason:
        "a text declared plain that carries markup or an entity is read as HTML "
        + "(RecordConversion.looksLikeHTML: RSS titles often do); feedparser keeps it as text",
      when: { $0.readerText != nil && $0.readerText == htmlText($0.rendererText) }),
    IntendedDifference(
      "fullest content", fields: [.content],
      reason:
        "the reader keeps the fullest of an item's contents (HTML over plain text, then the "
        + "longest: ContentCandidate); feedparser lists them in document order",
      when: { context in
        guard let reader = context.readerText else { return false }
        return texts(context.renderer[.allContents]).dropFirst().contains(reader)
      }),
    IntendedDifference(
      "feedparser's windows-1252 repairs",
      fields: [.title, .summary, .content],
      files: [
        "conformance/encoding/*demoronize*", "conformance/encoding/*double-encoded*",
        "conformance/encoding/bozo_linenoise.xml",
      ],
      reason:
        "feedparser rewrites C1 code points (U+0080–U+009F) as their windows-1252 characters "
        + "and re-decodes text that looks like UTF-8 read as windows-1252; the reader keeps the "
        + "characters the document has (it repairs bytes, not characters)"),
    IntendedDifference(
      "undeclared non-UTF-8 bytes", fields: Set(Field.allCases),
      files: ["conformance/illformed/chardet/*", "realfeeds/miniflux__no_encoding_*"],
      reason:
        "a document that declares no charset is read as UTF-8 with each byte that is not UTF-8 "
        + "read as windows-1252 (CharsetDecoder); feedparser decodes the whole document by its "
        + "rules and chardet's guess, so each side's mojibake differs (illformed/chardet is "
        + "outside the monitor profile)"),
    IntendedDifference(
      "Mac charsets glibc lacks",
      fields: [.title],
      files: [
        "conformance/encoding/x80_macgreek.xml", "conformance/encoding/x80_macturkish.xml",
        "conformance/encoding/x80_maciceland.xml",
      ],
      reason:
        "glibc's iconv has no Mac Greek, Mac Turkish or Apple's Mac Icelandic (its MAC-IS is "
        + "another table), which Python's codecs have: "
        + "such a document falls back to UTF-8 with windows-1252 repair, so 0x80 reads as €"),
    IntendedDifference(
      "undeclared markup in a text construct", fields: [.title, .summary, .content],
      files: [
        "*naked_markup*", "conformance/wellformed/atom10/entry_content_div_escaped_markup.xml",
      ],
      reason:
        "reader bug: child elements of a text construct that is not declared XHTML are "
        + "dropped with their text (FeedBuilder keeps markup only for type=\"xhtml\", "
        + "mode=\"xml\" and body); feedparser keeps them as markup"),
    IntendedDifference(
      "DTD entities", fields: [.title, .id, .summary, .content, .link],
      reason:
        "the reader never expands entities a DOCTYPE declares (docs/ARCHITECTURE.md, "
        + "Hardening): the reference stays as written; feedparser expands internal ones",
      when: { context in
        guard let reader = context.readerText else { return false }
        return reader.contains(/&[A-Za-z][A-Za-z0-9]*;/)
      }),
    IntendedDifference(
      "RSS <summary> beside <description>", fields: [.summary, .content],
      files: [
        "conformance/wellformed/rss/item_description_and_summary.xml",
        "conformance/wellformed/rss/item_summary_and_description.xml",
      ],
      reason:
        "an RSS item's <summary> (Atom's element, seen in RSS) is its summary, as in Atom; "
        + "feedparser makes the second of <description> and <summary> the item's content"),
    IntendedDifference(
      "'<!' in HTML", fields: [.summary],
      files: ["conformance/wellformed/rss/item_description_not_a_doctype.xml"],
      reason:
        "the daemon's HTML→text reads '<!' as the start of a declaration, as libxml2's HTML "
        + "parser does; feedparser's sanitiser escapes it, so the renderer's text keeps it"),
    IntendedDifference(
      "HTML→text of hostile markup", fields: [.title, .summary, .content],
      files: ["conformance/wellformed/sanitize/*"],
      reason:
        "the daemon's HTML→text drops the content of script, style, iframe, object, embed… "
        + "and reads comments and CDATA as libxml2's HTML parser does (HTMLText); feedparser's "
        + "sanitiser removes those tags but keeps their text (sanitize is outside the monitor "
        + "profile)"),
  ]

  // MARK: links and ids

  static let links: [IntendedDifference] = [
    IntendedDifference(
      "an Atom id is not a link", fields: [.link],
      reason:
        "the item's page is its alternate link, else an RSS guid that is a permalink, else any "
        + "other link (EntryRecord.takePrimaryLink); feedparser also takes an Atom id (or an "
        + "RDF about) as the link when no HTML alternate link is there",
      when: { context in
        guard let link = context.difference.renderer else { return false }
        return link == context.renderer[.id]
          || context.difference.reader == nil
            && !texts(context.renderer[.allLinks]).contains(link.text ?? "")
      }),
    IntendedDifference(
      "primary link", fields: [.link],
      reason:
        "EntryRecord.takePrimaryLink takes the first alternate link of any type (a PDF too), "
        + "else any other link (related, via, license…); feedparser takes only an HTML "
        + "alternate",
      when: { context in
        guard let reader = context.readerText else { return false }
        let renderer = texts(context.renderer[.allLinks])
        return renderer.contains(reader) || renderer.isEmpty && context.difference.renderer == nil
      }),
    IntendedDifference(
      "ids as written", fields: [.id],
      reason:
        "an id is kept as written (it is a name, compared as such); feedparser resolves an id "
        + "that it also takes as the link against the base",
      when: { context in
        guard let reader = context.readerText, let renderer = context.rendererText else {
          return false
        }
        return renderer != reader && renderer.hasSuffix(reader)
      }),
    IntendedDifference(
      "RSS 1.0 rdf:about", fields: [.id],
      reason:
        "reader bug: an RSS 1.0 item's rdf:about, its URI, is not read as its id (the reader "
        + "takes dc:identifier, else none); feedparser takes it. Changing it would change the "
        + "seen-item keys of RDF feeds already stored",
      when: { context in
        guard let renderer = context.rendererText else { return false }
        return renderer == context.renderer[.link]?.text || renderer.hasPrefix("http")
      }),
    IntendedDifference(
      "HTTP Content-Location and Content-Language",
      fields: [.link, .id, .language, .title, .summary, .content],
      files: ["*content_location*", "*content_language*", "*content-location*"],
      reason:
        "the daemon gives the reader the URL it fetched as the base and the Content-Type; the "
        + "Fetcher passes no Content-Location (a base only feedparser takes) nor "
        + "Content-Language"),
  ]

  // MARK: people, categories, language

  static let people: [IntendedDifference] = [
    IntendedDifference(
      "authors from the feed", fields: [.authors],
      reason:
        "an item without authors has the feed's (FeedBuilder.closeEntry, as Atom says); "
        + "feedparser leaves the item's authors empty",
      when: { $0.difference.renderer == nil && $0.difference.reader == $0.rendererFeed[.authors] }
    ),
    IntendedDifference(
      "feed language from xml:lang", fields: [.language],
      reason:
        "the reader's language is the item's own (xml:lang in force at the item, or its "
        + "dc:language) and the feed's <language>; feedparser's is the xml:lang in force at "
        + "each text construct",
      when: { $0.difference.reader == nil }),
    IntendedDifference(
      "a text construct's own xml:lang", fields: [.language],
      files: ["conformance/wellformed/lang/entry_*_xml_lang_*"],
      reason:
        "an xml:lang on one title, summary or content (blank or another language) is that "
        + "construct's; the item's language stays the one in force at the item. feedparser "
        + "has no per-item language, so its nearest is the first construct's"),
  ]

  // MARK: dates

  static let dates: [IntendedDifference] = []

  static let categories: [IntendedDifference] = [
    IntendedDifference(
      "repeated categories", fields: [.categories],
      reason:
        "categories are kept as written, a repeated one too; feedparser drops a tag equal to "
        + "one it has (same term, scheme and label)",
      when: { context in
        var seen: Set<String> = []
        let unique = texts(context.difference.reader).filter { seen.insert($0).inserted }
        return unique == texts(context.difference.renderer)
      })
  ]

  // MARK: outside what the daemon reads

  static let outOfScope: [IntendedDifference] = [
    IntendedDifference(
      "CDF", fields: Set(Field.allCases),
      files: ["conformance/wellformed/cdf/*", "conformance/wellformed/base/cdf_*"],
      reason:
        "Microsoft's Channel Definition Format (1997) is read only as far as it looks like "
        + "RSS (its HREF and LASTMOD attributes are not read); outside the monitor profile"),
    IntendedDifference(
      "feedparser's extra vocabulary", fields: [.summary, .categories, .authors],
      files: [
        "conformance/wellformed/itunes/*", "realfeeds/feedjira__ITunes*",
        "conformance/wellformed/rss/item_dc_author*",
        "conformance/wellformed/rss/item_madeup_tags_element.xml",
      ],
      reason:
        "elements outside RSS, Atom and the Dublin Core terms the reader reads: an item's "
        + "itunes:summary, itunes:category and itunes:keywords (podcast-directory fields, "
        + "outside the monitor profile), dc:author (not a Dublin Core element; dc:creator is) "
        + "and <tags>"),
    IntendedDifference(
      "elements nested in unknown elements", fields: [.title, .content, .summary, .categories],
      files: [
        "realfeeds/nnw__cloudblog.rss", "realfeeds/nnw__macworld.rss",
        "conformance/wellformed/rss/item_category_image.xml",
      ],
      reason:
        "an element inside an element the reader does not know (<og><description>, "
        + "<categories><category>, <category><image><title>) is "
        + "not the item's (FeedBuilder.isContentLevel); feedparser reads an element at any "
        + "depth"),
  ]

  // MARK: helpers

  /// Plain text of a text taken as HTML, whitespace collapsed.
  static func htmlText(_ text: String?) -> String? {
    text.flatMap { PlainValue.normalised(HTMLText.plainText(fromHTML: $0))?.text }
  }

  static func texts(_ value: PlainValue?) -> [String] {
    if case .list(let texts)? = value { return texts }
    return []
  }
}
