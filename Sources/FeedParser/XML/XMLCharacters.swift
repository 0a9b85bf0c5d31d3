/// Whether `value` is a character XML allows in a document (a reference to any other is an error
/// to libxml2 and dropped by its HTML parser).
func isXMLCharacter(_ value: UInt32) -> Bool {
  switch value {
  case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
  default: return false
  }
}

/// XML whitespace (HTML's blanks are the same four bytes).
@inline(__always) func isXMLSpace(_ byte: UInt8) -> Bool {
  byte == 0x20 || byte == 0x0A || byte == 0x09 || byte == 0x0D
}
