import Foundation  // exit, String(format:)
// Alerts per 1,000 items of the open-web rules (one per built-in topic, plus faction:*)
// over feeds, article pages and labelled corpus files, next to a keyword regex on the
// same items; precision and recall where the items are labelled.
//
//   swift run PrecisionHarness [--evidence] PATH...
//   swift run PrecisionHarness ../shared/realfeeds ../shared/article-pages/pages
//   swift run PrecisionHarness Tests/PrecisionTests/Corpus
import PrecisionKit

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.isEmpty || arguments.contains("--help") {
  print(
    """
    usage: PrecisionHarness [--evidence] PATH...
      PATH: a feed file, a labelled corpus .txt file, an article page directory
      (expected.html), or a directory of these. --evidence prints every alert's words
      and sentence.
    """)
  exit(arguments.isEmpty ? 1 : 0)
}
let showEvidence = arguments.contains("--evidence")
var run = try PrecisionRun()
for path in arguments where !path.hasPrefix("--") {
  for item in try ItemSources.items(at: path) { run.add(item) }
}

let itemCount = run.items
func perThousand(_ count: Int) -> String {
  String(format: "%7.1f", itemCount == 0 ? 0 : Double(count) * 1000 / Double(itemCount))
}
print("\(run.items) items")
print("rule                alerts  per 1,000   regex  per 1,000   precision  recall")
for tally in run.tallies {
  let baseline = tally.rule == "faction:*" ? "      —" : String(format: "%7d", tally.baselineAlerts)
  let baselineRate =
    tally.rule == "faction:*" ? "        —" : "  " + perThousand(tally.baselineAlerts)
  let labelled = tally.truePositives + tally.falsePositives.count + tally.missed.count > 0
  let scores =
    labelled ? String(format: "   %9.3f  %6.3f", tally.precision, tally.recall) : ""
  print(
    tally.rule.padding(toLength: 18, withPad: " ", startingAt: 0)
      + String(format: "%8d", tally.alerts.count) + "    " + perThousand(tally.alerts.count)
      + baseline + baselineRate + scores)
}
for tally in run.tallies {
  for name in tally.falsePositives { print("false alarm  \(tally.rule)  \(name)") }
  for name in tally.missed { print("missed       \(tally.rule)  \(name)") }
}
if showEvidence {
  for tally in run.tallies {
    for alert in tally.alerts {
      let evidence = alert.evidence.replacingOccurrences(of: "\n", with: " ").prefix(160)
      print("\(tally.rule)  \(alert.item)  [\(alert.matched.joined(separator: ", "))]  \(evidence)")
    }
  }
}
