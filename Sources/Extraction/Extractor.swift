/// The extraction core: built once per watch list (compiles the matchers), then `extract`
/// is pure, deterministic and safe to call from any thread.
public final class Extractor: Sendable {
  public let watchList: WatchList
  private let topicMatcher: TopicMatcher
  private let watchMatcher: NameMatcher
  private let gazetteerLinks: [Int: Int]

  public init(watchList: WatchList = WatchList()) {
    self.watchList = watchList
    topicMatcher = TopicMatcher(topics: watchList.topics, keywords: watchList.keywords)
    watchMatcher = KnownNames.compile(watchList: watchList)
    gazetteerLinks = KnownNames.linkGazetteer(to: watchMatcher)
  }

  /// When `title` is given the analysed text is `title + "\n\n" + text` and every offset
  /// refers to that combined string.
  public func extract(_ text: String, title: String? = nil) -> ExtractionResult {
    run(text, title: title).result
  }

  /// The result, why each piece of topic evidence counted and how each quote's speaker
  /// was chosen (`feedwatch extract --explain`).
  public func explain(_ text: String, title: String? = nil) -> (
    result: ExtractionResult, topics: [TopicExplanation], quotes: [QuoteExplanation]
  ) {
    run(text, title: title)
  }

  private func run(_ text: String, title: String?) -> (
    result: ExtractionResult, topics: [TopicExplanation], quotes: [QuoteExplanation]
  ) {
    let analysed = title.map { $0 + "\n\n" + text } ?? text
    let tokens = Tokenizer.tokenize(analysed)
    var words: [String] = []
    var classes: [WordClass] = []
    words.reserveCapacity(tokens.tokens.count)
    classes.reserveCapacity(tokens.tokens.count)
    for index in tokens.tokens.indices {
      let lookup = WordClass.lookup(
        tokens.foldedBytes(index), capitalised: tokens.tokens[index].isCapitalized)
      words.append(lookup.word)
      classes.append(lookup.classes)
    }
    let sentences = SentenceSplitter.split(tokens)
    let sentenceOfToken = SentenceIndex.sentenceOfTokens(tokens, sentences)
    let nameStream = MatchStream(tokens, mode: .names)
    let gazetteer = BuiltinData.gazetteerMatcher
    let recognizer = EntityRecognizer(
      text: tokens, words: words, classes: classes, nameStream: nameStream, sentences: sentences,
      sentenceOfToken: sentenceOfToken,
      watchNames: watchMatcher.names, gazetteerNames: gazetteer.names,
      gazetteerLinks: gazetteerLinks
    )
    let watchHits = watchMatcher.matches(in: tokens, stream: nameStream)
    let gazetteerHits = gazetteer.matches(in: tokens, stream: nameStream)
    let analysis = recognizer.recognise(watchHits: watchHits, gazetteerHits: gazetteerHits)
    // Names are context for topics ("pull out of Syria"), so entities come first. Only
    // known names count: a guess from capitals ("from Shadow IT") is no place.
    var known = [Bool](repeating: false, count: tokens.tokens.count)
    for hit in watchHits { known[hit.firstToken] = true }
    for hit in gazetteerHits { known[hit.firstToken] = true }
    let names = analysis.mentions.filter { mention in
      (mention.firstToken...mention.lastToken).contains { known[$0] }
    }.map {
      TopicMatcher.NamedSpan(
        first: $0.firstToken, last: $0.lastToken, type: analysis.entities[$0.entity].type)
    }
    let wordStream = MatchStream(tokens, mode: .words)
    let headline = Extractor.headline(of: tokens.scalars, title: title)
    let topicResult = topicMatcher.match(
      tokens, stream: wordStream, sentences: sentences, sentenceOfToken: sentenceOfToken,
      names: names, headline: headline)
    let attributed = QuoteAttributor(
      text: tokens, words: words, classes: classes, sentences: sentences, analysis: analysis
    )
    .attributeExplained(
      QuoteFinder.find(tokens.scalars, headline: headline), topics: topicResult.topics)
    let quotes = attributed.map(\.quote)
    let quantities = QuantityFinder(
      text: tokens, words: words, classes: classes, sentences: sentences
    ).find()
    let result = ExtractionResult(
      text: analysed, sentences: sentences, entities: analysis.entities, quotes: quotes,
      quantities: quantities, topics: topicResult.topics, keywords: topicResult.keywords)
    return (result, topicResult.explanations, attributed.map(\.explanation))
  }

  /// The title, or a first line short enough and unpunctuated enough to be one.
  private static func headline(of scalars: [Unicode.Scalar], title: String?) -> TextSpan? {
    if let title { return TextSpan(start: 0, end: title.unicodeScalars.count) }
    guard let newline = scalars.firstIndex(where: CharacterClasses.isNewline), newline < 200,
      newline > 0,
      scalars[newline - 1] != "."
    else { return nil }
    return TextSpan(start: 0, end: newline)
  }
}
