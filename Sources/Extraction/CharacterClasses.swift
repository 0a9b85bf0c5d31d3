/// Fast character classification on Unicode scalars, with ASCII fast paths.
enum CharacterClasses {
  static func isLetter(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v < 0x80 { return (v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A }
    return s.properties.isAlphabetic
  }

  static func isDigit(_ s: Unicode.Scalar) -> Bool {
    s.value >= 0x30 && s.value <= 0x39
  }

  static func isWordCharacter(_ s: Unicode.Scalar) -> Bool {
    isDigit(s) || isLetter(s)
  }

  static func isUppercase(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v < 0x80 { return v >= 0x41 && v <= 0x5A }
    return s.properties.isUppercase
  }

  static func isLowercase(_ s: Unicode.Scalar) -> Bool {
    let v = s.value
    if v < 0x80 { return v >= 0x61 && v <= 0x7A }
    return s.properties.isLowercase
  }

  /// Apostrophes and the ayn/hamza marks used in Arabic transliteration ("Kata'ib").
  static func isApostrophe(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x27, 0x2019, 0x2018, 0x02BC, 0x02BE, 0x02BF, 0x60, 0xB4: return true
    default: return false
    }
  }

  static func isHyphen(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x2D, 0x2010, 0x2011, 0x2012, 0x2013: return true
    default: return false
    }
  }

  static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0xA0, 0x2028, 0x2029, 0x202F, 0x2009, 0x200A,
      0x2002, 0x2003:
      return true
    default: return false
    }
  }

  static func isQuoteMark(_ s: Unicode.Scalar) -> Bool {
    switch s.value {
    case 0x22, 0x201C, 0x201D, 0x201E, 0x00AB, 0x00BB: return true
    default: return false
    }
  }

  static func isNewline(_ s: Unicode.Scalar) -> Bool {
    s.value == 0x0A || s.value == 0x0D || s.value == 0x2029
  }
}
