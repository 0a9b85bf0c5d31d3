/// The elements `FeedBuilder` acts on, by their key ("dc:title"). Found once per distinct
/// element name (the XML parser caches it), so each event switches on a number instead of
/// comparing strings.
enum FeedElement: UInt8 {
  case other
  case item
  case entry
  case link
  case title
  case dcTitle
  case summary
  case abstract
  case content
  case contentEncoded
  case subtitle
  case tagline
  case itunesSubtitle
  case rights
  case copyright
  case dcRights
  case info
  case description
  case dcDescription
  case body
  case xhtmlBody
  case fullitem
  case guid
  case id
  case dcIdentifier
  case category
  case dcSubject
  case author
  case contributor
  case dcCreator
  case dcContributor
  case managingeditor
  case webmaster
  case dcPublisher
  case itunesOwner
  case itunesAuthor
  case source
  case image
  case textinput
  case name
  case itunesName
  case email
  case itunesEmail
  case hour
  case skiphours
  case channel
  case feed
  case rss
  case rdfRdf
  case rdf
  case redirect
  case pubdate
  case published
  case issued
  case dctermsIssued
  case updated
  case modified
  case dcDate
  case dctermsModified
  case lastbuilddate
  case language
  case dcLanguage
  case ttl
  case syUpdateperiod
  case syUpdatefrequency

  init(key: String) { self = Self.byKey[key] ?? .other }

  /// Elements that name a person, in their text or in child elements (Atom `name`, `email`).
  var startsPerson: Bool {
    switch self {
    case .author, .contributor, .dcCreator, .dcContributor, .managingeditor, .webmaster,
      .dcPublisher, .itunesOwner:
      return true
    default: return false
    }
  }

  /// Whether the builder reads the element's text (the text of any other is dropped unread).
  var readsText: Bool {
    switch self {
    case .other, .item, .entry, .rights, .copyright, .dcRights, .info, .source, .image,
      .textinput, .skiphours, .channel, .feed, .rss, .rdfRdf, .rdf, .redirect, .itunesOwner:
      return false
    default: return true
    }
  }

  /// Text constructs: elements whose text may be HTML, XHTML markup or base64.
  var isTextConstruct: Bool {
    switch self {
    case .title, .dcTitle, .summary, .abstract, .content, .contentEncoded, .subtitle, .tagline,
      .itunesSubtitle, .rights, .copyright, .dcRights, .info, .description, .dcDescription, .body,
      .xhtmlBody, .fullitem:
      return true
    default: return false
    }
  }

  /// Atom person constructs and their relatives, whose children name a person.
  var holdsPerson: Bool {
    switch self {
    case .author, .contributor, .itunesOwner, .dcCreator, .dcContributor: return true
    default: return false
    }
  }

  private static let byKey: [String: FeedElement] = [
    "item": .item,
    "entry": .entry,
    "link": .link,
    "title": .title,
    "dc:title": .dcTitle,
    "summary": .summary,
    "abstract": .abstract,
    "content": .content,
    "content:encoded": .contentEncoded,
    "subtitle": .subtitle,
    "tagline": .tagline,
    "itunes:subtitle": .itunesSubtitle,
    "rights": .rights,
    "copyright": .copyright,
    "dc:rights": .dcRights,
    "info": .info,
    "description": .description,
    "dc:description": .dcDescription,
    "body": .body,
    "xhtml:body": .xhtmlBody,
    "fullitem": .fullitem,
    "guid": .guid,
    "id": .id,
    "dc:identifier": .dcIdentifier,
    "category": .category,
    "dc:subject": .dcSubject,
    "author": .author,
    "contributor": .contributor,
    "dc:creator": .dcCreator,
    "dc:contributor": .dcContributor,
    "managingeditor": .managingeditor,
    "webmaster": .webmaster,
    "dc:publisher": .dcPublisher,
    "itunes:owner": .itunesOwner,
    "itunes:author": .itunesAuthor,
    "source": .source,
    "image": .image,
    "textinput": .textinput,
    "name": .name,
    "itunes:name": .itunesName,
    "email": .email,
    "itunes:email": .itunesEmail,
    "hour": .hour,
    "skiphours": .skiphours,
    "channel": .channel,
    "feed": .feed,
    "rss": .rss,
    "rdf:rdf": .rdfRdf,
    "rdf": .rdf,
    "redirect": .redirect,
    "pubdate": .pubdate,
    "published": .published,
    "issued": .issued,
    "dcterms:issued": .dctermsIssued,
    "updated": .updated,
    "modified": .modified,
    "dc:date": .dcDate,
    "dcterms:modified": .dctermsModified,
    "lastbuilddate": .lastbuilddate,
    "language": .language,
    "dc:language": .dcLanguage,
    "ttl": .ttl,
    "sy:updateperiod": .syUpdateperiod,
    "sy:updatefrequency": .syUpdatefrequency,
  ]
}
