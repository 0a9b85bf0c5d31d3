import CCrypto

/// SHA-256 and HMAC-SHA256 from the system's libcrypto.
public enum Digest {
  /// SHA-256 fetched from the default provider once. `SHA256()` fetches it again on every
  /// call, which costs several times the hashing of a short text; a fetched digest is
  /// immutable and safe to share between threads.
  nonisolated(unsafe) private static let sha256 = EVP_MD_fetch(nil, "SHA256", nil) ?? EVP_sha256()

  public static func sha256Hex(_ text: String) -> String {
    var text = text
    return text.withUTF8 { sha256Hex(bytes: UnsafeRawBufferPointer($0)) }
  }

  public static func sha256Hex(bytes: UnsafeRawBufferPointer) -> String {
    var out = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
    return withUnsafeMutableBytes(of: &out) { digest in
      let bound = digest.bindMemory(to: UInt8.self)
      var length: UInt32 = 0
      _ = EVP_Digest(bytes.baseAddress, bytes.count, bound.baseAddress, &length, sha256, nil)
      return hex(UnsafeBufferPointer(bound))
    }
  }

  public static func hmacSHA256Hex(key: String, message: [UInt8]) -> String {
    let keyBytes = Array(key.utf8)
    var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    _ = HMAC(EVP_sha256(), keyBytes, Int32(keyBytes.count), message, message.count, &out, &length)
    return hex(Array(out.prefix(Int(length))))
  }

  static func hex(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBufferPointer(hex)
  }

  static func hex(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    String(unsafeUninitializedCapacity: bytes.count * 2) { chars in
      for (position, byte) in bytes.enumerated() {
        chars[2 * position] = hexDigit(byte >> 4)
        chars[2 * position + 1] = hexDigit(byte & 0x0f)
      }
      return bytes.count * 2
    }
  }

  private static func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
  }
}
