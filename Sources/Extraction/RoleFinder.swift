/// Roles and affiliations from the words around a mention: a title before a person
/// ("US President Joe Biden", "Nujaba spokesman Nasr al-Shammari" → affiliated with
/// Nujaba) or an appositive after a name ("The Conquest Alliance, the political wing of
/// Iraq's Popular Mobilization Units," → affiliated with the Popular Mobilization Units).
struct RoleFinder {
  let text: TokenizedText
  let words: [String]
  let classes: [WordClass]
  let titles: [Bool]

  private static let ignoredRoles: Set<String> = [
    "brother", "sister", "member", "mr", "mrs", "ms", "dr",
  ]

  func assignRoles(_ analysis: inout EntityAnalysis) {
    let tokens = text.tokens
    var mentionAtToken = [Int](repeating: -1, count: tokens.count)
    for (m, located) in analysis.mentions.enumerated() {
      for k in located.firstToken...located.lastToken { mentionAtToken[k] = m }
    }
    var affiliations: [Int: Int] = [:]
    func addRole(_ entity: Int, _ role: String) {
      guard !RoleFinder.ignoredRoles.contains(role.lowercased()),
        !analysis.entities[entity].roles.contains(role)
      else { return }
      analysis.entities[entity].roles.append(role)
    }
    func isRoleWord(_ k: Int) -> Bool {
      titles[k] || classes[k].contains(.roleWord) || classes[k].contains(.titleHead)
        || (classes[k].contains(.titleModifier) && k + 1 < tokens.count
          && (isRoleHead(k + 1) || classes[k + 1].contains(.titleModifier)))
    }
    func isRoleHead(_ k: Int) -> Bool {
      titles[k] || classes[k].contains(.roleWord) || classes[k].contains(.titleHead)
    }
    for located in analysis.mentions {
      let e = located.entity
      let type = analysis.entities[e].type
      guard type == .PERSON || type == .FACTION || type == .ORG else { continue }
      // A role before a comma: "a senior Hamas commander, Ahmed Ghandour," and
      // "Hamas' armed wing, the Qassam Brigades,".
      var first = located.firstToken
      if first > 0, ["the", "a", "an"].contains(words[first - 1]) { first -= 1 }
      if first > 1, !tokens[first].softBefore,
        text.gap(between: first - 1, and: first, contains: ","),
        mentionAtToken[first - 1] < 0, isRoleHead(first - 1)
      {
        var k = first - 1
        while k > 0, mentionAtToken[k - 1] < 0, tokens[k].softBefore, isRoleWord(k - 1) { k -= 1 }
        if k > 0, tokens[k].softBefore, mentionAtToken[k - 1] >= 0 {
          let owner = analysis.mentions[mentionAtToken[k - 1]].entity
          let ownerType = analysis.entities[owner].type
          if owner != e, ownerType == .ORG || ownerType == .FACTION {
            affiliations[e] = affiliations[e] ?? owner
            addRole(e, text.text(tokens[k].start, tokens[first - 1].end))
          }
        }
      }
      // Title or role right before a person.
      if type == .PERSON {
        var k = located.firstToken - 1
        var roleStart = located.firstToken
        while k >= 0, tokens[k + 1].softBefore, mentionAtToken[k] < 0, !tokens[k].possessive,
          isRoleWord(k)
        {
          roleStart = k
          k -= 1
        }
        if roleStart < located.firstToken {
          var from = roleStart
          if k >= 0, tokens[k + 1].softBefore, mentionAtToken[k] >= 0 {
            let owner = analysis.mentions[mentionAtToken[k]]
            switch analysis.entities[owner.entity].type {
            case .GPE, .NORP: from = owner.firstToken
            case .ORG, .FACTION: affiliations[e] = affiliations[e] ?? owner.entity
            default: break
            }
          }
          addRole(e, text.text(tokens[from].start, tokens[located.firstToken - 1].end))
        }
      }
      // Appositive: ", the political wing of Y," / ", a Hezbollah commander,".
      let next = located.lastToken + 1
      guard next < tokens.count, !tokens[next].softBefore,
        text.gap(between: located.lastToken, and: next, contains: ",")
      else { continue }
      var j = next
      if ["the", "a", "an", "its", "their"].contains(words[j]) { j += 1 }
      var roleEnd = -1
      var owner: Int?
      var k = j
      // The appositive's first lowercase role word ends the role; a relative clause
      // ("that backs Prime Minister …") ends the search.
      while k < tokens.count, k - j < 12, k == j || tokens[k].softBefore {
        if ["that", "who", "which", "whose", "and"].contains(words[k]) { break }
        if mentionAtToken[k] >= 0 {
          let m = analysis.mentions[mentionAtToken[k]]
          let ownerType = analysis.entities[m.entity].type
          if (ownerType == .ORG || ownerType == .FACTION) && m.entity != e {
            owner = owner ?? m.entity
          }
          k = m.lastToken + 1
          continue
        }
        if roleEnd < 0, !tokens[k].isCapitalized, classes[k].contains(.roleWord) {
          roleEnd = k
        }
        k += 1
      }
      guard roleEnd >= 0 else { continue }
      // "deputy head", "military commander": consecutive role words are one role.
      while roleEnd + 1 < tokens.count, tokens[roleEnd + 1].softBefore,
        !tokens[roleEnd + 1].isCapitalized, mentionAtToken[roleEnd + 1] < 0,
        classes[roleEnd + 1].contains(.roleWord)
      {
        roleEnd += 1
      }
      // Up to two modifiers before it: "political wing", "senior military commander".
      var roleFrom = roleEnd
      while roleFrom > j, roleEnd - roleFrom < 2, mentionAtToken[roleFrom - 1] < 0,
        tokens[roleFrom].softBefore, !tokens[roleFrom - 1].isCapitalized,
        !["of", "for", "in", "and", "the", "a", "an"].contains(words[roleFrom - 1])
      {
        roleFrom -= 1
      }
      addRole(e, text.text(tokens[roleFrom].start, tokens[roleEnd].end))
      if let owner { affiliations[e] = affiliations[e] ?? owner }
    }
    for (entity, owner) in affiliations where owner != entity {
      analysis.entities[entity].affiliation = analysis.entities[owner].name
    }
  }
}
