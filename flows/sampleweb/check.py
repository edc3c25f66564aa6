#!/usr/bin/env python3
"""Check the bundled sample web against its registry and the hand-made gold.

    python flows/sampleweb/check.py            # exits 1 and lists problems, 0 if clean

What it checks (each problem names the site/path it concerns):

* the rendered ``sites/`` are current: a fresh render of ``content/`` into a temp dir is
  byte-identical (rendering is deterministic and the committed output is up to date);
* served through ``SampleWeb``: discovery exactly as ``sources.yaml`` configures it
  (sitemap index -> sitemaps, RSS feed, paginated listings with the CSS ``items``/``next``
  selectors) reaches every article, every discovered URL answers 200 with
  Content-Type, Content-Length and Last-Modified, ``{{BASE}}`` never leaks, the
  ``article_pattern`` matches the articles and nothing else, every same-site ``<a href>``
  on every page answers 200, robots.txt is plain text, the feed lists the 10 newest;
* the gold: one entry per article, title/date as the page gives them, every
  ``must_contain`` and ``evidence_contains`` in the page and in the article body, every
  ``must_not_contain`` on the page (real noise) but not in the article body, region
  codes and canonical names from ``nlp/gazetteer/regions.csv``, scores matching their
  evidence, zones/grades/categories consistent with DOMAIN.md's era tables except the
  single fact noted ``zone_mismatch``, inferred years following the Jan-Jun/Jul-Dec rule,
  the republished copy's body identical to its original and published 1-2 days later;
* content requirements: >= 32 articles (13/11/8), 200-600 words each, 30-45 gold facts
  with >= 20 "simple".

``run_checks()`` returns the list of problems (used by the tests).
"""

from __future__ import annotations

import csv
import filecmp
import html
import json
import re
import sys
import tempfile
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter, deque
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import yaml  # noqa: E402
from parsel import Selector  # noqa: E402

from flows.sampleweb import build  # noqa: E402
from flows.sampleweb.server import SampleWeb  # noqa: E402

GOLD = REPO / "tests" / "fixtures" / "sampleweb_gold.json"
REGIONS = REPO / "nlp" / "gazetteer" / "regions.csv"
EXPECTED_COUNTS = {"wartadewata": 13, "ombudsman": 11, "portal": 8}
INSTRUMENTS = {"ombudsman_kepatuhan", "ombudsman_opini", "ikm"}
ZONES = {"hijau", "kuning", "merah"}
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


# --------------------------------------------------------------------------- HTTP


class Fetcher:
    def __init__(self) -> None:
        self.cache: dict[str, tuple[int, dict[str, str], bytes]] = {}
        self.opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))

    def get(self, url: str) -> tuple[int, dict[str, str], bytes]:
        if url not in self.cache:
            try:
                with self.opener.open(url, timeout=10) as r:
                    self.cache[url] = (r.status, {k.lower(): v for k, v in r.headers.items()}, r.read())
            except urllib.error.HTTPError as e:
                self.cache[url] = (e.code, {k.lower(): v for k, v in e.headers.items()}, e.read())
        return self.cache[url]


# --------------------------------------------------------------------------- domain rules


def expected_zone(instrument: str, year: int, score: float) -> str | None:
    if instrument == "ikm":
        return None
    if year <= 2021:  # 2013-2021: hijau 81-100, kuning 51-80,99, merah 0-50,99
        return "hijau" if score >= 81 else "kuning" if score >= 51 else "merah"
    if year <= 2024:  # 2022-2024: A/B hijau >= 78, C kuning >= 54, D/E merah
        return "hijau" if score >= 78 else "kuning" if score >= 54 else "merah"
    return None


def expected_grade(instrument: str, year: int, score: float) -> str | None:
    if instrument == "ikm":
        return "A" if score >= 88.31 else "B" if score >= 76.61 else "C" if score >= 65 else "D"
    if 2022 <= year <= 2024:
        return ("A" if score >= 88 else "B" if score >= 78 else "C" if score >= 54
                else "D" if score >= 32 else "E")
    return None  # pre-2022 letters are a region's own (e.g. "50/E"): not checked


IKM_CATEGORY = {"A": "sangat baik", "B": "baik", "C": "kurang baik", "D": "tidak baik"}
OPINI_CATEGORY = {"A": "kualitas tertinggi", "B": "kualitas tinggi", "C": "kualitas sedang",
                  "D": "kualitas rendah", "E": "kualitas terendah"}


def number_in(evidence: str) -> float | None:
    m = re.search(r"\d+(?:\s?[.,]\s?\d+)?", evidence)
    if not m:
        return None
    return float(re.sub(r"\s", "", m.group()).replace(",", "."))


def load_regions() -> dict[str, str]:
    with REGIONS.open(encoding="utf-8") as fh:
        return {row["code"]: row["canonical"] for row in csv.DictReader(fh)}


# --------------------------------------------------------------------------- discovery


def _sitemap_locs(f: Fetcher, url: str, problems: list[str], seen: set[str]) -> list[str]:
    if url in seen:
        return []
    seen.add(url)
    status, headers, body = f.get(url)
    if status != 200:
        problems.append(f"sitemap {url}: HTTP {status}")
        return []
    root = ET.fromstring(body)
    if root.tag == f"{SM}sitemapindex":
        out: list[str] = []
        for loc in root.iter(f"{SM}loc"):
            out += _sitemap_locs(f, loc.text.strip(), problems, seen)
        return out
    if root.tag != f"{SM}urlset":
        problems.append(f"sitemap {url}: unexpected root {root.tag}")
        return []
    locs = []
    for u in root.findall(f"{SM}url"):
        locs.append(u.find(f"{SM}loc").text.strip())
    return locs


def _feed_links(f: Fetcher, url: str, problems: list[str]) -> list[str]:
    status, headers, body = f.get(url)
    if status != 200:
        problems.append(f"feed {url}: HTTP {status}")
        return []
    if not headers.get("content-type", "").startswith("application/rss+xml"):
        problems.append(f"feed {url}: Content-Type {headers.get('content-type')}")
    root = ET.fromstring(body)
    return [i.findtext("link").strip() for i in root.iter("item")]


def _listing_links(f: Fetcher, url: str, items: str, nxt: str, problems: list[str]) -> tuple[list[str], list[str]]:
    links: list[str] = []
    pages: list[str] = []
    while url and url not in pages and len(pages) < 50:
        pages.append(url)
        status, _, body = f.get(url)
        if status != 200:
            problems.append(f"listing {url}: HTTP {status}")
            break
        sel = Selector(text=body.decode("utf-8"))
        found = [urljoin(url, h) for h in sel.css(items).xpath("@href").getall()]
        if not found:
            problems.append(f"listing {url}: selector {items!r} finds no article links")
        links += found
        nexts = sel.css(nxt).xpath("@href").getall()
        if len(nexts) > 1:
            problems.append(f"listing {url}: next selector matches {len(nexts)} links")
        url = urljoin(url, nexts[0]) if nexts else None
    if len(pages) < 2:
        problems.append(f"listing {pages[0]}: fewer than 2 pages")
    return links, pages


# --------------------------------------------------------------------------- checks


def check_rendered_is_current(problems: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sites"
        build.build(out)
        for site in build.SITE_IDS:
            a, b = out / site, HERE / "sites" / site
            if not b.is_dir():
                problems.append(f"sites/{site} missing: run flows/sampleweb/build.py")
                continue
            fa = sorted(p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file())
            fb = sorted(p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file())
            if fa != fb:
                diff = sorted(set(fa) ^ set(fb))[:5]
                problems.append(f"sites/{site} is stale (files differ, e.g. {diff}): run build.py")
                continue
            _, mismatch, errors = filecmp.cmpfiles(a, b, fa, shallow=False)
            if mismatch or errors:
                problems.append(f"sites/{site} is stale ({(mismatch + errors)[:3]}): run build.py")
        # determinism: a second render is identical to the first
        out2 = Path(tmp) / "sites2"
        build.build(out2)
        for p in out.rglob("*"):
            if p.is_file():
                q = out2 / p.relative_to(out)
                if not q.is_file() or p.read_bytes() != q.read_bytes():
                    problems.append(f"rendering is not deterministic: {p.relative_to(out)}")
                    break


def check_content(content: dict[str, list[dict[str, Any]]], problems: list[str]) -> None:
    total = sum(len(v) for v in content.values())
    if total < 32:
        problems.append(f"only {total} articles (need >= 32)")
    for site, n in EXPECTED_COUNTS.items():
        if len(content[site]) != n:
            problems.append(f"{site}: {len(content[site])} articles, expected {n}")
    offsets = Counter()
    for site, arts in content.items():
        for a in arts:
            words = sum(len(p.split()) for p in a["paragraphs"])
            if not 200 <= words <= 600:
                problems.append(f"{site}{a['path']}: {words} words (want 200-600)")
            if not 2019 <= a["published"].year <= 2025:
                problems.append(f"{site}{a['path']}: published {a['published'].year} outside 2019-2025")
            offsets[build.tz_hours(a["published"])] += 1
    for h in (7, 8, 9):
        if not offsets[h]:
            problems.append(f"no article published with UTC+{h}")


def run_checks(root: Path | None = None, gold_path: Path = GOLD, compare_rendered: bool = True) -> list[str]:
    problems: list[str] = []
    content = build.load_content()
    check_content(content, problems)
    if compare_rendered and root is None:
        check_rendered_is_current(problems)
    art_index = {(s, a["path"]): a for s, arts in content.items() for a in arts}
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    regions = load_regions()
    f = Fetcher()

    with SampleWeb(root) as web:
        sources = yaml.safe_load(web.sources_yaml(hosts="local"))["sources"]
        discovered: dict[str, set[str]] = {}
        all_urls: dict[str, set[str]] = {}
        for src in sources:
            sid, base = src["id"], src["base_url"]
            pat = re.compile(src["article_pattern"])
            host = urlsplit(base).netloc
            if urlsplit(base).hostname not in src["allowed_domains"]:
                problems.append(f"{sid}: base_url host not in allowed_domains")
            urls: set[str] = set()
            for d in src["discovery"]:
                start = urljoin(base + "/", d["url"].lstrip("/"))
                if d["type"] == "sitemap":
                    urls |= set(_sitemap_locs(f, start, problems, set()))
                elif d["type"] == "feed":
                    links = _feed_links(f, start, problems)
                    newest = [base + a["path"] for a in content[sid][:10]]
                    if links != newest:
                        problems.append(f"{sid}: feed items are not the 10 newest posts, newest first")
                    urls |= set(links)
                elif d["type"] == "listing":
                    links, pages = _listing_links(f, start, d["items"], d["next"], problems)
                    urls |= set(links) | set(pages)
                else:
                    problems.append(f"{sid}: unknown discovery type {d['type']}")
            all_urls[sid] = urls
            arts = set()
            for u in urls:
                sp = urlsplit(u)
                if sp.netloc != host:
                    problems.append(f"{sid}: discovered URL on another host: {u}")
                    continue
                status, headers, body = f.get(u)
                if status != 200:
                    problems.append(f"{sid}: {sp.path} -> HTTP {status}")
                if pat.search(sp.path):
                    arts.add(sp.path)
            discovered[sid] = arts
            expected = {a["path"] for a in content[sid]}
            for p in sorted(expected - arts):
                problems.append(f"{sid}{p}: not reachable through the configured discovery")
            for p in sorted(arts - expected):
                problems.append(f"{sid}{p}: matches article_pattern but is not an article")
            robots = f.get(base + "/robots.txt")
            if robots[0] != 200 or not robots[1].get("content-type", "").startswith("text/plain"):
                problems.append(f"{sid}: robots.txt missing or not text/plain")

        # crawl every same-site <a href> from every page (no broken links anywhere)
        for sid, base in web.base_urls.items():
            host = urlsplit(base).netloc
            queue = deque(sorted(all_urls.get(sid, set())) + [base + "/"])
            seen: set[str] = set()
            while queue:
                u = queue.popleft().split("#")[0]
                if u in seen:
                    continue
                seen.add(u)
                status, headers, body = f.get(u)
                if status != 200:
                    problems.append(f"{sid}: broken link {urlsplit(u).path} (HTTP {status})")
                    continue
                for h in ("content-type", "content-length", "last-modified"):
                    if h not in headers:
                        problems.append(f"{sid}{urlsplit(u).path}: no {h} header")
                if int(headers.get("content-length", -1)) != len(body):
                    problems.append(f"{sid}{urlsplit(u).path}: Content-Length mismatch")
                if b"{{BASE}}" in body:
                    problems.append(f"{sid}{urlsplit(u).path}: {{{{BASE}}}} not substituted")
                ctype = headers.get("content-type", "")
                if ctype.startswith("text/html"):
                    if not ctype.endswith("charset=utf-8"):
                        problems.append(f"{sid}{urlsplit(u).path}: Content-Type {ctype}")
                    sel = Selector(text=body.decode("utf-8"))
                    for href in sel.xpath("//a/@href").getall():
                        v = urljoin(u, href)
                        if urlsplit(v).netloc == host and urlsplit(v).scheme == "http":
                            queue.append(v)
            if len(seen) < len(content[sid]):
                problems.append(f"{sid}: link crawl saw only {len(seen)} pages")

        check_gold(gold, content, art_index, regions, web, f, problems)
        check_proxy(web, content, problems)
    return problems


def check_proxy(web: SampleWeb, content: dict[str, list[dict[str, Any]]], problems: list[str]) -> None:
    """The offline proxy answers for <site>.test and the local ports, nothing else."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": web.proxy}))

    def get(url: str) -> tuple[int, bytes]:
        try:
            with opener.open(url, timeout=10) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as e:
            return e.code, b""

    for sid, host in web.hosts.items():
        path = content[sid][0]["path"]
        for base in (host, web.base_urls[sid]):
            status, body = get(base + path)
            if status != 200 or (base + path).encode() not in body:
                problems.append(f"proxy: {base}{path} -> HTTP {status} or {{{{BASE}}}} not {base}")
    if get("http://example.invalid/")[0] != 502:
        problems.append("proxy: an unknown host is not refused with 502")
    reg = yaml.safe_load(web.sources_yaml(hosts="proxy"))["sources"]
    for src in reg:
        if src["base_url"] != web.hosts[src["id"]] or src["allowed_domains"] != [urlsplit(src["base_url"]).netloc]:
            problems.append(f"proxy registry: {src['id']} has base_url/allowed_domains {src['base_url']} {src['allowed_domains']}")


def check_gold(gold: dict[str, Any], content: dict[str, list[dict[str, Any]]],
               art_index: dict[tuple[str, str], dict[str, Any]], regions: dict[str, str],
               web: SampleWeb, f: Fetcher, problems: list[str]) -> None:
    arts = gold.get("articles", [])
    keys = [(a["site"], a["path"]) for a in arts]
    if len(set(keys)) != len(keys):
        problems.append("gold: duplicate articles")
    for k in sorted(set(art_index) - set(keys)):
        problems.append(f"gold: article {k[0]}{k[1]} has no gold entry")
    facts = [fa for a in arts for fa in a["facts"]]
    n_simple = sum(fa["phrasing"] == "simple" for fa in facts)
    if not 30 <= len(facts) <= 45:
        problems.append(f"gold: {len(facts)} facts (want 30-45)")
    if n_simple < 20:
        problems.append(f"gold: {n_simple} simple facts (want >= 20)")
    mismatches = [fa for fa in facts if fa.get("note") == "zone_mismatch"]
    if len(mismatches) != 1:
        problems.append(f"gold: {len(mismatches)} facts noted zone_mismatch (want exactly 1)")
    inferred = [fa for fa in facts if fa.get("note") == "year_inferred"]
    if len(inferred) > 2:
        problems.append("gold: more than 2 facts with an inferred year")
    evidences = " ".join(fa["evidence_contains"] for fa in facts)
    for needle in ("68.52", "99, 23", "(98,02)"):
        if needle not in evidences:
            problems.append(f"gold: no fact with evidence {needle!r}")
    copies = [a for a in arts if a.get("republished_from")]
    if len(copies) != 1:
        problems.append(f"gold: {len(copies)} republished copies (want 1)")

    for g in arts:
        where = f"gold {g['site']}{g['path']}"
        a = art_index.get((g["site"], g["path"]))
        if a is None:
            problems.append(f"{where}: no such article in content/")
            continue
        if g.get("language") != "id":
            problems.append(f"{where}: language should be 'id'")
        status, _, body = f.get(web.base_urls[g["site"]] + g["path"])
        if status != 200:
            problems.append(f"{where}: HTTP {status}")
            continue
        page = html.unescape(body.decode("utf-8"))
        text = "\n".join(a["paragraphs"])
        sel = Selector(text=body.decode("utf-8"))
        heading = sel.css("h1.entry-title::text, h2.title::text, td.judul-berita h1::text").get()
        if g["title"] != heading or g["title"] != a["title"]:
            problems.append(f"{where}: title {g['title']!r} differs from the page's {heading!r}")
        if g["published"] != a["published"].date().isoformat():
            problems.append(f"{where}: published {g['published']} != {a['published'].date()}")
        if not _page_shows_date(g, a, page):
            problems.append(f"{where}: the page does not show its date {g['published']}")
        for s in g["must_contain"]:
            if s not in page or s not in text:
                problems.append(f"{where}: must_contain {s!r} not in the page body")
        for s in g["must_not_contain"]:
            if s not in page:
                problems.append(f"{where}: must_not_contain {s!r} is not on the page at all")
            if s in text or s in a["title"]:
                problems.append(f"{where}: must_not_contain {s!r} is in the article body/title")
        rep = g.get("republished_from")
        if rep:
            orig = art_index.get((rep["site"], rep["path"]))
            if orig is None:
                problems.append(f"{where}: republished_from target not found")
            else:
                if orig["paragraphs"] != a["paragraphs"]:
                    problems.append(f"{where}: body differs from the original")
                days = (a["published"].date() - orig["published"].date()).days
                if days not in (1, 2):
                    problems.append(f"{where}: copy published {days} days after the original")
                if not any(x["facts"] for x in arts if (x["site"], x["path"]) == (rep["site"], rep["path"])):
                    problems.append(f"{where}: the original has no facts")
        for fa in g["facts"]:
            check_fact(fa, g, a, text, page, regions, problems)


def _page_shows_date(g: dict[str, Any], a: dict[str, Any], page: str) -> bool:
    d = a["published"]
    forms = [
        g["published"],
        build.date_id(d),
        build.day_date_id(d),
        build.date_id_padded(d),
    ]
    return any(x in page for x in forms)


def check_fact(fa: dict[str, Any], g: dict[str, Any], a: dict[str, Any], text: str, page: str,
               regions: dict[str, str], problems: list[str]) -> None:
    where = f"gold {g['site']}{g['path']} {fa.get('region')} {fa.get('year')}"
    keys = {"region", "region_code", "instrument", "year", "score", "grade", "zone", "category",
            "evidence_contains", "phrasing"}
    missing = keys - set(fa)
    if missing:
        problems.append(f"{where}: missing keys {sorted(missing)}")
        return
    if regions.get(fa["region_code"]) != fa["region"]:
        problems.append(f"{where}: {fa['region_code']} is {regions.get(fa['region_code'])!r} in regions.csv")
    if fa["instrument"] not in INSTRUMENTS:
        problems.append(f"{where}: instrument {fa['instrument']}")
    if fa["phrasing"] not in ("simple", "hard"):
        problems.append(f"{where}: phrasing {fa['phrasing']}")
    if fa["zone"] is not None and fa["zone"] not in ZONES:
        problems.append(f"{where}: zone {fa['zone']}")
    if fa["grade"] is not None and not re.fullmatch(r"[A-E]", fa["grade"]):
        problems.append(f"{where}: grade {fa['grade']}")
    ev = fa["evidence_contains"]
    if ev not in text or ev not in page:
        problems.append(f"{where}: evidence {ev!r} not in the article body")
    if number_in(ev) is None or abs(number_in(ev) - fa["score"]) > 1e-9:
        problems.append(f"{where}: score {fa['score']} does not match evidence {ev!r}")
    # a grade or zone not written must be what the written label means in its era
    # (nlp/labels.py: "predikat kepatuhan tinggi" up to 2021 is hijau, "kualitas tinggi" is B)
    from nlp.labels import grade_and_zone

    written_grade = fa["grade"] if fa["grade"] and fa["grade"] in text else None
    written_zone = fa["zone"] if fa["zone"] and fa["zone"] in text.lower() else None
    implied_grade, implied_zone = grade_and_zone(fa["instrument"], fa["year"], written_grade, written_zone,
                                                 fa["category"])
    if fa["grade"] and fa["grade"] != implied_grade:
        problems.append(f"{where}: grade {fa['grade']} not written in the text")
    if fa["category"] and fa["category"].lower() not in text.lower():
        problems.append(f"{where}: category {fa['category']!r} not written in the text")
    if fa["zone"] and fa["zone"] != implied_zone:
        problems.append(f"{where}: zone {fa['zone']} not written in the text")
    short = re.sub(r"^(Kabupaten|Kota|Provinsi) ", "", fa["region"])
    if short not in text:
        problems.append(f"{where}: region name {short!r} not in the text")
    # era consistency
    ez = expected_zone(fa["instrument"], fa["year"], fa["score"])
    if fa["zone"] is not None and ez is not None:
        if (fa["zone"] != ez) != (fa.get("note") == "zone_mismatch"):
            problems.append(f"{where}: zone {fa['zone']} vs era table {ez} (note={fa.get('note')})")
    eg = expected_grade(fa["instrument"], fa["year"], fa["score"])
    if fa["grade"] is not None and eg is not None and fa["grade"] != eg:
        problems.append(f"{where}: grade {fa['grade']} vs table {eg}")
    table = IKM_CATEGORY if fa["instrument"] == "ikm" else OPINI_CATEGORY if fa["instrument"] == "ombudsman_opini" else None
    if table and fa["category"] and eg and table[eg] != fa["category"]:
        problems.append(f"{where}: category {fa['category']!r} vs table {table[eg]!r}")
    if fa["instrument"] == "ombudsman_opini":
        if not 2022 <= fa["year"] <= 2024 or not fa["category"] or "kualitas" not in fa["category"]:
            problems.append(f"{where}: ombudsman_opini needs a 2022-2024 opinion category")
    if fa["instrument"] == "ombudsman_kepatuhan" and fa["category"] and "kualitas" in fa["category"]:
        problems.append(f"{where}: an opinion category makes it ombudsman_opini")
    # year: written in the article, or inferred by the publication-month rule
    pub = a["published"]
    if fa.get("note") == "year_inferred":
        want = pub.year if pub.month >= 7 else pub.year - 1
        if fa["year"] != want:
            problems.append(f"{where}: inferred year should be {want}")
        if re.search(r"(?<!\d)(19|20)\d\d(?!\d)", text):
            problems.append(f"{where}: year inferred although the article writes a year")
    elif str(fa["year"]) not in text:
        problems.append(f"{where}: year {fa['year']} not written in the article")
    if fa["phrasing"] == "simple":
        pos = text.find(ev)
        if pos >= 0 and str(fa["year"]) not in text[: pos + 400]:
            problems.append(f"{where}: simple fact without its year before/in the sentence")


def main() -> int:
    problems = run_checks()
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    facts = [fa for a in gold["articles"] for fa in a["facts"]]
    per_site = Counter(a["site"] for a in gold["articles"])
    simple = sum(fa["phrasing"] == "simple" for fa in facts)
    print(f"articles: {dict(per_site)}; gold facts: {len(facts)} ({simple} simple, {len(facts) - simple} hard)")
    if problems:
        print(f"{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  - {p}", file=sys.stderr)
        return 1
    print("sample web OK")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
