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
    // System libraries (Debian: libcurl4-openssl-dev, libxml2-dev, libsqlite3-dev).
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

    .systemLibrary(
      name: "CCrypto", pkgConfig: "libcrypto",
      providers: [.apt(["libssl-dev"])]),

    .target(name: "Extraction", resources: [.process("Resources")]),
    .target(name: "FeedParser", dependencies: ["CLibXML2"]),
    .target(
      name: "Fetcher",
      dependencies: ["CCurl", "CEpoll", .product(name: "Logging", package: "swift-log")]),
    .target(name: "Store", dependencies: ["CSQLite"]),
    .target(
      name: "Watch",
      dependencies: [
        "Extraction", "FeedParser", "CCrypto",
        .product(name: "Logging", package: "swift-log"),
      ]),
    .target(
      name: "Daemon",
      dependencies: [
        "Extraction", "FeedParser", "Fetcher", "Store", "Watch", "CCurl",
        .product(name: "Logging", package: "swift-log"),
      ]),
    .executableTarget(
      name: "feedwatch",
      dependencies: [
        "Daemon", .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Benchmark programs: each prints its figures next to a baseline measured in the same run.
    .executableTarget(
      name: "ParserBenchmark", dependencies: ["FeedParser", "CLibXML2"],
      path: "Benchmarks/ParserBenchmark"),
    .executableTarget(
      name: "ExtractionBenchmark", dependencies: ["Extraction"],
      path: "Benchmarks/ExtractionBenchmark"),
    .executableTarget(
      name: "FetchBenchmark",
      dependencies: ["Fetcher", .product(name: "Logging", package: "swift-log")],
      path: "Benchmarks/FetchBenchmark"),
    .executableTarget(
      name: "StoryPrecision", dependencies: ["Watch"], path: "Benchmarks/StoryPrecision",
      exclude: ["build_evaluation_set.py"]),

    // Open-web rule precision: the harness program and the labelled corpus test share PrecisionKit.
    .target(
      name: "PrecisionKit", dependencies: ["Watch", "FeedParser"], path: "Benchmarks/PrecisionKit"),
    .executableTarget(
      name: "PrecisionHarness", dependencies: ["PrecisionKit"], path: "Benchmarks/PrecisionHarness"),

    // A small HTTP/1.1 server on 127.0.0.1 for the tests (no network beyond loopback).
    .target(name: "TestHTTPServer", path: "Tests/TestHTTPServer"),

    .testTarget(
      name: "ExtractionTests", dependencies: ["Extraction"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "FeedParserTests", dependencies: ["FeedParser"], resources: [.copy("Fixtures")]),
    .testTarget(name: "FetcherTests", dependencies: ["Fetcher", "TestHTTPServer"]),
    .testTarget(name: "StoreTests", dependencies: ["Store"]),
    .testTarget(
      name: "PrecisionTests", dependencies: ["PrecisionKit"], resources: [.copy("Corpus")]),
    .testTarget(name: "WatchTests", dependencies: ["Watch"], resources: [.copy("Fixtures")]),
    .testTarget(
      name: "DaemonTests",
      dependencies: [
        "Daemon", "Watch", "Store", "TestHTTPServer",
        .product(name: "Logging", package: "swift-log"),
      ],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "HardeningTests",
      dependencies: [
        "Daemon", "FeedParser", "Extraction", "Watch", "TestHTTPServer",
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
    ("FuzzConfigLoader", ["Daemon"]),
  ]
  for (name, dependencies) in fuzzed {
    package.targets.append(
      .executableTarget(
        name: name, dependencies: ["FuzzDriver"] + dependencies, path: "Fuzz/\(name)",
        // No Swift `main`: FuzzDriver's <target>_main hands the process to libFuzzer.
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
  }
}
