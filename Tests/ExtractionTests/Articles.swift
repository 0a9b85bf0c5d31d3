/// Texts the extraction tests read: the seed story and stories in other styles of
/// conflict news (wire story, official statement, speech report).
enum Articles {
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

  /// A wire story on a drone attack: an all-caps dateline, a name with "Shia" inside it,
  /// an umbrella faction name with "in", unnamed officials of named groups.
  static let droneTitle = "Drone attack on Erbil airport blamed on Iran-backed militias"

  static let droneBody = """
    ERBIL, Iraq — A drone packed with explosives struck near the U.S.-led coalition's base at Erbil International Airport late on Sunday, Kurdish officials said, the latest in a string of attacks that Washington blames on Iran-aligned groups.
    No casualties were reported. The Kurdistan Region's interior ministry said in a statement that the drone was launched from an area controlled by the Popular Mobilisation Forces.
    "This terrorist act is a dangerous escalation," the ministry said.
    A little-known group calling itself Saraya Awliya al-Dam claimed responsibility on Telegram. The Islamic Resistance in Iraq, an umbrella of hardline factions, has claimed more than 150 attacks since October.
    Pentagon spokesman John Kirby told reporters that Secretary of State Antony Blinken had spoken with Iraqi Prime Minister Mohammed Shia al-Sudani. "We will respond at a time and place of our choosing," Kirby said.
    According to a Kataib Hezbollah official, the group "has no link" to the strike. The Houthis in Yemen also warned of more operations, and a Hezbollah official in Beirut said the "axis of resistance" was united.
    Gen. Kenneth McKenzie, the head of US Central Command, said last year that about 2,500 American troops and 900 contractors were deployed in Iraq. Some 35 drones were intercepted in 2023, he added.
    Sadrist lawmakers have demanded the expulsion of all foreign forces from the country.
    """

  /// Strikes on Yemen: a headline quote in single marks, "told AFP:", an appositive
  /// speaker, a quote continued in the next sentence.
  static let strikesTitle = "Houthis vow ‘more surprises’ as US strikes Yemen"

  static let strikesBody = """
    The Houthis said on Saturday they would retaliate after US and British warplanes struck rebel positions in the Yemeni capital Sanaa and the port city of Hodeidah.
    "The American and British enemies will bear full responsibility," Houthi military spokesman Yahya Saree said in a televised statement. He said the group had fired 12 ballistic missiles at ships in the Red Sea.
    A spokesman for Ansar Allah, Mohammed Abdulsalam, told AFP: "There is no justification for this aggression."
    The Pentagon said the strikes hit 36 targets across 13 locations. Defense Secretary Lloyd Austin said the operation was "necessary and proportionate."
    "We will not hesitate to defend lives," Austin said. "The Houthis must stop."
    "It is a flagrant violation of Yemen's sovereignty," Iran's foreign ministry spokesman Nasser Kanaani said.
    Saudi Arabia, which has observed a truce with the Houthis since April 2022, called for restraint. Hamas, the Palestinian group fighting Israel in Gaza, condemned the strikes.
    """

  /// A Gaza story: "Rear Adm.", a role before a comma, a possessive wing, a quote running
  /// over two paragraphs, a ministry named with its place.
  static let gazaTitle = "Israeli army says it killed Hamas commander in Gaza strike"

  static let gazaBody = """
    JERUSALEM (AP) — The Israeli military said Tuesday it had killed a senior Hamas commander, Ahmed Ghandour, in an airstrike in northern Gaza, as Egyptian and Qatari mediators pressed for a new ceasefire.
    The Israel Defense Forces (IDF) said the strike also targeted a weapons depot. "Ghandour was responsible for planning the October 7 massacre," IDF spokesman Rear Adm. Daniel Hagari told reporters.
    Hamas' armed wing, the Qassam Brigades, confirmed his death in a Telegram post and vowed revenge.
    “The blood of our leaders will not be wasted,” the group said. “The occupation will pay a heavy price.
    “Our fighters remain steadfast.”
    The Gaza Health Ministry said at least 25 people were killed on Tuesday, including eight children. More than 1.2 million people have fled to Rafah, according to the United Nations.
    U.S. Secretary of State Antony Blinken, who is due in Cairo on Wednesday, said a deal was "within reach."
    Meanwhile, Taliban authorities in Kabul said they would not allow any foreign troops to return to Afghanistan, two years after the chaotic U.S. withdrawal.
    """

  /// An anniversary story: "Gen." and "Ayatollah" titles, a surname alone in a title-case
  /// headline, "the group said:" after an organisation spoke, an unnamed resident.
  static let anniversaryTitle = "Soleimani killing anniversary"

  static let anniversaryBody = """
    Iran's Supreme Leader Ayatollah Ali Khamenei said on Friday that the killing of Gen. Qassem Soleimani would be avenged. Mr. Khamenei's remarks came as crowds gathered in Tehran.
    Soleimani, the commander of the Quds Force, was killed in a U.S. drone strike near Baghdad International Airport in January 2020 along with Abu Mahdi al-Muhandis, deputy head of the PMF.
    Turkish President Recep Tayyip Erdogan told reporters in Ankara that Turkey would not accept "a terror corridor" in northern Syria. The Syrian Democratic Forces (SDF), led by the YPG, control much of the northeast. The SDF said the Turkish strikes killed 11 civilians.
    In a statement, the group said: "Our response will be decisive." It did not elaborate.
    "We are not afraid," a resident of Qamishli told Reuters.
    The U.N. Security Council and the European Union urged restraint in the Middle East.
    """

  /// Iraqi politics: a quote broken by "he said", "said X, a spokesman for…", "In a
  /// statement, X said:", an appositive with a relative clause, a dated dateline.
  static let politicsTitle = "Iraqi factions split over US troop presence"

  static let politicsBody = """
    BAGHDAD, Jan 5 (Reuters) - Asaib Ahl al-Haq leader Qais al-Khazali said on Thursday that the group would give the government time to negotiate the departure of US forces. "We will fight," he said, "until the last American soldier leaves Iraq."
    The Coordination Framework, a coalition of Shi'ite parties that backs Prime Minister Mohammed Shia al-Sudani, has called for a timetable for the withdrawal of the roughly 2,500 U.S. troops.
    "Any attack on coalition forces harms Iraq's interests," said Yehia Rasool, a spokesman for the commander-in-chief of the armed forces.
    In a statement, Kataib Hezbollah said: "Our operations will continue until the occupation ends." The group is designated a terrorist organization by the United States.
    Kurdish officials in Erbil, the capital of the semi-autonomous Kurdistan region, said they opposed a hasty exit.
    """
}
