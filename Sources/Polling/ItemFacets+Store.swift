import Store
import Watch

/// Facets as the store keeps them, with the version that made them.
extension ItemFacets {
  var stored: SeenFacets {
    SeenFacets(version: Self.version, guid: guid, link: link, titleDate: titleDate)
  }

  init(_ stored: SeenFacets) {
    self.init(guid: stored.guid, link: stored.link, titleDate: stored.titleDate)
  }
}
