// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "feedwatch",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "feedwatch", targets: ["feedwatch"]),
    // The extraction core, usable on its own: text in, entities/quotes/quantities/topics out.
    .library(name: "Extraction", targets: ["Extraction"]),
    .library(name: "FeedParser", targets: ["FeedParser"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
  ],
  targets: [
    // System libraries (Debian: libcurl4-openssl-dev, libxml2-dev, libsqlite3-dev, libssl-dev,
    // zlib1g-dev).
    .systemLibrary(
      name: "CCurl", pkgConfig: "libcurl",
      providers: [.apt(["libcurl4-openssl-dev"])]),
    // Linux's epoll, from the C library.
    .systemLibrary(name: "CEpoll"),
    .systemLibrary(
      name: "CLibXML2", pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]),
    .systemLibrary(
      name: "CSQLite", pkgConfig: "sqlite3",
      providers: [.apt(["libsqlite3-dev"])]),

    // libpq, PostgreSQL's own client library (Debian: libpq-dev).
    .systemLibrary(
      name: "CLibPQ", pkgConfig: "libpq",
      providers: [.apt(["libpq-dev"])]),

    .systemLibrary(
      name: "CCrypto", pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]),
    // gzip, for reading the alert log's rotations that logrotate compressed.
    .systemLibrary(
      name: "CZlib", pkgConfig: "zlib",
      providers: [.apt(["zlib1g-dev"])]),

    .target(name: "Extraction", resources: [.process("Resources")]),
    // The one whitespace trim every layer uses.
    .target(name: "TextTrimming"),
    .target(name: "FeedParser", dependencies: ["CLibXML2", "TextTrimming"]),
    // feedparser's result shape, for `feedwatch parse --format feedparser` and the
    // conformance suite only: the daemon's targets never link it.
    .target(name: "FeedparserCompat", dependencies: ["FeedParser", "TextTrimming"]),
    // HTML page → the article's text and metadata; pure (no I/O), libxml2's HTML push parser.
    .target(name: "Article", dependencies: ["CLibXML2"]),
    .target(
      name: "Fetcher",
      dependencies: [
        "CCurl", "CEpoll", "TextTrimming", .product(name: "Logging", package: "swift-log"),
      ]),
    // A small synchronous PostgreSQL client over libpq: prepared statements, bound values.
    .target(name: "PostgresClient", dependencies: ["CLibPQ"]),
    // The metric registry and its text exposition; every daemon module records into it.
    .target(name: "Metrics", dependencies: ["Hashing"]),
    // The HTTP endpoint for Prometheus and health checks, on Dispatch sockets.
    .target(name: "MetricsServer", dependencies: ["Metrics"]),
    // SHA-256 and HMAC-SHA256 from libcrypto: item keys, alert ids, sink ids, webhook signatures.
    .target(name: "Hashing", dependencies: ["CCrypto"]),
    .target(name: "Store", dependencies: ["CSQLite", "Hashing", "Metrics", "PostgresClient"]),
    .target(
      name: "Watch",
      dependencies: [
        "Extraction", "FeedParser", "Hashing", "TextTrimming",
      ]),
    // Feed lists: OPML and plain lists of URLs read into feeds, and OPML written from them.
    .target(name: "FeedLists", dependencies: ["CLibXML2", "FeedParser", "TextTrimming"]),
    // The config file: reading, validating and the typed `Config` it gives.
    .target(
      name: "Config",
      dependencies: [
        "Extraction", "FeedLists", "FeedParser", "Fetcher", "MetricsServer", "TextTrimming",
        "Watch",
      ]),
    // Alert delivery: the outbox's sinks (jsonl, journal, webhook through the Fetcher, exec).
    .target(
      name: "Delivery",
      dependencies: [
        "CZlib", "Config", "FeedParser", "Fetcher", "Hashing", "Metrics", "Store", "TextTrimming",
        "Watch",
        .product(name: "Logging", package: "swift-log"),
      ]),
    // One feed's poll: fetch, parse, match, story check, commit; and the scheduling formula.
    .target(
      name: "Polling",
      dependencies: [
        "Article", "Config", "FeedParser", "Fetcher", "Hashing", "Metrics", "Store", "TextTrimming",
        "Watch", .product(name: "Logging", package: "swift-log"),
      ]),
    // The wiring: the scheduler's lifecycle, signals, sd_notify, the state lock.
    .target(
      name: "Daemon",
      dependencies: [
        "Config", "Delivery", "Fetcher", "Metrics", "MetricsServer", "Polling", "PostgresClient",
        "Store", "TextTrimming", "Watch",
        .product(name: "Logging", package: "swift-log"),
      ]),
    .executableTarget(
      name: "feedwatch",
      dependencies: [
        "Article", "Config", "Daemon", "Delivery", "Extraction", "FeedParser", "FeedparserCompat",
        "FeedLists",
        "Fetcher", "Polling", "Store", "TextTrimming", "Watch",
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Benchmark programs: each prints its figures next to a baseline measured in the same run.
    .executableTarget(
      name: "ParserBenchmark", dependencies: ["FeedParser", "CLibXML2"],
      path: "Benchmarks/ParserBenchmark"),
    .executableTarget(
      name: "ExtractionBenchmark", dependencies: ["Extraction"],
      path: "Benchmarks/ExtractionBenchmark"),
    .executableTarget(
      name: "ArticleBenchmark", dependencies: ["Article", "CLibXML2"],
      path: "Benchmarks/ArticleBenchmark"),
    .executableTarget(
      name: "FetchBenchmark",
      dependencies: ["Fetcher", .product(name: "Logging", package: "swift-log")],
      path: "Benchmarks/FetchBenchmark"),
    .executableTarget(
      name: "FeedListBenchmark", dependencies: ["CLibXML2", "Config", "FeedLists"],
      path: "Benchmarks/FeedListBenchmark"),
    .executableTarget(
      name: "StoryPrecision", dependencies: ["Watch"], path: "Benchmarks/StoryPrecision",
      exclude: ["build_evaluation_set.py"]),

    // Open-web rule precision: the harness program and the labelled corpus test share PrecisionKit.
    .target(
      name: "PrecisionKit", dependencies: ["Extraction", "FeedParser", "TextTrimming", "Watch"],
      path: "Benchmarks/PrecisionKit"),
    .executableTarget(
      name: "PrecisionHarness", dependencies: ["PrecisionKit"], path: "Benchmarks/PrecisionHarness"),

    // The extraction core's figures on an annotated corpus: the scorer program and the
    // corpus floor test share CorpusScoring.
    .target(name: "CorpusScoring", dependencies: ["Extraction"], path: "Benchmarks/CorpusScoring"),
    .executableTarget(
      name: "ExtractionScorer", dependencies: ["CorpusScoring", "Extraction"],
      path: "Benchmarks/ExtractionScorer"),

    // A small HTTP/1.1 server on 127.0.0.1 for the tests (no network beyond loopback).
    .target(name: "TestHTTPServer", path: "Tests/TestHTTPServer"),
    // A private PostgreSQL server for the tests (scripts/test-postgres), one database per test.
    .target(name: "TestPostgres", dependencies: ["PostgresClient"], path: "Tests/TestPostgres"),

    .testTarget(
      name: "ExtractionTests", dependencies: ["Extraction"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "ExtractionCorpusTests", dependencies: ["CorpusScoring", "Extraction"],
      resources: [.copy("AttributionCorpus")]),
    .testTarget(
      name: "FeedParserTests", dependencies: ["FeedParser", "TextTrimming"],
      resources: [.copy("Fixtures")]),
    .testTarget(name: "ArticleTests", dependencies: ["Article"]),
    .testTarget(name: "FeedparserCompatTests", dependencies: ["FeedparserCompat"]),
    .testTarget(name: "ReaderDifferentialTests", dependencies: ["FeedParser", "FeedparserCompat"]),
    .testTarget(
      name: "FetcherTests",
      dependencies: [
        "Fetcher", "TestHTTPServer", .product(name: "Logging", package: "swift-log"),
      ]),
    .testTarget(name: "StoreTests", dependencies: ["PostgresClient", "Store", "TestPostgres"]),
    .testTarget(name: "PostgresClientTests", dependencies: ["PostgresClient", "TestPostgres"]),
    .testTarget(
      name: "PrecisionTests", dependencies: ["PrecisionKit"], resources: [.copy("Corpus")]),
    .testTarget(
      name: "WatchTests", dependencies: ["Extraction", "FeedParser", "TextTrimming", "Watch"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "FeedListsTests", dependencies: ["FeedLists"], resources: [.copy("Fixtures")]),
    .testTarget(name: "ConfigTests", dependencies: ["Config", "Extraction", "Watch"]),
    .testTarget(
      name: "PollingTests", dependencies: ["Config", "FeedParser", "Polling", "Store", "Watch"]),
    .testTarget(
      name: "DaemonTests",
      dependencies: [
        "Config", "Daemon", "Delivery", "Hashing", "Polling", "Watch", "Store", "TestHTTPServer",
        "PostgresClient", "TestPostgres", .product(name: "Logging", package: "swift-log"),
      ],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "MetricsTests",
      dependencies: [
        "Config", "Hashing", "Metrics", "MetricsServer", "Store", "TestHTTPServer", "Watch",
      ]),
    .testTarget(
      name: "HardeningTests",
      dependencies: [
        "Config", "Daemon", "Delivery", "Polling", "FeedParser", "Store", "Watch",
        "TestHTTPServer",
        .product(name: "Logging", package: "swift-log"),
      ]),
  ]
)

// libFuzzer targets: they link only with -sanitize=fuzzer, so they exist only when
// scripts/fuzz sets FEEDWATCH_FUZZ (plain `swift build` and `swift test` never see them).
if Context.environment["FEEDWATCH_FUZZ"] != nil {
  package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"))
  let fuzzed: [(String, [Target.Dependency])] = [
    ("FuzzFeedParser", ["FeedParser"]), ("FuzzHTMLText", ["FeedParser"]),
    ("FuzzExtraction", ["Extraction"]), ("FuzzRuleParser", ["Watch"]),
    ("FuzzConfigLoader", ["Config"]),
  ]
  for (name, dependencies) in fuzzed {
    package.targets.append(
      .executableTarget(
        name: name, dependencies: ["FuzzDriver"] + dependencies, path: "Fuzz/\(name)",
        // No Swift `main`: FuzzDriver's <target>_main hands the process to libFuzzer.
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
  }
}

// The compiler checks imports: a member is visible only from a module the file imports
// itself, and an import is internal unless the file says `public import`.
for target in package.targets where target.type != .system {
  target.swiftSettings =
    (target.swiftSettings ?? []) + [
      .enableUpcomingFeature("MemberImportVisibility"),
      .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}
