import Synchronization

/// The families one process exposes, in the order they were registered, and the work to do
/// just before a scrape reads them (gauges read from elsewhere, such as the store).
public final class MetricsRegistry: Sendable {
  private let families = Mutex<[any MetricFamily]>([])
  private let refreshers = Mutex<[@Sendable () -> Void]>([])

  public init() {}

  /// Adds a family; a second family of the same name is a programming error.
  @discardableResult
  public func register<Family: MetricFamily>(_ family: Family) -> Family {
    families.withLock { families in
      precondition(!families.contains { $0.name == family.name }, "\(family.name) twice")
      families.append(family)
    }
    return family
  }

  /// `refresh` runs before every scrape, on the scraping thread.
  public func beforeScrape(_ refresh: @escaping @Sendable () -> Void) {
    refreshers.withLock { $0.append(refresh) }
  }

  /// Runs the refreshers, then renders every family in the text exposition format.
  public func scrape() -> String {
    for refresh in refreshers.withLock({ $0 }) { refresh() }
    return TextExposition.render(families.withLock { $0 })
  }
}
