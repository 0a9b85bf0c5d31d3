import CZlib

#if canImport(Glibc)
  import Glibc
#endif

/// A file of the alert log that cannot be read, in one sentence.
public struct AlertLogReadError: Error, Sendable, CustomStringConvertible, Equatable {
  public var path: String
  public var reason: String

  public var description: String { "cannot read \(path): \(reason)" }
}

extension AlertLogRotations.File {
  /// The file's whole lines, decompressed. A last line without its newline (a copy cut short)
  /// is kept: decoding it is what tells whether it is an alert.
  public func lines() throws(AlertLogReadError) -> [String] {
    let bytes = try contents()
    return bytes.split(separator: UInt8(ascii: "\n")).map { String(decoding: $0, as: UTF8.self) }
  }

  /// The bytes, through zlib, which reads a plain file as it is and a gzip file (every member,
  /// as `gzip -d` does) decompressed.
  func contents() throws(AlertLogReadError) -> [UInt8] {
    guard let file = gzopen(path, "rb") else {
      throw AlertLogReadError(path: path, reason: String(cString: strerror(errno)))
    }
    defer { gzclose(file) }
    _ = gzbuffer(file, 1 << 17)
    var result: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buffer.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
      if n < 0 {
        var code: Int32 = 0
        let message = gzerror(file, &code).map { String(cString: $0) } ?? "zlib error \(code)"
        throw AlertLogReadError(path: path, reason: message)
      }
      if n == 0 { break }
      result += buffer.prefix(Int(n))
      if compression == .gzip, gzdirect(file) == 1 {
        throw AlertLogReadError(path: path, reason: "named .gz but not gzip-compressed")
      }
    }
    // zlib reports a gzip stream cut short only through gzerror once reading stops.
    var code: Int32 = Z_OK
    let message = gzerror(file, &code)
    if code != Z_OK && code != Z_STREAM_END {
      throw AlertLogReadError(
        path: path, reason: message.map { String(cString: $0) } ?? "zlib error \(code)")
    }
    return result
  }
}
