/// Writes feeds as an OPML 2.0 document readers import: each feed in a folder named by its
/// first tag (readers take folders as categories), with every tag in its `category` attribute.
/// OPML's `category` cannot hold a tag with a comma or a slash, so such a tag gets a folder of
/// its own holding the feed again (reading a list merges the copies' tags).
public enum OPMLWriter {
  public struct Feed: Sendable, Equatable {
    public var name: String
    public var url: String
    public var tags: [String]

    public init(name: String, url: String, tags: [String]) {
      self.name = name
      self.url = url
      self.tags = tags
    }
  }

  public static func document(title: String, feeds: [Feed]) -> String {
    var untagged: [Feed] = []
    var folders: [(name: String, feeds: [Feed])] = []
    func file(_ feed: Feed, under tag: String) {
      if let index = folders.firstIndex(where: { $0.name == tag }) {
        folders[index].feeds.append(feed)
      } else {
        folders.append((tag, [feed]))
      }
    }
    for feed in feeds {
      guard let first = feed.tags.first else {
        untagged.append(feed)
        continue
      }
      file(feed, under: first)
      for tag in feed.tags.dropFirst() where !fitsCategory(tag) { file(feed, under: tag) }
    }
    var lines = [
      #"<?xml version="1.0" encoding="UTF-8"?>"#,
      #"<opml version="2.0">"#,
      "  <head>",
      "    <title>\(escaped(title))</title>",
      "  </head>",
      "  <body>",
    ]
    for feed in untagged { lines.append("    " + outline(feed)) }
    for folder in folders {
      let name = escaped(folder.name)
      lines.append(#"    <outline text="\#(name)" title="\#(name)">"#)
      for feed in folder.feeds { lines.append("      " + outline(feed)) }
      lines.append("    </outline>")
    }
    lines += ["  </body>", "</opml>", ""]
    return lines.joined(separator: "\n")
  }

  private static func outline(_ feed: Feed) -> String {
    let name = escaped(feed.name)
    var text =
      #"<outline type="rss" text="\#(name)" title="\#(name)" xmlUrl="\#(escaped(feed.url))""#
    let categories = feed.tags.filter(fitsCategory)
    if !categories.isEmpty {
      text += #" category="\#(escaped(categories.joined(separator: ",")))""#
    }
    return text + "/>"
  }

  /// Whether `category` can carry the tag as it is: its separators are "," and "/".
  private static func fitsCategory(_ tag: String) -> Bool {
    !tag.contains(",") && !tag.contains("/")
  }

  /// Text for an attribute value or an element: markup characters as references, line breaks
  /// and tabs as character references (so attribute values keep them), other C0 controls
  /// dropped (XML 1.0 cannot carry them).
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "\n": result += "&#10;"
      case "\r": result += "&#13;"
      case "\t": result += "&#9;"
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
        continue
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
