import Testing

@testable import Daemon

/// The hosts a node of a cluster holds: feeds start host after host in turn, a host is given
/// back once its feeds are done, and a renewal judges only the hosts claimed before it.
struct HeldHostsTests {
  @Test func feedsStartOneHostAfterAnother() {
    var held = HeldHosts()
    held.add(host: "a", keys: ["a1", "a2", "a3"])
    held.add(host: "b", keys: ["b1"])
    held.add(host: "c", keys: ["c1", "c2"])
    var started: [String] = []
    while let next = held.next() { started.append(next.key) }
    #expect(started == ["a1", "b1", "c1", "a2", "c2", "a3"])
    #expect(held.waitingCount == 0)
  }

  /// Each `finished` is a poll's completion.
  @Test func aHostIsDoneWhenItsLastFeedIs() {
    var held = HeldHosts()
    held.add(host: "a", keys: ["a1", "a2", "a3"])
    _ = held.next()
    _ = held.next()
    let firstDone = held.finished(host: "a")
    #expect(!firstDone, "a2 still polls and a3 is still to start")
    _ = held.next()
    let secondDone = held.finished(host: "a")
    #expect(!secondDone, "a3 still polls")
    let lastDone = held.finished(host: "a")
    #expect(lastDone)
    #expect(held.isEmpty)
    let again = held.finished(host: "a")
    #expect(!again, "a host not held is never released twice")
  }

  @Test func aRenewalJudgesOnlyHostsClaimedBeforeIt() {
    var held = HeldHosts()
    held.add(host: "a", keys: ["a1"])
    held.add(host: "b", keys: ["b1", "b2"])
    let asked = held.claims
    held.add(host: "c", keys: ["c1"])
    // The renewal, asked before c was claimed, saw only a.
    let lost = held.keep(only: ["a"], askedAfter: asked)
    #expect(lost == ["b"])
    #expect(held.hosts == ["a", "c"])
    #expect(held.waitingCount == 2)
    var started: [String] = []
    while let next = held.next() { started.append(next.key) }
    #expect(started == ["a1", "c1"])
  }
}
