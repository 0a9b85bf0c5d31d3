import Testing

@testable import Fetcher

@Suite struct AdmissionQueueTests {
  private func filled(_ hosts: [String]) -> AdmissionQueue {
    var queue = AdmissionQueue()
    for (index, host) in hosts.enumerated() {
      queue.append(request("http://\(host)/\(index)"), host: host, RecordingHandler())
    }
    return queue
  }

  @Test func handsOutRequestsInArrivalOrderAcrossHosts() {
    var queue = filled(["a", "b", "a", "c", "b", "a"])
    var order: [String] = []
    while let entry = queue.next(where: { _ in true }) { order.append(entry.request.url) }
    #expect(
      order == ["http://a/0", "http://b/1", "http://a/2", "http://c/3", "http://b/4", "http://a/5"])
    #expect(queue.count == 0)
  }

  @Test func aBlockedHostIsPassedOverAndKeepsItsPlace() {
    var queue = filled(["a", "a", "b", "c", "a"])
    let first = queue.next(where: { $0 != "a" })
    let second = queue.next(where: { $0 != "a" })
    #expect(first?.request.url == "http://b/2")
    #expect(second?.request.url == "http://c/3")
    #expect(queue.next(where: { $0 != "a" }) == nil)
    #expect(queue.count == 3)
    // Once "a" may start again, its requests come out oldest first.
    var rest: [String] = []
    while let entry = queue.next(where: { _ in true }) { rest.append(entry.request.url) }
    #expect(rest == ["http://a/0", "http://a/1", "http://a/4"])
  }

  @Test func requestsAddedLaterQueueBehindEarlierOnes() {
    var queue = filled(["a", "b"])
    _ = queue.next(where: { _ in true })
    queue.append(request("http://a/late"), host: "a", RecordingHandler())
    #expect(queue.next(where: { _ in true })?.request.url == "http://b/1")
    #expect(queue.next(where: { _ in true })?.request.url == "http://a/late")
  }

  @Test func aHostCanBeServedAheadOfItsTurnWithoutDisturbingTheOthers() {
    var queue = filled(["a", "b", "a", "c", "a"])
    #expect(queue.next(from: "a")?.request.url == "http://a/0")
    #expect(queue.next(from: "a")?.request.url == "http://a/2")
    #expect(queue.next(from: "d") == nil)
    #expect(queue.count == 3)
    var rest: [String] = []
    while let entry = queue.next(where: { _ in true }) { rest.append(entry.request.url) }
    #expect(rest == ["http://b/1", "http://c/3", "http://a/4"])
    #expect(queue.next(from: "a") == nil)
  }

  @Test func removeAllReturnsEveryWaitingHandlerInArrivalOrder() {
    var queue = AdmissionQueue()
    let handlers = (0..<5).map { _ in RecordingHandler() }
    for (index, host) in ["x", "y", "x", "z", "y"].enumerated() {
      queue.append(request("http://\(host)/"), host: host, handlers[index])
    }
    _ = queue.next(where: { $0 == "y" })
    let removed = queue.removeAll()
    #expect(
      removed.map { ObjectIdentifier($0) } == [0, 2, 3, 4].map { ObjectIdentifier(handlers[$0]) })
    #expect(queue.count == 0)
    #expect(queue.next(where: { _ in true }) == nil)
  }
}
