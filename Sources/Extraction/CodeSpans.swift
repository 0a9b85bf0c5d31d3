/// Tells words of code or markup from words of prose: "attack" in `player.attack()`,
/// `<strike>`, `pull_request` or `--force` is an identifier, not a topic term.
enum CodeSpans {
  /// Whether token `index` touches a character only code or markup puts against a word.
  static func isCode(_ text: TokenizedText, token index: Int) -> Bool {
    let token = text.tokens[index]
    let scalars = text.scalars
    if token.start > 0 {
      switch scalars[token.start - 1] {
      case "_", "<", "/", "\\", "$", "#", "@", "{", "[", "=", "`", "|", "~", "^", "*", ":":
        if scalars[token.start - 1] != ":" || token.start < 2 || scalars[token.start - 2] == ":" {
          return true
        }
      case ".":
        // "foo.attack": a member; ". Attack" or "...attack" is prose.
        if token.start > 1, CharacterClasses.isWordCharacter(scalars[token.start - 2]),
          !text.tokens[index].isCapitalized
        {
          return true
        }
      case "-":
        if token.start > 1, scalars[token.start - 2] == "-" { return true }  // --force
      default: break
      }
    }
    if token.end < scalars.count {
      switch scalars[token.end] {
      case "_", ">", "(", "=", "{", "[", "`", "\\":
        return true
      case ".", ":", "/":
        // "attack.js", "strike::", "pull/123": followed by more of an identifier.
        if token.end + 1 < scalars.count {
          let next = scalars[token.end + 1]
          if CharacterClasses.isLowercase(next) || next == ":" || CharacterClasses.isDigit(next) {
            return !(scalars[token.end] == "." && CharacterClasses.isDigit(next))
          }
        }
      default: break
      }
    }
    return false
  }
}
