/// The topics shipped with the core. Terms are matched stemmed, case-, accent- and
/// hyphen-insensitively, so one form covers its inflections ("withdraw" also finds
/// "withdrew", "withdrawals"; "pull out" also finds "pull-out", "pullout", "pulling out").
extension TopicDefinition {
  public static let builtin: [TopicDefinition] = [
    withdrawal, ceasefire, attack, election, sanctions,
  ]

  /// Military forces leaving a country or territory — announced, planned, demanded,
  /// refused or doubted — including the end of a foreign military mission or presence.
  /// Not withdrawing from politics, a deal or a bank account. Strong words take a broad
  /// military context; two groups of everyday words ("leave", "end") only count next to
  /// troops or a mission.
  public static let withdrawal = TopicDefinition(
    name: "withdrawal",
    terms: [
      "withdraw", "withdrawal", "pull out", "pull back", "drawdown", "draw down", "redeploy",
      "redeployment", "troop reduction", "reduce troops", "reduction of troops",
      "reduction of forces", "expel", "expulsion", "end of the foreign presence",
      "end the foreign presence", "end to the foreign presence", "end of foreign presence",
      "end foreign presence", "end its combat mission", "end the combat mission",
      "end combat mission", "end of the combat mission", "end of combat mission",
      "end combat operations", "end of combat operations", "combat mission will end",
      "combat operations will end", "end the military presence", "end of the military presence",
      "end the occupation", "end of the occupation", "bring the troops home", "foreign presence",
      "presence of foreign forces", "presence of american forces", "troop cuts", "troop cut",
    ],
    context: militaryContext,
    exclude: withdrawalExclusions,
    groups: [withdrawalByLeaving, withdrawalByEnding])

  /// "Leave", "exit", "depart"… only next to words for troops.
  static let withdrawalByLeaving = TopicDefinition(
    name: "withdrawal",
    terms: [
      "leave", "exit", "depart", "departure", "get out", "go home", "pack up", "pull", "reduce",
      "reduction", "scale down", "scale back", "wind down", "cut", "relocate", "relocation",
      "evacuate", "evacuation",
    ],
    context: [
      "troops", "troop", "soldiers", "soldier", "forces", "military", "army", "marines",
      "contingent", "peacekeepers", "occupation", "occupier", "occupiers", "occupying",
      "coalition", "garrison", "battalion", "brigade", "personnel", "deployment", "base", "bases",
    ],
    exclude: withdrawalExclusions + [
      "residents", "civilians", "families", "refugees", "displaced", "homes", "villagers",
      "diplomats", "embassy", "staff", "citizens", "nationals", "budget", "spending", "interest",
      "taxes", "prices", "power cuts",
    ])

  /// "End", "conclude" only next to a mission or presence ("end of the year, in a combat mission").
  static let withdrawalByEnding = TopicDefinition(
    name: "withdrawal",
    terms: ["end", "ending", "conclude", "conclusion", "wrap up", "terminate", "termination"],
    context: [
      "combat mission", "military mission", "coalition mission", "mission in iraq", "presence",
      "deployment", "occupation",
    ],
    exclude: withdrawalExclusions)

  static let militaryContext = [
    "troops", "troop", "forces", "force", "soldiers", "soldier", "military", "army", "armed",
    "presence", "coalition", "mission", "base", "bases", "personnel", "occupation", "occupier",
    "occupying", "occupiers", "foreign", "american", "americans", "nato", "marines",
    "contingent", "peacekeepers", "peacekeeping", "combat", "battalion", "brigade", "fighters",
    "militants", "militia", "units", "deployment", "garrison", "advisers", "advisors", "trainers",
    "russian", "israeli", "turkish", "iranian", "french", "british",
  ]

  static let withdrawalExclusions = [
    "from the deal", "from the agreement", "from the treaty", "from the accord",
    "from the nuclear deal", "from the pact", "from the convention", "from parliament",
    "from the race", "from politics", "from political life", "from the political process",
    "from the election", "from the elections", "from the government",
    "from the coalition government", "from the cabinet", "from the talks",
    "from the negotiations", "from the competition", "from the tournament", "cash", "atm",
    "bank", "account", "deposit", "symptom", "symptoms", "candidacy", "nomination",
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
      "halt to fighting", "halt the fighting", "stop the fighting", "end hostilities",
      "end to hostilities", "humanitarian pause", "lay down arms", "lay down their arms",
      "de-escalation", "stop firing", "hold fire", "halt attacks", "halt its attacks",
      "suspend attacks", "suspend its attacks", "suspend operations", "halt operations",
    ])

  public static let attack = TopicDefinition(
    name: "attack",
    terms: [
      "attack", "strike", "airstrike", "air strike", "drone strike", "rocket", "missile",
      "bombing", "bomb", "car bomb", "roadside bomb", "ied", "shelling", "shell", "mortar",
      "ambush", "assault", "raid", "explosion", "blast", "explosive", "gunfire",
      "opened fire", "open fire", "gunmen", "gunman", "suicide bomber", "assassination",
      "assassinate", "killed", "wounded", "injured", "drone", "shot down", "targeted",
      "barrage", "offensive", "clashes", "clash", "firefight", "sniper", "grenade",
    ],
    exclude: [
      "heart attack", "panic attack", "hunger strike", "general strike", "strike a deal",
      "strike an agreement", "striking this agreement", "striking an agreement",
      "striking a deal", "labor strike", "labour strike", "workers strike", "on strike",
      "lightning strike", "asthma attack", "verbal attack", "cyber attack", "cyberattack",
    ])

  public static let election = TopicDefinition(
    name: "election",
    terms: [
      "election", "elections", "electoral", "vote", "voting", "voter", "voters", "ballot",
      "ballots", "polls", "polling", "polling station", "referendum", "turnout",
      "candidate", "candidates", "candidacy", "parliamentary election", "runoff",
      "run-off", "electoral commission", "re-election", "reelection", "snap election",
      "campaign trail", "early elections",
    ],
    exclude: ["vote of confidence", "no-confidence vote", "opinion poll", "opinion polls"])

  public static let sanctions = TopicDefinition(
    name: "sanctions",
    terms: [
      "sanction", "sanctions", "embargo", "blacklist", "blacklisted", "asset freeze",
      "freeze assets", "freeze the assets", "froze the assets", "assets frozen",
      "travel ban", "designated terrorist", "terrorist designation",
      "designated as a terrorist", "designated a terrorist", "foreign terrorist organization",
      "specially designated global terrorist", "treasury department", "ofac",
      "punitive measures", "export controls", "trade restrictions",
    ])
}
