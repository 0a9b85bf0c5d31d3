import Foundation
import Store
import Testing
import Watch

@testable import Delivery

/// The digest value: grouping by story then rule, its JSON read back, its plain text.
@Suite struct SinkDigestRenderingTests {
  /// An alert line of `rule` about item `item`, in story `story` when given.
  func row(
    _ id: String, rule: String, severity: String, item: String, story: String?, quote: Bool = false
  )
    -> PendingAlert
  {
    let storyJSON = story.map { #","story":{"id":"\#($0)","sources":["wire"]}"# } ?? ""
    let match =
      quote
      ? #"{"kind":"quote.by","term":"faction:\"Harakat al-Nujaba\"","text":"We demand a complete pullout","speaker":"Nasr al-Shammari"}"#
      : #"{"kind":"topic","term":"withdrawal","text":"Troops pull out of \#(item)"}"#
    let json =
      #"{"entities":[],"feed":{"name":"wire","tags":[],"url":"https://wire.example/rss"},"id":"\#(id)","item":{"key":"id:\#(item)","link":"https://wire.example/\#(item)","title":"Pullout from \#(item)"},"matches":[\#(match)],"quotes":[],"rule":"\#(rule)","severity":"\#(severity)","time":"2026-12-06T08:10:00Z","v":1\#(storyJSON)}"#
    return PendingAlert(
      OutboxAlert(
        id: id, created: Date(timeIntervalSince1970: 1_796_544_600), rule: rule,
        feedKey: "https://wire.example/rss", json: json))
  }

  func digest() throws -> SinkDigest {
    let alerts = [
      row("a1", rule: "withdrawal", severity: "info", item: "iraq", story: "s1"),
      row("a2", rule: "faction-on-withdrawal", severity: "warning", item: "iraq", story: "s1"),
      row("a3", rule: "withdrawal", severity: "info", item: "syria", story: nil),
      row(
        "a4", rule: "watched-faction-quoted", severity: "notice", item: "iraq", story: "s1",
        quote: true),
    ]
    return try SinkDigest(
      id: SinkDigest.id(sink: "webhook:x", due: Date(timeIntervalSince1970: 1_796_547_600)),
      schedule: "1h", start: Date(timeIntervalSince1970: 1_796_544_000),
      end: Date(timeIntervalSince1970: 1_796_547_600), utcOffset: 3600, alerts: alerts
    ) { id in
      [
        StorySource(
          storyID: id, fingerprint: 0, feedKey: "https://wire.example/rss", itemKey: "id:iraq",
          feedName: "wire", title: "Pullout from iraq", link: "https://wire.example/iraq",
          seenAt: Date()),
        StorySource(
          storyID: id, fingerprint: 0, feedKey: "https://other.example/rss", itemKey: "id:o",
          feedName: "other-wire", title: "Iraq pullout", link: "https://other.example/o",
          seenAt: Date()),
      ]
    }
  }

  @Test func alertsAreGroupedByStoryThenRuleHighestSeverityFirst() throws {
    let digest = try digest()
    #expect(digest.alertCount == 4)
    #expect(digest.severity == .warning)
    #expect(digest.stories.map(\.id) == ["s1", nil])
    #expect(
      digest.stories[0].rules.map(\.rule) == [
        "faction-on-withdrawal", "watched-faction-quoted", "withdrawal",
      ])
    #expect(digest.stories[0].sources.map(\.feed) == ["wire", "other-wire"])
    #expect(digest.stories[1].sources.map(\.feed) == ["wire"])
    let quote = digest.stories[0].rules[1].alerts[0].evidence[0]
    #expect(quote.speaker == "Nasr al-Shammari")
  }

  @Test func itsJSONReadsBackAsTheSameDigest() throws {
    let digest = try digest()
    let line = try digest.jsonLine()
    #expect(!line.contains("\n"))
    #expect(line.hasPrefix(#"{"alertCount":4,"end":"2026-12-06T09:00:00Z","id":""#))
    #expect(try SinkDigest(jsonLine: line, utcOffset: 3600) == digest)
  }

  @Test func itsTextShowsEachStoryWithItsSourcesRulesAndEvidence() throws {
    let text = try digest().text
    #expect(
      text.hasPrefix(
        "feedwatch digest: 4 alerts in 2 stories, 2026-12-06 09:00 +01:00 – 2026-12-06 10:00 +01:00"
      ))
    #expect(text.contains("1. [WARNING] Pullout from iraq"))
    #expect(text.contains("   carried by: wire, other-wire"))
    #expect(text.contains("   faction-on-withdrawal (warning)"))
    #expect(
      text.contains(
        #"quote.by faction:"Harakat al-Nujaba": Nasr al-Shammari: “We demand a complete pullout”"#))
    #expect(text.contains("2. [INFO] Pullout from syria"))
  }
}
