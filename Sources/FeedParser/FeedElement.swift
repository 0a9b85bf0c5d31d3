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
  case enclosure
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
  case textInputMixedCase
  case cloud
  case generator
  case itunesImage
  case mediaThumbnail
  case mediaContent
  case itunesCategory
  case name
  case itunesName
  case email
  case itunesEmail
  case uri
  case url
  case homepage
  case hour
  case skiphours
  case skipHoursMixedCase
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
  case created
  case dctermsCreated
  case expirationdate
  case dctermsValid
  case language
  case dcLanguage
  case ttl
  case syUpdateperiod
  case syUpdatefrequency
  case syUpdatebase
  case comments
  case docs

  init(key: String) { self = Self.byKey[key] ?? .other }

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
    "enclosure": .enclosure,
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
    "textInput": .textInputMixedCase,
    "cloud": .cloud,
    "generator": .generator,
    "itunes:image": .itunesImage,
    "media:thumbnail": .mediaThumbnail,
    "media:content": .mediaContent,
    "itunes:category": .itunesCategory,
    "name": .name,
    "itunes:name": .itunesName,
    "email": .email,
    "itunes:email": .itunesEmail,
    "uri": .uri,
    "url": .url,
    "homepage": .homepage,
    "hour": .hour,
    "skiphours": .skiphours,
    "skipHours": .skipHoursMixedCase,
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
    "created": .created,
    "dcterms:created": .dctermsCreated,
    "expirationdate": .expirationdate,
    "dcterms:valid": .dctermsValid,
    "language": .language,
    "dc:language": .dcLanguage,
    "ttl": .ttl,
    "sy:updateperiod": .syUpdateperiod,
    "sy:updatefrequency": .syUpdatefrequency,
    "sy:updatebase": .syUpdatebase,
    "comments": .comments,
    "docs": .docs,
  ]
}
