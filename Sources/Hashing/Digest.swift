import CCrypto

/// SHA-256 and HMAC-SHA256 from the system's libcrypto.
public enum Digest {
  public static func sha256Hex(_ text: String) -> String {
    var bytes = Array(text.utf8)
    var out = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
    _ = SHA256(&bytes, bytes.count, &out)
    return hex(out)
  }

  public static func hmacSHA256Hex(key: String, message: [UInt8]) -> String {
    let keyBytes = Array(key.utf8)
    var out = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    _ = HMAC(EVP_sha256(), keyBytes, Int32(keyBytes.count), message, message.count, &out, &length)
    return hex(Array(out.prefix(Int(length))))
  }

  static func hex(_ bytes: [UInt8]) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var chars: [UInt8] = []
    chars.reserveCapacity(bytes.count * 2)
    for byte in bytes {
      chars.append(digits[Int(byte >> 4)])
      chars.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: chars, as: UTF8.self)
  }
}
