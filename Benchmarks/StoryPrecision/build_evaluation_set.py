#!/usr/bin/env python3
"""Builds Tests/WatchTests/Fixtures/stories/evaluation.json from the real feeds in
/work/shared/realfeeds and the hand-written stories in
Tests/WatchTests/Fixtures/stories/handwritten.json.

Pairs (same = one story, different = two stories):
  cross-format   same item as one publisher serves it in two feed formats (real)
  syndicated     a real item against a copy edited the way syndication edits copy
                 (re-titled, trimmed, dateline/byline/credit lines, a paragraph added,
                 "UPDATE" re-issue, copy edits), or two such copies against each other
  excerpt        an aggregator's first-paragraph excerpt against the full item
  handwritten    syndicated variants and different same-day stories written by hand
  same-subject   two different items from one feed with the most vocabulary in common
Deterministic (fixed seed): run again to rebuild the same file.

  python3 Benchmarks/StoryPrecision/build_evaluation_set.py
"""
import html, html.parser, json, os, random, re, xml.etree.ElementTree as ET

FEEDS = "/work/shared/realfeeds"
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "../../Tests/WatchTests/Fixtures/stories/evaluation.json")
MAX_WORDS = 180
rng = random.Random(5)


class Text(html.parser.HTMLParser):
    BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote", "tr", "pre"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"): self.skip += 1
        if tag in self.BLOCKS: self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"): self.skip -= 1
        if tag in self.BLOCKS: self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip: self.parts.append(data)


def plain(markup):
    parser = Text()
    parser.feed(markup or "")
    lines = [re.sub(r"\s+", " ", l).strip() for l in "".join(parser.parts).split("\n")]
    return "\n".join(l for l in lines if l)


def cap(text):
    """First MAX_WORDS words, whole paragraphs where possible."""
    out, count = [], 0
    for para in text.split("\n"):
        words = para.split()
        if count + len(words) > MAX_WORDS:
            if count < 60: out.append(" ".join(words[: MAX_WORDS - count]))
            break
        out.append(para); count += len(words)
    return "\n".join(out)


def items(name):
    path = os.path.join(FEEDS, name)
    found = []
    if name.endswith(".json"):
        for it in json.load(open(path, encoding="utf-8")).get("items", []):
            found.append((it.get("url") or it.get("id"), it.get("title") or "",
                          it.get("content_html") or it.get("content_text") or it.get("summary") or ""))
        return found
    root = ET.parse(path).getroot()
    for el in root.iter():
        if el.tag.split("}")[-1] not in ("item", "entry"): continue
        link, title, body = None, "", ""
        for ch in el:
            n = ch.tag.split("}")[-1]
            text = "".join(ch.itertext())
            if n == "title": title = text
            elif n == "link": link = ch.get("href") or ch.text
            elif n in ("encoded", "content") and len(text) > len(body): body = text
            elif n in ("description", "summary") and not body: body = text
        found.append((link, title, body))
    return found


stories, pairs = {}, []


def add_story(sid, source, title, text):
    stories[sid] = {"id": sid, "source": source, "title": title.strip(), "text": text}
    return sid


def pair(a, b, same, kind):
    pairs.append({"a": a, "b": b, "same": same, "kind": kind})


# Real items, by feed.
feed_items = {}
for name in ["nnw__DaringFireball.atom", "nnw__pxlnv.json", "nnw__macworld.rss", "nnw__cloudblog.rss",
             "nnw__curt.json", "nnw__489.rss", "nnw__bio.rdf", "nnw__livemint.xml", "nnw__medscape.rss",
             "nnw__aktuality.rss", "miniflux__rdf_UTF8.xml", "miniflux__urdu_UTF8.xml",
             "nnw__OneFootTsunami.atom", "nnw__atp.rss", "feedjira__json_feed.json"]:
    kept = []
    for i, (link, title, body) in enumerate(items(name)):
        text = cap(plain(body))
        if len(text.split()) < 12: continue
        kept.append(add_story(f"{name.split('__')[1].split('.')[0]}-{i}", name, plain(title), text))
    feed_items[name] = kept

# cross-format: the same item in two formats of one publisher.
for a_name, b_name, limit in [("nnw__DaringFireball.atom", "nnw__DaringFireball.json", 6),
                              ("nnw__allthis.atom", "nnw__allthis.json", 4),
                              ("miniflux__large_atom.xml", "miniflux__large_rss.xml", 4)]:
    a_items, b_items = items(a_name), items(b_name)
    b_by_title = {plain(t): (l, t, body) for l, t, body in b_items}
    count = 0
    for i, (link, title, body) in enumerate(a_items):
        other = b_by_title.get(plain(title))
        if not other or len(plain(body).split()) < 40: continue
        a = add_story(f"xf-{a_name}-{i}", a_name, plain(title), cap(plain(body)))
        b = add_story(f"xf-{b_name}-{i}", b_name, plain(other[1]), cap(plain(other[2])))
        pair(a, b, True, "cross-format")
        count += 1
        if count == limit: break

# syndicated: edits real syndication makes.
OUTLETS = ["Reuters", "AP News", "The Globe", "Daily Herald", "Yahoo News", "MSN", "The Star"]
DATELINES = ["NEW YORK (Reuters) - ", "WASHINGTON (AP) \u2014 ", "LONDON, July 27 (AFP) - ",
             "SAN FRANCISCO \u2014 ", "MUMBAI, India (AP) \u2014 "]
BYLINES = ["By Jane Ward, Staff Writer", "By Paul Okafor and Mia Chen", "By ANNA LINDQVIST Associated Press"]
CREDITS = ["Reporting by Paul Okafor; Editing by Mark Heinrich",
           "The Associated Press contributed to this report.",
           "\u00a9 2021 Daily Herald. All rights reserved.",
           "Read more at {outlet}.", "Continue reading \u2192",
           "The post {title} appeared first on {outlet}.",
           "This article was originally published on {outlet}.",
           "Sign up for our morning newsletter.",
           "Follow us on Twitter for the latest updates."]
ADDED = ["The company did not immediately respond to a request for comment on Tuesday.",
         "Officials said more details would be released later in the week, and that the review "
         "was expected to take several months.",
         "The announcement comes after weeks of speculation and follows a similar move earlier this year.",
         "Critics have questioned whether the plan goes far enough, while supporters called it overdue.",
         "This story has been updated with additional details."]
SWAPS = [(" said", " says"), ("\u201c", "\""), ("\u201d", "\""), ("\u2019", "'"), ("U.S.", "US"),
         (" percent", "%"), (" and ", " & "), ("However, ", ""), (" very ", " "), (" will ", " would ")]


def syndicate(story, edits):
    title, paras = story["title"], story["text"].split("\n")
    outlet = rng.choice(OUTLETS)
    # A dateline opens the story's first paragraph, so it comes before a byline line.
    for edit in sorted(edits, key=lambda e: e != "dateline"):
        if edit == "retitle":
            lead = re.sub(r"^[^a-zA-Z]*", "", paras[0]).split()
            title = rng.choice([
                "UPDATE 1-" + title, "UPDATED: " + title, title + " | " + outlet, title + " - " + outlet,
                " ".join(lead[:rng.randint(6, 10)]).rstrip(",.;:")])
        elif edit == "trim" and len(paras) > 2:
            paras = paras[: max(2, int(len(paras) * rng.uniform(0.6, 0.85)))]
        elif edit == "trim":
            words = " ".join(paras).split()
            paras = [" ".join(words[: max(12, int(len(words) * rng.uniform(0.7, 0.9)))])]
        elif edit == "add":
            paras.insert(rng.randint(1, len(paras)), rng.choice(ADDED))
        elif edit == "dateline":
            paras[0] = rng.choice(DATELINES) + paras[0]
        elif edit == "byline":
            paras.insert(0, rng.choice(BYLINES))
        elif edit == "credit":
            paras.append(rng.choice(CREDITS).format(outlet=outlet, title=title))
        elif edit == "copyedit":
            text = "\n".join(paras)
            for old, new in rng.sample(SWAPS, 4): text = text.replace(old, new, 1 if old.startswith(" ") else -1)
            paras = text.split("\n")
        elif edit == "drop-sentence":
            i = rng.randrange(len(paras))
            sentences = re.split(r"(?<=[.!?]) ", paras[i])
            if len(sentences) > 1:
                del sentences[rng.randrange(len(sentences))]
                paras[i] = " ".join(sentences)
    return title, "\n".join(paras)


EDITS = ["retitle", "trim", "add", "dateline", "byline", "credit", "copyedit", "drop-sentence"]
bases = [s for name, ids in feed_items.items() for s in ids if len(stories[s]["text"].split()) >= 30]
rng.shuffle(bases)
for n, base in enumerate(bases[:44]):
    story = stories[base]
    t1, x1 = syndicate(story, rng.sample(EDITS, rng.randint(2, 4)))
    v1 = add_story(base + "-syn1", story["source"] + " (edited copy)", t1, x1)
    pair(base, v1, True, "syndicated")
    if n % 2 == 0:
        t2, x2 = syndicate(story, rng.sample(EDITS, rng.randint(2, 4)))
        v2 = add_story(base + "-syn2", story["source"] + " (edited copy)", t2, x2)
        pair(v1, v2, True, "syndicated")

# excerpt: first paragraph of a longer item, as aggregators carry it.
long_items = [s for s in bases if stories[s]["text"].count("\n") >= 3 and len(stories[s]["text"].split()) > 120]
for base in long_items[:6]:
    story = stories[base]
    first = story["text"].split("\n")[0]
    e = add_story(base + "-excerpt", story["source"] + " (excerpt)", story["title"], first + " \u2026 Read more")
    pair(base, e, True, "excerpt")

# same-subject: different items of one feed with the most words in common.
def vocabulary(sid):
    s = stories[sid]
    return set(w for w in re.findall(r"\w+", (s["title"] + " " + s["text"]).lower()) if len(w) > 3)


for name, ids in feed_items.items():
    scored = []
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            va, vb = vocabulary(a), vocabulary(b)
            if va and vb and stories[a]["text"] != stories[b]["text"]:
                scored.append((len(va & vb) / len(va | vb), a, b))
    scored.sort(reverse=True)
    used = set()
    for score, a, b in scored:
        if a in used or b in used: continue
        used.update([a, b])
        pair(a, b, False, "same-subject")
        # an edited copy of one against the other item is still a different story
        if a + "-syn1" in stories: pair(a + "-syn1", b, False, "same-subject")
        if len(used) >= 10: break

# handwritten.
hand = json.load(open(os.path.join(HERE, "../../Tests/WatchTests/Fixtures/stories/handwritten.json"), encoding="utf-8"))
for s in hand["stories"]: add_story(s["id"], s["source"], s["title"], s["text"])
for p in hand["pairs"]: pair(p["a"], p["b"], p["same"], "handwritten")

used_ids = {p["a"] for p in pairs} | {p["b"] for p in pairs}
out = {"note": "Built by Benchmarks/StoryPrecision/build_evaluation_set.py; item texts come from the feeds in "
               "/work/shared/realfeeds (licences beside them: NetNewsWire MIT, feedjira MIT, miniflux Apache-2.0) "
               "and are capped at 180 words.",
       "stories": [s for s in stories.values() if s["id"] in used_ids], "pairs": pairs}
with open(OUT, "w", encoding="utf-8") as f:
    json.dump(out, f, ensure_ascii=False, indent=1)
kinds = {}
for p in pairs: kinds[(p["kind"], p["same"])] = kinds.get((p["kind"], p["same"]), 0) + 1
print(len(out["stories"]), "stories;", kinds, "same:", sum(p["same"] for p in pairs), "different:", sum(not p["same"] for p in pairs))
