/// Closed word classes the heuristics rely on, all in folded lowercase form.
enum Lexicon {
  /// Words that head a title or role before a name; never part of a name span.
  static let titleHeads: Set<String> = [
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson",
    "chancellor", "king", "prince", "princess", "emir", "sheikh", "shaikh", "sheik", "sayyed",
    "sayyid", "sayed", "ayatollah", "gen", "general", "lt", "lieutenant", "colonel", "col", "maj",
    "brig", "brigadier", "sgt", "sergeant", "capt", "captain", "commander", "cmdr", "adm",
    "admiral", "mr", "mrs", "ms", "dr", "senator", "sen", "rep", "representative", "governor",
    "gov", "mayor", "ambassador", "envoy", "judge", "speaker", "leader", "chief", "director",
    "chairman", "chairwoman", "chair", "mullah", "hajji", "haji", "cleric", "sultan", "queen",
    "pope", "premier", "prosecutor", "commissioner", "marshal", "mufti", "patriarch", "cardinal",
    "rabbi", "imam", "brother", "sister", "mp", "lawmaker", "official", "head", "deputy",
    "vice", "founder", "coordinator", "adviser", "advisor", "counselor", "attorney", "analyst",
    "correspondent", "reporter", "journalist", "activist", "candidate", "member", "emissary",
    "undersecretary", "sec", "pres", "crown", "secretary-general", "grand", "supreme", "caliph",
    "chieftain", "sergeant-major", "militant", "fighter", "spokesmen", "representative",
    "negotiator", "operative",
  ]

  /// Words that can precede a title head inside a title ("Prime Minister", "Defense Secretary").
  static let titleModifiers: Set<String> = [
    "prime", "foreign", "defense", "defence", "interior", "finance", "deputy", "vice", "acting",
    "former", "grand", "supreme", "crown", "senior", "chief", "army", "lieutenant", "major",
    "brigadier", "staff", "security", "national", "attorney", "state", "assistant", "health",
    "oil", "energy", "trade", "justice", "education", "parliament", "parliamentary", "house",
    "senate", "majority", "minority", "special", "top", "military", "political", "media",
    "government", "presidential", "executive", "regional", "local", "religious", "spiritual",
    "field", "secretary", "first", "second", "third", "retired", "former", "late", "chief",
    "opposition", "armed", "commanding", "communications", "press", "white", "economy",
    "information", "intelligence", "electricity", "transport", "water", "migration", "culture",
    "housing", "labor", "labour", "planning", "agriculture", "industry", "deputy", "general",
    "rear", "vice", "lieutenant-general", "major-general",
  ]

  /// Organisation heads: the last word of a name that makes it an organisation.
  static let factionHeads: Set<String> = [
    "alliance", "brigades", "brigade", "battalions", "battalion", "units", "movement", "party",
    "front", "militia", "militias", "resistance", "bloc", "mobilization", "mobilisation",
    "mujahideen", "mujahidin", "coalition", "faction", "rebels", "insurgents", "corps",
    "legion", "squadrons", "division", "regiment", "group", "network", "organization",
    "organisation", "forces", "army", "guard", "guards", "league", "council",
  ]

  static let orgHeads: Set<String> = [
    "ministry", "department", "agency", "commission", "committee", "office", "command",
    "service", "services", "police", "navy", "court", "parliament", "assembly", "senate",
    "congress", "government", "bank", "company", "corporation", "corp", "inc", "ltd",
    "university", "institute", "center", "centre", "news", "times", "post", "press", "tv",
    "television", "radio", "channel", "journal", "herald", "tribune", "authority",
    "administration", "bureau", "foundation", "fund", "union", "association", "federation",
    "cabinet", "presidency", "crescent", "cross", "watch",
    "international", "monitor", "observatory", "secretariat", "directorate", "program",
    "programme", "telegraph", "gazette", "daily", "magazine", "network", "media", "airlines",
    "airways", "group", "organization", "organisation", "council", "guard", "guards",
  ]

  /// Words inside a name that mark an armed group whatever the head ("Kataib", "Saraya").
  static let factionMarkers: Set<String> = [
    "kataib", "kata'ib", "kataeb", "saraya", "harakat", "harakat", "jaysh", "jaish", "liwa",
    "asaib", "ansar", "hizb", "hezbollah", "hizballah", "jabhat", "tahrir", "lashkar", "tehrik",
    "jamaat", "jihad", "mujahideen", "islamic", "resistance", "martyrs", "revolutionary",
    "liberation",
  ]

  /// Words signalling a state organ when they are in an organisation name.
  static let stateMarkers: Set<String> = [
    "ministry", "security", "armed", "air", "special", "defense", "defence", "national",
    "federal", "counter", "counter-terrorism", "intelligence", "border", "navy", "naval",
    "coast", "marine", "republican", "royal",
  ]

  /// Heads of names that are not entities: deals, laws, operations, events, wars.
  static let eventHeads: Set<String> = [
    "agreement", "accord", "accords", "deal", "treaty", "act", "law", "resolution", "war", "wars",
    "conference", "summit", "plan", "initiative", "festival", "day", "protocol", "doctrine",
    "memorandum", "charter", "convention", "dialogue", "talks", "revolution", "spring",
    "uprising", "intifada", "offensive", "campaign", "games", "cup", "award", "prize", "prayers",
    "prayer", "holiday", "flood", "storm", "shield", "freedom", "resolve", "olympics", "election",
    "elections", "process", "framework agreement", "strategy", "declaration",
  ]

  /// Capitalised last words of a facility's name ("Tahrir Square", "Al-Shifa Hospital"): the
  /// lowercase facility nouns and the heads that only name a facility when capitalised.
  static let facilityHeads: Set<String> = facilityNouns.union([
    "hospital", "mosque", "bridge", "palace", "stadium", "dam", "tower", "square", "street", "road",
    "highway", "hotel", "building", "compound", "station", "zone", "shrine", "church", "cathedral",
    "school", "plant", "mall", "market", "gate", "complex", "headquarters",
  ])

  /// Lowercase words after a name that make it a facility's ("the Qasr al-Jabal garrison",
  /// "at Khor Safwan port"); "air base" is "base" after "air".
  static let facilityNouns: Set<String> = [
    "base", "airbase", "airport", "airfield", "garrison", "crossing", "port", "prison", "jail",
    "terminal", "embassy", "consulate", "camp", "barracks", "refinery", "checkpoint", "outpost",
    "fortress", "citadel",
  ]

  /// First words of sports clubs' names ("Real", "Dynamo", "Sporting"), and their
  /// abbreviations: a name with one is a club (ORG), never a person.
  static let clubWords: Set<String> = [
    "real", "atletico", "athletic", "dynamo", "dinamo", "sporting", "olympique",
    "racing", "deportivo", "borussia", "fc", "cf", "sc", "afc", "fk", "sk",
  ]

  static let locationHeads: Set<String> = [
    "river", "sea", "gulf", "mountains", "mountain", "mount", "desert", "valley", "strait",
    "lake", "island", "islands", "peninsula", "plain", "plains", "coast", "bay", "ocean",
    "basin", "corridor",
  ]

  static let placeHeads: Set<String> = [
    "province", "governorate", "city", "district", "republic", "kingdom", "emirate", "county",
    "village", "town", "region", "state", "municipality", "sub-district", "subdistrict",
  ]

  /// Particles inside Arabic and other names ("Abu Ali al-Askari", "Osama bin Laden").
  static let nameParticles: Set<String> = [
    "al", "el", "bin", "ibn", "bint", "abu", "umm", "abd", "abdul", "ould", "de", "da", "van",
    "von", "der", "ul", "ad", "as", "ash", "ar", "at", "az", "an",
  ]

  /// Arabic articles assimilated to the next consonant ("as-Sadr", "ash-Shammari"); they
  /// are articles only before a hyphen.
  static let assimilatedArticles = [
    "as", "ash", "ad", "an", "ar", "at", "az", "ath", "adh", "ed", "es", "et",
  ]

  /// Particles that make a name a person's name.
  static let personParticles: Set<String> = ["bin", "ibn", "bint", "abu", "umm", "abd", "abdul"]

  static let months: Set<String> = [
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
  ]

  static let weekdays: Set<String> = [
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
  ]

  /// Capitalised words that are never names by themselves.
  static let nonNames: Set<String> = [
    "i", "the", "a", "an", "he", "she", "it", "we", "they", "you", "his", "her", "their", "its",
    "our", "this", "that", "these", "those", "there", "here", "but", "and", "or", "if", "when",
    "while", "as", "in", "on", "at", "for", "of", "to", "by", "with", "from", "after", "before",
    "under", "over", "since", "during", "god", "allah", "twitter", "telegram", "facebook",
    "instagram", "whatsapp", "youtube", "tiktok", "x", "english", "arabic", "persian", "farsi",
    "kurdish", "hebrew", "eid", "ramadan", "ashura", "arbaeen", "christmas", "easter", "covid",
    "covid-19", "mr", "mrs", "ms", "dr", "am", "pm", "gmt", "utc", "ad", "bc", "ok", "tv",
    "breaking", "update", "updated", "exclusive", "analysis", "opinion", "editorial", "read",
    "photo", "video", "file", "watch", "related", "advertisement", "also", "not", "no", "yes",
    "some", "several", "many", "all", "both", "each", "every", "other", "another", "such",
    "what", "who", "why", "how", "where", "which", "whose", "whom", "question", "answer", "q",
    "moderator", "operator", "transcript", "briefing",
  ]

  /// Verbs and nouns that attribute speech.
  static let speechVerbs: Set<String> = [
    "said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "adding",
    "stated", "states", "stating", "declared", "declares", "declaring", "announced",
    "announces", "announcing", "wrote", "writes", "writing", "tweeted", "tweets", "posted",
    "posts", "noted", "notes", "noting", "stressed", "stresses", "stressing", "warned",
    "warns", "warning", "insisted", "insists", "insisting", "claimed", "claims", "claiming",
    "argued", "argues", "arguing", "explained", "explains", "explaining", "asserted",
    "asserts", "asserting", "vowed", "vows", "vowing", "urged", "urges", "urging",
    "lauded", "lauds", "praised", "praises", "praising", "welcomed", "welcomes", "welcoming",
    "hailed", "hails", "hailing", "thanked", "thanks", "affirmed", "affirms", "affirming",
    "confirmed", "confirms", "confirming", "denied", "denies", "denying", "accused",
    "accuses", "accusing", "continued", "continues", "concluded", "concludes", "demanded",
    "demands", "demanding", "described", "describes", "describing", "called", "calls",
    "calling", "considered", "considers", "appreciated", "appreciating", "condemned",
    "condemns", "condemning", "threatened", "threatens", "threatening", "replied", "replies",
    "responded", "responds", "asked", "asks", "reiterated", "reiterates", "emphasized",
    "emphasised", "emphasizes", "emphasises", "pointed", "promised", "promises", "pledged",
    "pledges", "announced", "mentioned", "commented", "remarked", "recalled", "acknowledged",
    "admitted", "cautioned", "charged", "maintained", "observed", "quoted", "reported",
    "reports", "stressed", "expressed", "expressing",
    "described", "added", "believes", "believed", "hoped", "hopes", "lamented", "rejected",
    "rejects", "rejecting", "dismissed", "opposed", "blasted", "slammed", "criticized",
    "criticised", "boasted", "predicted", "suggested", "wondered", "joked", "conceded",
    "revealed", "disclosed", "explained", "elaborated", "echoed", "assured", "informed",
    "briefed", "testified", "proclaimed", "announced", "voiced", "vow", "warn", "claim",
    "insist", "urge", "threaten", "pledge", "promise", "deny", "slam", "blast", "reject",
    "hail", "welcome", "praise", "condemn", "accuse", "demand", "announce", "stress",
  ]

  /// Speech verbs that come before their subject in an attribution ("…," said Haddad).
  static let invertedSpeechVerbs: Set<String> = [
    "said", "says", "added", "adds", "wrote", "asked", "continued", "explained", "noted",
    "insisted", "stressed", "warned", "recalled", "argued", "replied", "concluded",
  ]

  /// Words of armed conflict and politics in a sentence that make a common word a
  /// faction's name ("the Democrats won", "the Aleph cult"). Not words every
  /// subject uses ("group", "members", "policy", "bill"), nor a war of prices or consoles.
  static let factionCues: [String] =
    armedCues + Array(electoralCues) + [
      "campaign", "senate", "congress", "government", "president", "killed", "claimed",
      "leader", "leaders", "governor", "mayor", "minister",
    ]

  /// Cues of parties and elections, and of armed attacks, that an acronym's sentence may
  /// have instead of a word of armed conflict ("the AKP won 40% of the vote").
  static let electoralCues: Set<String> = [
    "party", "parties", "election", "elections", "vote", "voted", "voters", "parliament",
    "lawmakers", "opposition", "coalition", "seats", "candidate", "candidates", "cult", "sect",
    "movement", "attack", "attacks", "bombing", "responsibility",
  ]

  /// Words of armed conflict alone: not a war of prices or consoles, nor the drones,
  /// enemies and checkpoints of games and software.
  static let armedCues: [String] =
    (TopicVocabulary.armedForces + TopicVocabulary.armedViolence).filter {
      !$0.contains(" ") && !["war", "drones", "enemy", "checkpoint"].contains($0)
    }

  /// Last words of honours, which are no group ("Legion of Honour", "Order of Merit").
  static let decorations: Set<String> = ["honour", "honor", "merit", "valour", "valor"]

  /// Role words that describe an organisation, not a person ("its political wing").
  static let organisationRoles: Set<String> = ["wing", "arm", "branch", "affiliate", "faction"]

  /// Verbs an outlet uses when relaying someone else's words ("…," Press TV wrote).
  static let relayVerbs: Set<String> = [
    "wrote", "reported", "reports", "writes", "quoted", "cited",
  ]

  /// Roles written in lowercase before or after a name.
  static let roleWords: Set<String> = [
    "spokesman", "spokeswoman", "spokesperson", "cleric", "leader", "commander", "chief",
    "official", "minister", "president", "envoy", "lawmaker", "mp", "deputy", "secretary",
    "adviser", "advisor", "analyst", "expert", "head", "director", "chairman", "member",
    "officer", "general", "colonel", "activist", "journalist", "correspondent", "brother",
    "sheikh", "ayatollah", "militant", "fighter", "politician", "researcher", "ambassador",
    "governor", "mayor", "judge", "founder", "wing", "arm", "branch", "affiliate", "faction",
    "representative", "negotiator", "premier", "king", "emir", "prince", "cofounder",
    "co-founder", "sergeant", "captain", "lieutenant", "major", "figure", "strongman",
    "scholar", "professor", "editor", "writer", "author", "owner", "ceo", "coordinator",
  ]
}
