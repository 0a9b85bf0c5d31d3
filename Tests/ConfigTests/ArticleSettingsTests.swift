import Foundation
import Testing

@testable import Config

/// The article keys, in `defaults` and per feed.
@Suite struct ArticleSettingsTests {
  func parse(_ json: String) throws(ConfigError) -> Config {
    try ConfigLoader.parse(Data(json.utf8), file: "/etc/feedwatch/config.json")
  }

  @Test func teasersAreReadFromTheirArticleUnlessTheConfigSaysOtherwise() throws {
    let config = try parse(
      #"{"defaults": {"articleMinWords": 80, "articleTimeout": "20s"}, "feeds": [{"url": "https://a.org/rss"}, {"url": "https://b.org/rss", "article": "never"}, {"url": "https://c.org/rss", "article": "always", "articleRobots": false, "articleMaxBytes": 65536}]}"#
    )
    let (a, b, c) = (config.feeds[0].article, config.feeds[1].article, config.feeds[2].article)
    #expect(a.mode == .teaser && a.minWords == 80 && a.timeout == 20 && a.robots)
    #expect(a.maxBytes == 5 << 20)
    #expect(b.mode == .never && b.minWords == 80)
    #expect(c.mode == .always && !c.robots && c.maxBytes == 65536)
    #expect(try parse(#"{"feeds": []}"#).defaults.article == Config.ArticleSettings())
  }

  @Test func anUnknownModeNamesTheChoices() {
    #expect {
      try parse(#"{"feeds": [{"url": "https://a.org/rss", "article": "sometimes"}]}"#)
    } throws: { error in
      let text = "\(error)"
      return text.contains("feeds[0].article") && text.contains(#""never", "teaser", "always""#)
    }
  }
}
