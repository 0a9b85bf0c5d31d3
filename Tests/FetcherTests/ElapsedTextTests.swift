import Fetcher
import Testing

/// Fetch times in log lines, as a person writes them.
@Suite struct ElapsedTextTests {
  @Test(arguments: [
    (0.000_075, "75µs"), (0.000_9994, "999µs"), (0.0012, "1ms"), (0.34, "340ms"), (0.9996, "1s"),
    (1.2, "1.2s"), (3.0, "3s"), (9.96, "10s"), (42.4, "42s"), (125, "2m05s"), (3725, "1h02m"),
  ])
  func formats(seconds: Double, text: String) {
    #expect(ElapsedText.format(seconds) == text)
  }
}
