/// Word lists the built-in topics share: who fights (the context that makes an everyday
/// word military) and the vocabularies of subjects where the same words mean something
/// else (a sentence in one of them is not about a war). The subject lists hold words
/// distinctive of the subject, not phrases seen in one corpus.
enum TopicVocabulary {
  /// Armed forces and armed groups, as subjects or objects.
  static let armedForces = [
    "troops", "troop", "soldiers", "soldier", "forces", "military", "army", "armies", "marines",
    "militia", "militias", "militiamen", "militants", "militant", "insurgents", "insurgent",
    "rebels", "fighters", "jihadists", "paramilitary", "paramilitaries", "peacekeepers",
    "peacekeeping", "contingent", "battalion", "battalions", "brigade", "brigades", "regiment",
    "garrison", "occupation", "occupiers", "guerrillas", "commandos", "armed",
    "warplanes", "warships", "gunmen", "nato", "coalition forces", "security forces",
  ]

  /// Means and settings of armed violence: what makes "strike" or "killed" an attack.
  static let armedViolence = [
    "airstrike", "airstrikes", "artillery", "rockets", "missiles", "mortars", "drones",
    "warplane", "terrorists", "terrorist", "jihadist", "insurgency", "war", "frontline",
    "front line", "hostilities", "civilians", "casualties", "convoy", "checkpoint", "base",
    "bases", "barracks", "enemy", "ceasefire", "bombardment",
  ]

  static let sport = [
    "football", "soccer", "basketball", "baseball", "hockey", "cricket", "rugby", "tennis",
    "golf", "nfl", "nba", "nhl", "mlb", "fifa", "uefa", "premier league", "champions league",
    "world cup", "striker", "midfielder", "goalkeeper", "quarterback", "touchdown", "innings",
    "wicket", "goals", "scored", "season", "playoffs", "semifinal", "semi-final", "halftime",
    "coach", "teammates", "tournament", "championship", "league", "fixture", "chess",
    "checkmate", "olympic", "athletes", "referee", "stadium", "fans", "pitches", "pitcher",
    "batter", "hitters", "home run", "strike zone", "inning", "boxer", "ufc",
  ]

  /// Spaceflight and astronomy: rockets and launches of another kind.
  static let space = [
    "spacecraft", "satellite", "satellites", "orbit", "orbital", "launch pad", "booster",
    "nasa", "spacex", "astronaut", "astronauts", "telescope", "asteroid", "planet",
  ]

  static let finance = [
    "shares", "stock", "stocks", "investors", "earnings", "revenue", "profit", "profits",
    "shareholders", "dividend", "ipo", "valuation", "inflation", "interest rates", "bonds",
    "nasdaq", "bitcoin", "crypto", "prices", "price", "discount", "startup", "startups",
    "customers", "retailers", "sales", "company", "companies", "cost-cutting",
  ]

  static let software = [
    "code", "coding", "repository", "repo", "github", "gitlab", "commit", "commits",
    "pull request", "pull requests", "server", "servers", "api", "bug", "bugs", "compiler",
    "javascript", "python", "linux", "kernel", "database", "browser", "app", "apps",
    "software", "developer", "developers", "programming", "function", "npm", "docker", "cpu",
    "gpu", "malware", "vulnerability", "exploit", "password", "phishing", "ransomware",
    "cyberattack", "hackers", "firmware", "plugin", "website", "users", "email", "iphone",
    "android", "laptop", "battery", "watts",
  ]

  static let health = [
    "patient", "patients", "symptoms", "diagnosis", "disease", "cancer", "tumor", "tumour",
    "cardiac", "doctor", "doctors", "physician", "treatment", "therapy", "vaccine",
    "medication", "clinical", "migraine", "immune", "infection", "allergy", "asthma",
    "seizure", "calories", "workout",
  ]

  static let labour = [
    "workers", "trade union", "trade unions", "labor union", "labour union", "unionized",
    "unionised", "walkout", "picket", "wages", "pay rise", "employees", "employer",
    "collective bargaining", "industrial action", "labour dispute", "labor dispute",
  ]

  static let games = [
    "gameplay", "player", "players", "quest", "dlc", "console", "xbox", "playstation",
    "nintendo", "esports", "multiplayer", "rpg", "video game", "game", "games", "dungeon",
    "pokemon", "boss fight", "level up",
  ]

  static let fiction = [
    "film", "movie", "album", "song", "novel", "comic", "comics", "episode", "character",
    "characters", "actor", "actress", "trailer", "netflix", "box office", "band", "concert",
    "fiction", "superhero", "villain", "podcast", "book", "sequel",
  ]

  /// Every subject where an everyday topic word means something else.
  static let otherSubjects =
    sport + finance + software + health + labour + games + fiction + space

  /// Subjects where even a strong term is play or story ("an air strike" in a game).
  static let playAndStory = games + fiction
}
