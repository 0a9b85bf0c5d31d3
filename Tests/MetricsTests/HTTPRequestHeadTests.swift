import Testing

@testable import MetricsServer

@Suite struct HTTPRequestHeadTests {
  func parse(_ text: String) -> HTTPRequestHead.Parse { HTTPRequestHead.parse(Array(text.utf8)) }

  @Test func readsTheRequestLine() {
    #expect(
      parse("GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n")
        == .complete(HTTPRequestHead(method: "GET", path: "/metrics")))
    #expect(
      parse("HEAD /readyz?verbose=1 HTTP/1.0\n\n")
        == .complete(HTTPRequestHead(method: "HEAD", path: "/readyz")))
  }

  @Test func waitsForTheBlankLine() {
    #expect(parse("GET /metrics HTTP/1.1\r\nHost: x\r\n") == .incomplete)
    #expect(parse("GET /met") == .incomplete)
  }

  @Test func refusesWhatIsNotHTTP1() {
    #expect(parse("hello\r\n\r\n") == .malformed)
    #expect(parse("GET /metrics HTTP/2.0\r\n\r\n") == .malformed)
    #expect(parse("GET metrics HTTP/1.1\r\n\r\n") == .malformed)
    #expect(parse("GET  /metrics HTTP/1.1\r\n\r\n") == .malformed)
    #expect(parse("G(T /metrics HTTP/1.1\r\n\r\n") == .malformed)
  }
}

@Suite struct ListenAddressTests {
  @Test func readsIPv4AndIPv6() throws {
    let v4 = try #require(ListenAddress("127.0.0.1:9464"))
    #expect(v4.family == .ipv4 && v4.port == 9464 && v4.isLoopback)
    let v6 = try #require(ListenAddress("[::1]:9464"))
    #expect(v6.family == .ipv6 && v6.host == "::1" && v6.isLoopback)
    #expect(v6.description == "[::1]:9464")
    #expect(ListenAddress("0.0.0.0:9464")?.isLoopback == false)
    #expect(ListenAddress("127.0.0.1:0")?.port == 0)
  }

  @Test func refusesNamesAndBadPorts() {
    for text in [
      "localhost:9464", "127.0.0.1", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:+80", "::1:9464",
      "[::1]9464", "[::1]", "[127.0.0.1]:80", "127.0.0.1:80 ", "",
    ] {
      #expect(ListenAddress(text) == nil, "\(text)")
    }
  }
}
