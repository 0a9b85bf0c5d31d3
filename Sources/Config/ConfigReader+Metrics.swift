import FeedParser
import MetricsServer

extension ConfigReader {
  /// `"metrics": { "listen": "127.0.0.1:9464" }`: off without the key.
  mutating func readMetrics(_ value: JSONValue?) throws(ConfigError) -> MetricsSettings? {
    guard let value else { return nil }
    let dict = try object(value, "metrics", allowed: ["listen"])
    guard let text = try nonEmptyString(dict["listen"], "metrics.listen") else {
      throw fail(
        "metrics.listen", "the endpoint needs an address to listen on, e.g. \"127.0.0.1:9464\"")
    }
    guard let address = ListenAddress(text) else {
      throw fail(
        "metrics.listen",
        "\"\(text)\" is not an IP address and port; write e.g. \"127.0.0.1:9464\" or "
          + "\"[::1]:9464\" (a host name is not taken: the address decides who can connect)")
    }
    if !address.isLoopback {
      warnings.append(
        ConfigWarning(
          field: "metrics.listen",
          message:
            "\(address) is reachable from other machines and the endpoint has no authentication; "
            + "listen on 127.0.0.1 or [::1] unless a firewall limits who connects"))
    }
    return MetricsSettings(listen: address)
  }
}
