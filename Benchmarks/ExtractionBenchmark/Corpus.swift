/// The benchmark corpus: the seed story and the other-style stories of the test suite.
enum Corpus {
  static let seedTitle =
    "Iraqi factions renew calls for full pullout after US says will end combat mission"

  static let seedBody = """
    Several resistance groups in Iraq Tuesday welcomed an agreement between Baghdad and Washington that US combat operations in the country will end this year, and renewed demands for a full withdrawal of foreign forces.
    US President Joe Biden declared on Monday that “we’re not going to be, at the end of the year, in a combat mission,” as he hosted Iraqi Prime Minister Mustafa al-Kadhimi for White House talks, AFP wrote.
    Under the agreement, however, US military forces will continue to operate in Iraq in what has been termed as an “advisory role.”
    A joint Iraq-US statement issued after the meeting said the “security” relationship will be focused on “training, advising and intelligence-sharing.”
    The Conquest Alliance, the political wing of Iraq’s Popular Mobilization Units, said it considered the deal “to be a positive step towards the full sovereignty of Iraq.”
    “We hope that it will materialize on the ground,” it added.
    The Imam Ali Brigades lauded “the end of the foreign presence” and said it “thanked the Iraqi government for keeping its promises,” while prominent Shia cleric Moqtada al-Sadr also welcomed the announcement.
    Sadr praised the agreement, saying: “We are waiting for a complete withdrawal of American troops,” Press TV wrote.
    He hailed the role of Iraqi resistance fighters in speeding up the American pullout in a tweet. “The occupiers finally announced the start of the withdrawal of all their combat forces.”
    “We are waiting, just as you are, for the complete pullout of the occupying forces,” he said in an address to resistance groups, while appreciating “efforts aimed at striking this agreement, especially those made by brother Kadhimi.”
    Iraq’s Al-Nujaba resistance movement called for a complete pullout of American forces from the country, saying the planned withdrawal under the newly-inked agreement between Baghdad and Washington must include the US Air Force.
    “We have no confidence whatsoever in Americans, and do not agree to their presence under any circumstances. We fiercely oppose the US military presence, and demand a complete pullout of American forces,” Nujaba spokesman Nasr al-Shammari said on Monday night.
    The US currently has about 2,500 troops in Iraq. It is not known how many troops will stay in the country beyond 2021.
    """

  /// A wire story: dateline, "said X", "according to", "Iran-backed", a transliterated
  /// faction name, a unit carried forward, times and years that are not quantities.
  static let wireTitle = "Rocket attack targets US base in Iraq; Kata'ib Hizballah denies role"

  static let wireBody = """
    BAGHDAD (Reuters) - Three rockets struck the Ain al-Asad air base in western Iraq's Anbar province on Wednesday, the US-led coalition said, causing no casualties.
    "Three rockets landed inside the base at 10:30 pm," coalition spokesman Colonel Wayne Marotto said on Twitter.
    The Iran-backed Kata'ib Hizballah denied involvement. "We had nothing to do with this attack," said Abu Ali al-Askari, a security official of the group.
    According to Iraqi security sources, the rockets were launched from a truck near the town of Baghdadi. About 2,500 US troops remain in Iraq, down from 5,200 last year.
    Washington has accused Iran-backed militias of repeated attacks on US forces and diplomatic sites in 2020.
    """

  /// An official statement: "the statement said", "it added", an acronym defined in
  /// parentheses, a place after "near".
  static let statementBody = """
    The Iraqi Ministry of Defense said in a statement on Sunday that security forces had killed five Islamic State militants in Kirkuk province.
    “The operation was carried out with air support from the international coalition,” the statement said.
    It added that two soldiers were wounded. The ministry urged citizens to report “any suspicious movement.”
    Separately, the Popular Mobilization Forces (PMF) said its fighters had repelled an attack near Tuz Khurmatu. The PMF said it lost one fighter.
    """

  /// A speech report: a quote continued in the next sentence, "he said" after a new
  /// person was named, a ceasefire and an election.
  static let speechBody = """
    Hezbollah leader Hassan Nasrallah said on Friday that the group would respect the ceasefire with Israel.
    “We will not stand idle,” Nasrallah said in a televised speech. “The resistance is ready.”
    Israeli Prime Minister Benjamin Netanyahu warned the Lebanese group. “Do not test us,” he said.
    Lebanon’s parliamentary elections are scheduled for May, according to the Interior Ministry.
    """
}
