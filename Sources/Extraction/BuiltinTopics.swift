/// The topics shipped with the core. Terms are matched stemmed, case-, accent- and
/// hyphen-insensitively, so one form covers its inflections ("withdraw" also finds
/// "withdrew", "withdrawals"; "pull out" also finds "pull-out", "pullout", "pulling out").
/// Each topic has strong terms, which are about the subject whatever the sentence, and
/// groups of everyday words ("strike", "vote", "leave") that only count with a governing
/// context in their clause: an armed force, a means of war, a political body, or a named
/// place or armed group; and never in a sentence on sport, business, software, health,
/// labour, games or fiction.
extension TopicDefinition {
  public static let builtin: [TopicDefinition] = [
    withdrawal, ceasefire, attack, election, sanctions,
  ]

  /// Military forces leaving a country or territory — announced, planned, demanded,
  /// refused or doubted — including the end of a foreign military mission or presence.
  /// Not withdrawing from politics, a deal or a bank account. Even the strong words need
  /// an armed force in their clause ("troops withdraw", "withdrawal of US forces").
  public static let withdrawal = TopicDefinition(
    name: "withdrawal",
    terms: [
      "withdraw", "withdrawal", "pull out", "pull back", "drawdown", "draw down", "redeploy",
      "redeployment", "troop reduction", "reduce troops", "reduction of troops",
      "reduction of forces", "expel", "expulsion", "troop cuts", "troop cut",
    ],
    context: TopicVocabulary.armedForces + [
      "bases", "troop deployment", "military deployment", "coalition", "mission",
    ],
    exclude: withdrawalExclusions + TopicVocabulary.otherSubjects,
    groups: [withdrawalWithoutContext, withdrawalByLeaving, withdrawalByEnding])

  /// Phrases that say it all: "bring the troops home", "end the occupation".
  static let withdrawalWithoutContext = TopicDefinition(
    name: "withdrawal",
    terms: [
      "end of the foreign presence", "end the foreign presence", "end to the foreign presence",
      "end of foreign presence", "end foreign presence", "end its combat mission",
      "end the combat mission", "end combat mission", "end of the combat mission",
      "end of combat mission", "end combat operations", "end of combat operations",
      "combat mission will end", "combat operations will end", "end the military presence",
      "end of the military presence", "end the occupation", "end of the occupation",
      "bring the troops home", "foreign military presence", "presence of foreign forces",
      "presence of american forces", "foreign troops out",
    ],
    exclude: withdrawalExclusions + TopicVocabulary.playAndStory)

  /// "Leave", "exit", "depart"… only next to words for troops.
  static let withdrawalByLeaving = TopicDefinition(
    name: "withdrawal",
    terms: [
      "leave", "exit", "depart", "departure", "get out", "go home", "pack up", "pull", "reduce",
      "reduction", "scale down", "scale back", "wind down", "cut", "relocate", "relocation",
      "evacuate", "evacuation",
    ],
    context: TopicVocabulary.armedForces + [
      "military base", "army base", "air base", "airbase", "troop deployment",
      "military deployment", "military personnel",
    ],
    exclude: withdrawalExclusions + TopicVocabulary.otherSubjects + [
      "residents", "civilians", "families", "refugees", "displaced", "homes", "villagers",
      "diplomats", "embassy", "staff", "citizens", "nationals", "budget", "spending", "interest",
      "taxes", "power cuts", "cuts to", "funding",
    ])

  /// "End", "conclude" only next to a mission or presence ("end of the year, in a combat mission").
  static let withdrawalByEnding = TopicDefinition(
    name: "withdrawal",
    terms: ["end", "ending", "conclude", "conclusion", "wrap up", "terminate", "termination"],
    context: [
      "combat mission", "military mission", "coalition mission", "training mission",
      "mission in iraq", "military presence", "foreign presence", "troop presence",
      "troop deployment", "military deployment", "occupation",
    ],
    exclude: withdrawalExclusions + TopicVocabulary.otherSubjects)

  static let withdrawalExclusions = [
    "from the deal", "from the agreement", "from the treaty", "from the accord",
    "from the nuclear deal", "from the pact", "from the convention", "from parliament",
    "from the race", "from politics", "from political life", "from the political process",
    "from the election", "from the elections", "from the government",
    "from the coalition government", "from the cabinet", "from the talks",
    "from the negotiations", "from the competition", "from the tournament", "cash", "atm",
    "account", "deposit", "symptom", "symptoms", "candidacy", "nomination",
    "withdraw support", "withdraw its support", "withdraw their support", "withdraw his support",
    "withdraw her support", "withdraw confidence", "withdraw the bill", "withdraw the law",
    "withdraw the ambassador", "withdraw its ambassador", "leave of absence", "annual leave",
    "sick leave", "maternity leave", "exit poll", "exit polls", "leave office", "left office",
    "leave the party", "left the party", "leave the coalition government",
    "withdraw from the coalition government", "withdraw his candidacy",
  ]

  public static let ceasefire = TopicDefinition(
    name: "ceasefire",
    terms: [
      "ceasefire", "cease fire", "truce", "armistice", "cessation of hostilities",
      "end hostilities", "end to hostilities", "humanitarian pause", "lay down arms",
      "lay down their arms", "laid down their arms", "laying down their arms",
      "lay down its arms", "laid down its arms",
    ],
    exclude: TopicVocabulary.playAndStory + TopicVocabulary.sport + TopicVocabulary.finance
      + TopicVocabulary.software + TopicVocabulary.space + commemorations,
    groups: [ceasefireByHalting])

  /// Days that remember an old war's end: no ceasefire today.
  static let commemorations = [
    "armistice day", "remembrance day", "remembrance sunday", "veterans day", "memorial day",
  ]

  /// Halting, stopping and de-escalating only count for fighting forces.
  static let ceasefireByHalting = TopicDefinition(
    name: "ceasefire",
    terms: [
      "halt to fighting", "halt the fighting", "stop the fighting", "de-escalation",
      "stop firing", "hold fire", "halt attacks", "halt its attacks", "suspend attacks",
      "suspend its attacks", "suspend operations", "halt operations",
    ],
    context: TopicVocabulary.armedForces + TopicVocabulary.armedViolence,
    exclude: TopicVocabulary.otherSubjects,
    contextTypes: [.FACTION])

  /// Armed attacks: strikes, bombings, shelling, shootings by armed forces or groups.
  public static let attack = TopicDefinition(
    name: "attack",
    terms: [
      "airstrike", "air strike", "air raid", "drone strike", "drone attack", "missile strike",
      "missile attack", "rocket attack", "rocket fire", "artillery fire", "mortar fire",
      "mortar attack", "shelling", "car bomb", "roadside bomb", "suicide bomber",
      "suicide bombing", "suicide attack", "terror attack", "terrorist attack", "bomb attack",
      "grenade attack", "ied", "improvised explosive device", "gunmen", "opened fire on",
      "bombardment", "killed in an attack", "killed in a strike", "killed in the attack",
      "killed in the strike",
    ],
    exclude: attackExclusions + TopicVocabulary.playAndStory + [
      "shelling out", "shell out", "shelling peas",
    ],
    groups: [attackOnAPlace, attackWithArmedContext])

  /// "Attack", "strike", "raid"… with an armed force or a means of war in the clause, or
  /// a named place or armed group ("Israeli strikes on Gaza").
  static let attackOnAPlace = TopicDefinition(
    name: "attack",
    terms: [
      "attack", "strike", "raid", "assault", "ambush", "bombing", "bomb", "rocket", "missile",
      "shell", "mortar", "offensive", "clash", "barrage", "open fire", "opened fire",
    ],
    context: TopicVocabulary.armedForces + TopicVocabulary.armedViolence,
    exclude: attackExclusions + TopicVocabulary.otherSubjects,
    contextTypes: [.FACTION, .GPE, .NORP])

  /// "Killed", "injured", "blast"… happen in accidents and stories too: only with an
  /// armed force, a means of war or an armed group in the clause.
  static let attackWithArmedContext = TopicDefinition(
    name: "attack",
    terms: [
      "killed", "wounded", "injured", "targeted", "blast", "explosion", "explosive", "sniper",
      "grenade", "gunfire", "firefight", "shot down", "gunman", "assassination", "assassinate",
    ],
    context: TopicVocabulary.armedForces + TopicVocabulary.armedViolence,
    exclude: attackExclusions + TopicVocabulary.otherSubjects,
    contextTypes: [.FACTION])

  static let attackExclusions = [
    "heart attack", "panic attack", "hunger strike", "general strike", "strike a deal",
    "strike an agreement", "striking this agreement", "striking an agreement",
    "striking a deal", "labor strike", "labour strike", "workers strike", "on strike",
    "lightning strike", "asthma attack", "verbal attack", "cyber attack", "cyberattack",
    "anxiety attack", "strike action", "more striking", "most striking", "so striking",
  ]

  /// Votes for office or in a referendum.
  public static let election = TopicDefinition(
    name: "election",
    terms: [
      "election", "elections", "electoral", "referendum", "polling station",
      "electoral commission", "re-election", "reelection", "snap election",
      "early elections", "by-election", "voter turnout", "ballot box", "ballot boxes",
    ],
    exclude: electionExclusions + TopicVocabulary.playAndStory + TopicVocabulary.software
      + TopicVocabulary.finance + TopicVocabulary.sport,
    groups: [electionWithPoliticalContext])

  /// "Vote", "poll", "candidate"… only with a party, a race for office or the electorate
  /// in the clause: a parliament voting on a bill holds no election.
  static let electionWithPoliticalContext = TopicDefinition(
    name: "election",
    terms: [
      "vote", "voting", "voter", "voters", "ballot", "ballots", "polls", "polling", "turnout",
      "candidate", "candidates", "campaign trail", "incumbent", "runoff", "run-off",
    ],
    context: [
      "parliamentary", "presidential", "congressional", "gubernatorial", "mayoral", "party",
      "parties", "opposition", "ruling party", "ruling coalition", "constituency",
      "constituencies", "electorate",
      "democrats", "republicans", "conservatives", "liberals", "socialists", "nationalists",
      "polls", "ballot", "electoral", "election", "referendum",
    ],
    exclude: electionExclusions + TopicVocabulary.otherSubjects)

  static let electionExclusions = [
    "vote of confidence", "no-confidence vote", "opinion poll", "opinion polls",
    "leader election", "upvote", "downvote", "shareholders", "board",
  ]

  /// Sanctions and designations by states and international bodies.
  public static let sanctions = TopicDefinition(
    name: "sanctions",
    terms: [
      "asset freeze", "freeze assets", "freeze the assets", "froze the assets", "assets frozen",
      "designated terrorist", "terrorist designation", "designated as a terrorist",
      "designated a terrorist", "foreign terrorist organization",
      "specially designated global terrorist", "ofac", "arms embargo", "oil embargo",
      "trade embargo", "economic sanctions", "financial sanctions", "sanctions relief",
      "sanctions regime", "secondary sanctions", "sanctions package", "sanctions list",
    ],
    exclude: TopicVocabulary.playAndStory,
    groups: [sanctionsByStates])

  /// "Sanctions", "embargo", "blacklist"… only with a named state or people, a sanctioning
  /// body or an armed group in the clause: "the government sanctioned a rail line" approves it.
  static let sanctionsByStates = TopicDefinition(
    name: "sanctions",
    terms: [
      "sanction", "sanctions", "embargo", "blacklist", "blacklisted", "travel ban",
      "export controls", "trade restrictions", "punitive measures",
    ],
    context: [
      "regime", "treasury", "state department", "security council",
      "united nations", "european union", "sanctions", "nuclear", "oligarchs", "exports",
      "imports", "oil", "kremlin", "white house",
    ],
    exclude: TopicVocabulary.sport + TopicVocabulary.software + TopicVocabulary.health
      + TopicVocabulary.playAndStory + ["news embargo", "press embargo", "embargoed"],
    contextTypes: [.GPE, .NORP, .FACTION])
}
