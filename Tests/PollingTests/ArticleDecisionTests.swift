import Config
import FeedParser
import Testing

@testable import Polling

/// Which items are read from their article, and what a publisher's robots.txt allows.
@Suite struct ArticleDecisionTests {
  @Test func aTeaserIsReadFromItsPageAndAFullTextIsNot() {
    var settings = Config.ArticleSettings()
    let teaser = FeedItem(link: "https://news.example/a", title: "T", summary: "Troops leave.")
    let full = FeedItem(
      link: "https://news.example/b", title: "T",
      content: String(repeating: "word ", count: 200))
    #expect(ArticleNeed.articleURL(for: teaser, settings: settings) == "https://news.example/a")
    #expect(ArticleNeed.articleURL(for: full, settings: settings) == nil)
    // Titles do not count as the item's text.
    let titled = FeedItem(
      link: "https://news.example/c", title: String(repeating: "word ", count: 200), summary: "x")
    #expect(ArticleNeed.articleURL(for: titled, settings: settings) != nil)
    #expect(
      ArticleNeed.articleURL(for: FeedItem(link: "mailto:x@y", summary: "x"), settings: settings)
        == nil)
    settings.mode = .always
    #expect(ArticleNeed.articleURL(for: full, settings: settings) == "https://news.example/b")
    settings.mode = .never
    #expect(ArticleNeed.articleURL(for: teaser, settings: settings) == nil)
  }

  @Test func robotsGroupsAndLongestMatch() {
    let text = """
      # comment
      User-agent: *
      Disallow: /private/
      Allow: /private/open$
      Disallow: /*.pdf

      User-agent: otherbot
      Disallow: /
      """
    let rules = RobotsRules(parsing: text, agent: "feedwatch")
    #expect(rules.allows("/news/story"))
    #expect(!rules.allows("/private/story"))
    #expect(rules.allows("/private/open"))
    #expect(!rules.allows("/private/open/more"))
    #expect(!rules.allows("/files/report.pdf"))
    #expect(!RobotsRules(parsing: text, agent: "otherbot").allows("/news/story"))
  }

  @Test func aGroupForFeedwatchReplacesTheWildcardGroup() {
    let text = """
      User-agent: *
      Disallow: /

      User-agent: FeedWatch
      Disallow: /drafts/
      """
    let rules = RobotsRules(parsing: text, agent: "feedwatch")
    #expect(rules.allows("/news/story"))
    #expect(!rules.allows("/drafts/x"))
    #expect(RobotsRules(parsing: "User-agent: *\nDisallow:\n", agent: "feedwatch").allows("/x"))
  }

  @Test func originAndPathOfAnArticle() {
    let split = RobotsCache.split("https://News.Example:8443/a/b?x=1#top")
    #expect(split?.origin == "https://news.example:8443")
    #expect(split?.path == "/a/b?x=1")
  }
}
