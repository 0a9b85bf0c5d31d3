import Foundation
import Testing

@testable import Config

/// What a config leaves unsaid: feed names, and intervals raised or lowered to their bounds.
@Suite struct FeedDefaultsTests {
  func parse(_ json: String) throws(ConfigError) -> Config {
    try ConfigLoader.parse(Data(json.utf8), file: "/etc/feedwatch/config.json")
  }

  @Test func unnamedFeedsOfOneHostGetDistinctNamesAndNeverAUsersName() throws {
    let config = try parse(
      #"{"feeds": [{"url": "https://www.example.org/world/rss.xml"}, {"url": "https://example.org/world/rss.xml?edition=us"}, {"url": "https://example.org/sport/"}, {"url": "https://example.org/x", "name": "example.org/world/rss.xml-3"}]}"#
    )
    #expect(
      config.feeds.map(\.name) == [
        "example.org/world/rss.xml", "example.org/world/rss.xml-2", "example.org/sport",
        "example.org/world/rss.xml-3",
      ])
    #expect(FeedName.unique("a", taken: { ["a", "a-2"].contains($0) }) == "a-3")
  }

  @Test func twoFeedsTheUserNamedAlikeAreStillAnError() {
    #expect(throws: ConfigError.self) {
      try parse(
        #"{"feeds": [{"url": "https://a/1", "name": "x"}, {"url": "https://a/2", "name": "x"}]}"#)
    }
  }

  @Test func anIntervalOutsideTheBoundsIsAWarningNamingBoth() throws {
    let config = try parse(
      #"{"feeds": [{"url": "https://a/1", "interval": "30s"}, {"url": "https://a/2", "interval": "2h"}, {"url": "https://a/3"}]}"#
    )
    #expect(config.feeds.map(\.interval) == [60, 3600, 900])
    #expect(
      config.warnings.map(\.description) == [
        "feeds[0].interval: 30s is below defaults.minInterval (1m); a/1 is polled every 1m",
        "feeds[1].interval: 2h is above defaults.maxInterval (1h); a/2 is polled every 1h",
      ])
  }
}
