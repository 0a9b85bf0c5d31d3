import Foundation
import MetricsServer
import Testing

@testable import Config

@Suite struct MetricsConfigTests {
  func load(_ metrics: String) throws(ConfigError) -> Config {
    let json = #"{"feeds": [{"url": "https://example.org/rss"}], "metrics": \#(metrics)}"#
    return try ConfigLoader.parse(Data(json.utf8), file: "/etc/feedwatch/config.json")
  }

  @Test func offUnlessConfigured() throws {
    let config = try ConfigLoader.parse(
      Data(#"{"feeds": [{"url": "https://example.org/rss"}]}"#.utf8), file: "/c.json")
    #expect(config.metrics == nil)
  }

  @Test func readsTheListenAddress() throws {
    #expect(try load(#"{"listen": "127.0.0.1:9464"}"#).metrics?.listen.port == 9464)
    let v6 = try load(#"{"listen": "[::1]:9100"}"#)
    #expect(v6.metrics?.listen.description == "[::1]:9100")
    #expect(v6.warnings.isEmpty)
  }

  @Test func warnsOfAnAddressOthersCanReach() throws {
    let config = try load(#"{"listen": "0.0.0.0:9464"}"#)
    #expect(config.warnings.map(\.field) == ["metrics.listen"])
  }

  @Test func errorsNameTheFieldAndTheFix() {
    #expect(throws: ConfigError.self) { try load(#"{"listen": "localhost:9464"}"#) }
    do {
      _ = try load(#"{"listen": "localhost:9464"}"#)
    } catch {
      #expect(error.field == "metrics.listen")
      #expect(error.message.contains("127.0.0.1:9464"))
    }
    do {
      _ = try load(#"{"port": 9464}"#)
    } catch {
      #expect(error.field == "metrics.port")
    }
    do {
      _ = try load(#"{}"#)
    } catch {
      #expect(error.field == "metrics.listen")
    }
  }
}
