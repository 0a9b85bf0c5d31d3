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
    "front line", "hostilities", "civilians", "casualties", "convoy", "checkpoint",
    "military base", "air base", "airbase", "army base", "naval base", "barracks", "enemy",
    "ceasefire", "bombardment",
  ]

  /// Idioms in which a word of armed conflict means something else: the word licenses no
  /// topic term there ("market forces will cut rents", "a truce in the price war"). Each
  /// is a fixed phrase of English, whatever the subject.
  static let idioms = [
    // forces, army, armed
    "market forces", "join forces", "joined forces", "joining forces", "forces of nature",
    "labour force", "labor force", "driving force", "police force", "police forces",
    "army of volunteers", "army of fans", "army of bots", "armed man", "armed robber",
    "armed robbers", "armed robbery", "armed with",
    // war
    "price war", "price wars", "trade war", "trade wars", "console war", "console wars",
    "format war", "culture war", "culture wars", "war on drugs", "war of words",
    "bidding war", "bidding wars", "talent war", "flame war", "flame wars", "cold war",
    "war room", "star wars",
    // front line, base, mission, occupation, brigade
    "frontline workers", "front-line workers", "frontline staff", "front-line staff",
    "on the front line of", "base camp", "fan base", "user base", "customer base",
    "code base", "mission statement", "fire brigade", "fire brigades",
    // party, parties (the context of a vote)
    "third party", "third parties", "third-party", "birthday party", "dinner party",
    "house party", "garden party", "search party", "christmas party", "office party",
    "party games", "party game",
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
    "trade union", "trade unions", "labor union", "labour union", "unionized",
    "unionised", "walkout", "picket", "wages", "pay rise", "employees", "employer",
    "collective bargaining", "industrial action", "labour dispute", "labor dispute",
    "union ballot", "strike ballot", "union members",
  ]

  static let games = [
    "gameplay", "player", "players", "quest", "dlc", "console", "xbox", "playstation",
    "nintendo", "esports", "multiplayer", "rpg", "video game", "game", "games", "dungeon",
    "pokemon", "boss fight", "level up", "co-op", "shooters", "first-person shooter",
  ]

  static let fiction = [
    "film", "movie", "album", "song", "novel", "comic", "comics", "episode", "character",
    "characters", "actor", "actress", "trailer", "netflix", "box office", "band", "concert",
    "fiction", "superhero", "villain", "podcast", "book", "sequel", "protagonist", "heroine",
    "storyline", "screenplay", "graphic novel", "manga", "anime", "sci-fi", "fantasy",
  ]

  /// Cooking and home life: a truce over the fridge. Not the words war reporting uses of
  /// its own places and things ("a community kitchen", "the bakery's ovens", "bomb-making
  /// ingredients"): a strike on them is still a strike.
  static let home = [
    "recipe", "recipes", "tablespoon", "tablespoons", "teaspoon", "teaspoons", "simmer",
    "fridge", "garlic", "dessert", "baking", "cookbook", "chores", "housework", "roommate",
    "roommates", "flatmate", "flatmates",
  ]

  /// Living things and the lab: guard bees attack hornets, immune cells attack tumours.
  static let nature = [
    "species", "bees", "hive", "hornets", "wasps", "ants", "insects", "predators",
    "predator", "mice", "tumours", "tumors", "bacteria", "protein", "proteins", "genome",
    "molecules", "galaxy", "galaxies",
  ]

  /// Every subject where an everyday topic word means something else.
  static let otherSubjects =
    sport + finance + software + health + labour + games + fiction + space + home + nature

  /// Subjects where even a strong term is play or story ("an air strike" in a game), or
  /// cooking ("shelling peas").
  static let playAndStory = games + fiction + home
}
