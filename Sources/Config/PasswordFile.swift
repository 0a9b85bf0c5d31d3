#if canImport(FoundationEssentials)
  import FoundationEssentials
#else
  import Foundation
#endif

/// A file that holds a password (`store.passwordFile`, an e-mail sink's `passwordFile`): its
/// first line, without the line ending, is the password. Nil when the file cannot be read;
/// each caller words the error for the key that named the file.
public enum PasswordFile {
  public static func firstLine(of path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let text = String(decoding: data, as: UTF8.self)
    return String(text.prefix { $0 != "\n" && $0 != "\r" && $0 != "\r\n" })
  }
}
