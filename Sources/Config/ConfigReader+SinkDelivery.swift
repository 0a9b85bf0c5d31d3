import FeedParser

extension ConfigReader {
  /// The keys every sink type takes for how it receives alerts.
  static let sinkDeliveryKeys = ["group", "digest", "timezone"]

  /// A sink's `group`, `digest` and `timezone` (the digest's zone; the feeds' default zone
  /// when absent), read from its object `dict` at `field`.
  func readSinkDelivery(
    _ dict: [String: JSONValue], kind: Config.Sink.Kind, field: String,
    timeZone defaultZone: FeedTimeZone
  ) throws(ConfigError) -> Config.SinkDelivery {
    var delivery = Config.SinkDelivery.defaults(for: kind)
    let zone = try timeZone(dict["timezone"], "\(field).timezone") ?? defaultZone
    if let text = try string(dict["digest"], "\(field).digest") {
      guard let schedule = DigestSchedule.parse(text, timeZone: zone) else {
        throw fail(
          "\(field).digest",
          "\"\(text)\" is not a digest schedule; write a period such as \"1h\", "
            + "\"daily@08:00\" or \"weekly@mon 08:00\"")
      }
      delivery.digest = schedule
    } else if dict["timezone"] != nil {
      throw fail(
        "\(field).timezone", "a sink's timezone is for its digest; add \"digest\" or remove it")
    }
    if let text = try string(dict["group"], "\(field).group") {
      guard let grouping = Config.SinkDelivery.Grouping(rawValue: text) else {
        throw fail("\(field).group", "\"\(text)\" is not a grouping; use \"item\" or \"none\"")
      }
      if grouping == .item, delivery.digest != nil {
        throw fail(
          "\(field).group",
          "a digest groups its alerts by story already; remove \"group\" or \"digest\"")
      }
      if grouping == .item, case .jsonl = kind {
        throw fail(
          "\(field).group",
          "the alert log keeps one line per alert; \"group\": \"item\" is for webhook, exec and e-mail sinks"
        )
      }
      delivery.grouping = grouping
    }
    if delivery.digest != nil { delivery.grouping = .none }
    return delivery
  }
}
