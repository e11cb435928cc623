#!/usr/bin/env python3
"""Recall and precision of a built site's search, against a brute-force scan.

Samples N substrings of 2-8 characters (with a fixed seed) from the text of
the built pages (their title, issuer and document number, and body, as the
HTML shows them), runs each through the site's own search.js in a headless
Chromium from file://, and compares the pages found with the pages whose
text holds the substring. A sample is one query word: word characters, with
joiners (_ . - / :) between them, as a reader would type or paste it.

    scripts/search-recall.py public/                  # 30 samples, seed 1
    scripts/search-recall.py public/ -n 100 --joined 20 --seed 7
    scripts/search-recall.py public/ --query 刑法 --query v8.0.0   # ranks only

Needs python3, /usr/bin/chromium and /usr/bin/chromedriver. Exit status 1
when recall is below 1.000.
"""

import argparse
import html.parser
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
import zlib

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# ---- the site's normalisation, read from the site itself ----

BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def decode_numbers(s):
    """5-bit varint digits in base64 letters (src/search/codec.rs, push)."""
    value = {c: i for i, c in enumerate(BASE64)}
    out, n = [], 0
    for c in s:
        v = value[c]
        n = n * 32 + (v & 31)
        if v < 32:
            out.append(n)
            n = 0
    return out


def read_t2s(site):
    text = open(os.path.join(site, "search/t2s.js"), encoding="utf-8").read()
    v = decode_numbers(json.loads(text[text.index("(") + 1 : text.rindex(")")]))
    table, t = {}, 0
    for i in range(0, len(v) - 1, 2):
        t += v[i]
        d = -(v[i + 1] + 1) // 2 if v[i + 1] & 1 else v[i + 1] // 2
        table[chr(t)] = chr(t + d)
    return table


class Normaliser:
    """Per character: NFKC, lowercase, Traditional -> Simplified (normalize.rs)."""

    def __init__(self, t2s, joiners):
        self.t2s, self.joiners, self.cache = t2s, joiners, {}

    def char(self, c):
        n = self.cache.get(c)
        if n is None:
            n = "".join(self.t2s.get(l, l) for l in unicodedata.normalize("NFKC", c).lower())
            self.cache[c] = n
        return n

    def text(self, s):
        return "".join(self.char(c) for c in s)


def is_word(c):
    # search.js: /[\p{L}\p{N}]/u, what the browser searches with.
    return unicodedata.category(c)[0] in "LN"


# ---- the built pages' text ----

BLOCKS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table",
    "br", "pre", "blockquote", "dt", "dd", "dl", "section", "hr", "figure", "figcaption", "details",
    "summary", "header", "footer", "nav", "aside", "article", "thead", "tbody", "caption",
}
META_LABELS = {"发布单位", "文号"}  # src/render/i18n.rs: issuer, doc_number


class PageText(html.parser.HTMLParser):
    """The title (h1.doc-title), issuer and document number, and body
    (div.doc-body) of a built page, blocks apart by line breaks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = {"title": [], "meta": [], "body": []}
        self.stack = []  # (tag, part or None)
        self.skip = 0
        self.label = None
        self.in_dt = False

    def current(self):
        return self.stack[-1][1] if self.stack else None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        part = self.current()
        if tag in ("script", "style", "template"):
            self.skip += 1
        if tag == "h1" and "doc-title" in classes:
            part = "title"
        elif tag == "div" and "doc-body" in classes:
            part = "body"
        elif tag == "dt" and part is None:
            self.in_dt, self.label = True, ""
        elif tag == "dd" and part is None and self.label in META_LABELS:
            part = "meta"
        if tag in BLOCKS and part:
            self.parts[part].append("\n")
        if tag == "img" and part and not self.skip:
            self.parts[part].append(a.get("alt") or "")  # the index reads a picture's text too
        if tag not in ("br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"):
            self.stack.append((tag, part))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.skip = max(0, self.skip - 1)
        if tag == "dt":
            self.in_dt = False
        if all(t != tag for t, _ in self.stack):
            return  # a stray end tag closes nothing
        while self.stack:
            t, part = self.stack.pop()
            if part and t in BLOCKS:
                self.parts[part].append("\n")
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_dt:
            self.label += data.strip()
        part = self.current()
        if part and not self.skip:
            self.parts[part].append(data)

    def text(self):
        return "\n".join("".join(self.parts[p]).strip() for p in ("title", "meta", "body"))


def unpack(path):
    """The calls of a packed index file without a dictionary (files.rs,
    packed_calls): UTF-16, its string literal's 15-bit digits (U+3000 to
    U+AFFF; a last one of 7 bits or fewer from U+B000), raw deflate, the
    JSON of its calls in UTF-16."""
    text = open(path, encoding="utf-16").read()
    data = text.split("'")[1]
    out, bits, n = bytearray(), 0, 0
    for ch in data:
        u = ord(ch)
        if u >= 0xB000:
            bits |= (u - 0xB000) << n
            n += 7
        else:
            bits |= (u - 0x3000) << n
            n += 15
        while n >= 8:
            out.append(bits & 255)
            bits >>= 8
            n -= 8
    return json.loads(zlib.decompress(bytes(out), -15).decode("utf-16-le"))


def read_heads(site):
    """Per page of the index: its title and URL (search/h/*/*.js: heads
    files are in folders of a thousand, by number, directory.rs; each one
    packed call ["heads", n, [head, ...]] of heads_per_file pages)."""
    heads = {}
    top = os.path.join(site, "search/h")
    index = open(os.path.join(site, "search/index.js"), encoding="utf-16").read()
    per = json.loads(index[index.index("(") + 1 : index.rindex(")")])["heads_per_file"]
    for folder in os.listdir(top):
        for name in os.listdir(os.path.join(top, folder)):
            for _, n, list in unpack(os.path.join(top, folder, name)):
                for k, h in enumerate(list):
                    heads[n * per + k] = h
    return [heads[i] for i in range(len(heads))]


def page_texts(site, heads):
    """The text of every built page the index lists, by URL; and the URLs
    whose file is not that page's (its title is not the page's title: two
    pages, or a page and a section, written to one path), left out of both
    sides of the comparison."""
    texts, others = {}, set()
    for h in heads:
        if h["u"] in texts:
            others.add(h["u"])
            continue
        p = PageText()
        p.feed(open(os.path.join(site, h["u"]), encoding="utf-8").read())
        texts[h["u"]] = p.text()
        if " ".join("".join(p.parts["title"]).split()) != " ".join(h["t"].split()):
            others.add(h["u"])
    for u in others:
        del texts[u]
    return texts, others


def sample(texts, count, seed, joiners, want_joiner=False, tries=200000):
    """`count` distinct query words of 2-8 characters from the texts, drawn
    at character positions uniformly over all of them; with `want_joiner`,
    only ones that hold a joiner."""
    rng = random.Random(seed)
    urls = sorted(texts)
    weights = [len(texts[u]) for u in urls]
    out = []
    for _ in range(tries):
        if len(out) == count:
            break
        t = texts[rng.choices(urls, weights)[0]]
        if not t:
            continue
        start = rng.randrange(len(t))
        length = rng.randint(2, 8)
        s = t[start : start + length]
        if not s or not is_word(s[0]):
            continue
        # One query word: word characters, joiners only between two of them.
        word = s[0]
        for i in range(1, len(s)):
            c, nxt = s[i], (t[start + i + 1] if start + i + 1 < len(t) else "")
            if is_word(c) or (c in joiners and is_word(word[-1]) and is_word(nxt)):
                word += c
            else:
                break
        word = word.rstrip(joiners)
        if len(word) < 2 or word in out:
            continue
        if want_joiner and not any(c in joiners for c in word):
            continue
        out.append(word)
    return out


# ---- the browser ----


class Chromium:
    """A headless Chromium behind chromedriver (the WebDriver protocol)."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.profile = tempfile.mkdtemp(prefix="search-recall-")
        self.driver = subprocess.Popen(
            [CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(200):
            try:
                if self.call("GET", "/status")["ready"]:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        args = CHROMIUM_ARGS + [f"--user-data-dir={self.profile}"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": {"binary": CHROMIUM, "args": args}}}}
        session = self.call("POST", "/session", caps)
        self.base += "/session/" + session["sessionId"]
        self.call("POST", "/timeouts", {"script": 3600 * 1000, "pageLoad": 300 * 1000})

    def call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=3600) as r:
            return json.loads(r.read())["value"]

    def run_async(self, script, *args):
        return self.call("POST", "/execute/async", {"script": script, "args": list(args)})

    def close(self):
        try:
            self.call("DELETE", "")
        except OSError:
            pass
        self.driver.terminate()
        self.driver.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


SEARCH = """
var done = arguments[arguments.length - 1], qs = arguments[0], out = [];
function go() {
  var S = window.__shuyuan;
  if (!S || !S.search) return setTimeout(go, 50);
  (function next(i) {
    if (i === qs.length) return done(out);
    var t = performance.now();
    S.searchAll(qs[i]).then(function (r) {
      out.push({ pages: r.hits.map(function (h) { return h.page; }), loose: r.loose, ms: performance.now() - t });
      next(i + 1);
    }, function (e) { done({ error: String(e) }); });
  })(0);
}
go();
"""


def search(browser, site, queries):
    browser.call("POST", "/url", {"url": "file://" + os.path.abspath(os.path.join(site, "search.html"))})
    results = browser.run_async(SEARCH, queries)
    if isinstance(results, dict) and "error" in results:
        sys.exit(f"search failed: {results['error']}")
    return results


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("site", help="a built site (the folder with search.html)")
    ap.add_argument("-n", "--samples", type=int, default=30, help="substrings to sample (30)")
    ap.add_argument("--joined", type=int, default=0, help="further samples that hold a joiner (_ . - / :)")
    ap.add_argument("--seed", type=int, default=1, help="seed of the sampling (1)")
    ap.add_argument("--query", action="append", default=[], help="only run these queries: pages found, first titles")
    args = ap.parse_args()
    site = args.site
    heads = read_heads(site)
    directory = open(os.path.join(site, "search/index.js"), "rb").read().decode("utf-16")
    joiners = json.loads(directory[directory.index("(") + 1 : directory.rindex(")")]).get("joiners", "")
    norm = Normaliser(read_t2s(site), joiners)
    browser = Chromium()
    try:
        if args.query:
            for q, r in zip(args.query, search(browser, site, args.query)):
                first = [heads[p]["t"] for p in r["pages"][:5]]
                print(f"{q}\t{len(r['pages'])} pages{' (loose)' if r['loose'] else ''}\t{r['ms']:.0f} ms\t" + " | ".join(first))
            return 0
        t0 = time.time()
        texts, others = page_texts(site, heads)
        normalised = {u: norm.text(t) for u, t in texts.items()}
        queries = sample(texts, args.samples, args.seed, joiners)
        queries += sample(texts, args.joined, args.seed + 1, joiners, want_joiner=True)
        print(f"{site}: {len(heads)} pages in the index, {len(texts)} built pages read "
              f"({sum(map(len, texts.values()))} characters) in {time.time() - t0:.1f} s; {len(queries)} queries")
        if others:
            print(f"left out: {len(others)} paths that hold another page or a section (first {sorted(others)[0]})")
        results = search(browser, site, queries)
    finally:
        browser.close()
    found_all = want_all = both_all = 0
    print("recall\tprecision\tfound\ttruth\tms\tquery")
    misses = []
    for q, r in zip(queries, results):
        nq = norm.text(q)
        want = {u for u, t in normalised.items() if nq in t}
        got = {heads[p]["u"] for p in r["pages"]} - others
        both = len(want & got)
        recall = both / len(want) if want else 1.0
        precision = both / len(got) if got else 1.0
        found_all, want_all, both_all = found_all + len(got), want_all + len(want), both_all + both
        flag = " (loose)" if r["loose"] else ""
        print(f"{recall:.3f}\t{precision:.3f}\t{len(got)}\t{len(want)}\t{r['ms']:.0f}\t{q}{flag}")
        if want - got:
            misses.append((q, sorted(want - got)[:3]))
    recall = both_all / want_all if want_all else 1.0
    precision = both_all / found_all if found_all else 1.0
    print(f"overall: recall {recall:.3f} ({both_all} of {want_all} page matches), "
          f"precision {precision:.3f} ({both_all} of {found_all} pages found)")
    for q, urls in misses:
        print(f"missed {q!r}: {', '.join(urls)}")
    return 0 if recall == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
