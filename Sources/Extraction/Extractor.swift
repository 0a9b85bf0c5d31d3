/// The extraction core: built once per watch list (compiles the matchers), then `extract`
/// is pure, deterministic and safe to call from any thread.
public final class Extractor: Sendable {
  public let watchList: WatchList
  private let topicMatcher: TopicMatcher
  private let nameMatcher: NameMatcher

  public init(watchList: WatchList = WatchList()) {
    self.watchList = watchList
    topicMatcher = TopicMatcher(topics: watchList.topics, keywords: watchList.keywords)
    nameMatcher = KnownNames.compile(watchList: watchList)
  }

  /// When `title` is given the analysed text is `title + "\n\n" + text` and every offset
  /// refers to that combined string.
  public func extract(_ text: String, title: String? = nil) -> ExtractionResult {
    let analysed = title.map { $0 + "\n\n" + text } ?? text
    let tokens = Tokenizer.tokenize(analysed)
    let sentences = SentenceSplitter.split(tokens)
    let wordStream = MatchStream(tokens, mode: .words)
    let topicResult = topicMatcher.match(tokens, stream: wordStream, sentences: sentences)
    let nameStream = MatchStream(tokens, mode: .names)
    let known = nameMatcher.matches(in: tokens, stream: nameStream)
    let entities = EntityRecognizer(text: tokens, sentences: sentences, names: nameMatcher.names)
      .recognise(known: known)
    return ExtractionResult(
      text: analysed, sentences: sentences, entities: entities, quotes: [], quantities: [],
      topics: topicResult.topics, keywords: topicResult.keywords)
  }
}
