/// Readability's guess of which tables hold data (kept whole) rather than lay the page out.
extension PageTree {
  mutating func markDataTables() {
    for table in 0..<Int32(count) where self[table].tag == .table && isDataTable(table) {
      insertFlags(.dataTable, into: table)
    }
  }

  private func isDataTable(_ table: Int32) -> Bool {
    let flags = self[table].flags
    if flags.contains(.layoutTable) { return false }
    if flags.contains(.summarizedTable) { return true }
    var rows = 0
    var columns = 0
    var node = self[table].firstChild
    while node >= 0 {
      switch self[node].tag {
      case .caption, .colgroup, .col, .tfoot, .thead, .th: return true
      case .table: return false
      case .tr:
        rows += 1
        var cells = 0
        var cell = self[node].firstChild
        while cell >= 0 {
          if self[cell].tag == .td || self[cell].tag == .th { cells += 1 }
          cell = self[cell].next
        }
        columns = max(columns, cells)
      default: break
      }
      node = following(node, within: table)
    }
    return rows >= 10 || columns > 4 || rows * columns > 10
  }
}
