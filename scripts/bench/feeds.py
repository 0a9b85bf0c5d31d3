#!/usr/bin/env python3
# Realistic RSS 2.0 feeds for the benchmarks (scripts/bench-fetch, scripts/bench-cluster):
#   feeds.py ROOT FEEDS HOSTS all|half
# writes ROOT/127.0.0.H/feed-N.xml (and .gz), every feed (all) or one new item in every other
# one (half), and prints the paths written.
import gzip, os, random, sys, time
from email.utils import formatdate
from xml.sax.saxutils import escape

root, feeds, hosts, mode = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
words = ("government minister forces agreement ceasefire talks council election sanctions "
         "withdrawal troops border region officials statement spokesman parliament capital "
         "protest economy report security militia envoy summit negotiations aid refugees "
         "the of and to in on for with at by from said after before during against").split()

def sentence(rng, n):
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."

def item(rng, host, feed, number, stamp):
    title = sentence(rng, rng.randint(6, 12))
    paras = "".join("<p>%s</p>" % " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(3))
                    for _ in range(rng.randint(1, 3)))
    link = "https://news%d.example/feed%d/story-%d" % (host, feed, number)
    return ("<item><title>%s</title><link>%s</link><guid isPermaLink=\"true\">%s</guid>"
            "<pubDate>%s</pubDate><category>world</category><description>%s</description></item>\n"
            % (escape(title), link, link, formatdate(stamp, usegmt=True), escape(paras)))

def write(host, feed, extra):
    rng = random.Random(host * 100003 + feed)
    count = rng.randint(15, 40)
    base = 1_735_689_600  # 2025-01-01: older than any backlog window
    items = [item(rng, host, feed, n, base + n * 3600) for n in range(count)]
    items.reverse()
    if extra:
        rng2 = random.Random(host * 7 + feed * 13 + int(time.time()))
        items.insert(0, item(rng2, host, feed, 100000 + int(time.time()), time.time()))
        items.pop()
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            "<title>Feed %d of host %d</title><link>https://news%d.example/</link>"
            "<description>Generated for the fetch benchmark</description><lastBuildDate>%s</lastBuildDate>\n"
            % (feed, host, host, formatdate(usegmt=True)) + "".join(items) + "</channel></rss>\n")
    path = os.path.join(root, "127.0.0.%d" % host, "feed-%d.xml" % feed)
    data = body.encode()
    with open(path, "wb") as f: f.write(data)
    with open(path + ".gz", "wb") as f: f.write(gzip.compress(data, 6, mtime=0))
    return path

per_host = (feeds + hosts - 1) // hosts
written = []
for n in range(feeds):
    host, feed = n % hosts + 1, n // hosts
    os.makedirs(os.path.join(root, "127.0.0.%d" % host), exist_ok=True)
    if mode == "all":
        written.append(write(host, feed, False))
    elif mode == "half" and n % 2 == 0:
        written.append(write(host, feed, True))
print("\n".join(written))
