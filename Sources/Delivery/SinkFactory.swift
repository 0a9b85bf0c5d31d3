package import Config
package import Fetcher
package import Logging

/// The sinks a config names, each ready to deliver (a jsonl sink's file is open).
package enum SinkFactory {
  /// Webhooks post through `fetcher`, which the caller shuts down after delivery stops.
  package static func sinks(for config: Config, fetcher: Fetcher, logger: Logger) throws
    -> [any AlertSink]
  {
    try config.sinks.map { sink throws -> any AlertSink in
      let name = sink.storeName
      switch sink {
      case .jsonl(let path, let rules):
        let log = AlertLog(path: path)
        try log.reopen()
        return JSONLSink(name: name, log: log, rules: rules.map(Set.init))
      case .journal(let rules):
        return JournalSink(name: name, rules: rules.map(Set.init), logger: logger)
      case .webhook(let url, let secret, let headers, let format, let timeout, let rules):
        return WebhookSink(
          name: name, url: url, secret: secret,
          headers: headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
          format: format, timeout: timeout,
          rules: rules.map(Set.init), fetcher: fetcher)
      case .exec(let command, let timeout, let rules):
        return ExecSink(name: name, command: command, timeout: timeout, rules: rules.map(Set.init))
      }
    }
  }
}
