/// Rows of cells printed in aligned columns, two spaces apart; the last column is not padded.
struct TextTable {
  var rows: [[String]] = []

  mutating func add(_ cells: [String]) { rows.append(cells) }

  /// The rows as lines, each column as wide as its widest cell.
  var lines: [String] {
    let columns = rows.map(\.count).max() ?? 0
    let widths = (0..<columns).map { column in
      rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
    }
    return rows.map { row in
      row.enumerated().map { column, cell in
        column == row.count - 1
          ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
      }.joined(separator: "  ")
    }
  }
}
