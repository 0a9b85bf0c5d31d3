import Hashing
import Store
import Watch

#if canImport(FoundationEssentials)
  package import FoundationEssentials
#else
  package import Foundation
#endif

/// The alert `feedwatch sinks test` sends: shaped like every alert (so a receiver's parsing is
/// tried too), plainly a test in its rule, feed and title, and never stored in the outbox.
package enum SampleAlert {
  package static let rule = "feedwatch-test"

  package static func make(at time: Date = Date()) -> PendingAlert {
    let seconds = time.timeIntervalSince1970.rounded(.down)
    let stamp = Date(timeIntervalSince1970: seconds).formatted(.iso8601)
    // Unique per test, so a receiver that drops repeats by id still shows each test.
    let id = String(
      Digest.sha256Hex("feedwatch-test\u{0}\(seconds)\u{0}\(UInt64.random(in: 0...UInt64.max))")
        .prefix(32))
    let json = """
      {"entities":[],"feed":{"name":"feedwatch","tags":["test"],"url":"feedwatch:test"},\
      "id":"\(id)","item":{"key":"test:\(id)","link":"https://github.com/feedwatch/feedwatch",\
      "published":"\(stamp)","title":"feedwatch test alert: this sink works"},\
      "matches":[{"kind":"keyword","term":"test","text":"A test alert sent by feedwatch sinks test."}],\
      "quotes":[],"rule":"\(rule)","severity":"info","time":"\(stamp)","v":1}
      """
    return PendingAlert(
      OutboxAlert(id: id, created: time, rule: rule, feedKey: "feedwatch:test", json: json))
  }
}
