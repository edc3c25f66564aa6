"""Stored HTML -> one clean ``Article`` (a dict with the `articles` columns), or a discard.

Pure: no network, no files. trafilatura finds the main text and metadata; our rules
remove Indonesian news noise and find the publication date with where it came from.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

import htmldate
import lxml.html
import trafilatura

from nlp import dates, dedup, language, noise

EXTRACTOR_VERSION = "0.2.0"
MIN_TEXT_CHARS = 300


@dataclass
class Extracted:
    article: dict | None
    discard_reason: str | None = None
    discard_detail: str | None = None


def sha1(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()


def normalize_for_hash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _meta_dates(tree: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """(source, value) candidates from meta tags, <time> and JSON-LD, best first."""
    out: list[tuple[str, str]] = []
    for prop in ("article:published_time", "og:published_time", "datePublished"):
        for v in tree.xpath(f'//meta[@property="{prop}" or @name="{prop}" or @itemprop="{prop}"]/@content'):
            out.append(("meta", v))
    for node in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(node)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict):
                graph = item.get("@graph", [item])
                for g in graph if isinstance(graph, list) else []:
                    if isinstance(g, dict) and g.get("datePublished"):
                        out.append(("jsonld", str(g["datePublished"])))
    for prop in ("date", "pubdate", "publishdate", "DC.date.issued"):
        for v in tree.xpath(f'//meta[@name="{prop}"]/@content'):
            out.append(("meta", v))
    # <time datetime>: the published one; a theme's "updated" time is not the date of the article
    times = tree.xpath("//time[@datetime]")
    for t in sorted(times, key=lambda t: 0 if "publish" in (t.get("class", "") + t.get("itemprop", "")).lower() else 1):
        if "updated" in t.get("class", "") or t.get("itemprop") == "dateModified":
            continue
        out.append(("meta", t.get("datetime")))
    return out


_DATE_CLASS = re.compile(r"date|tgl|tanggal|posted|post-meta|entry-meta|info-berita|published|waktu", re.I)
_LIST_CLASS = re.compile(r"side|widget|popul|related|terkait|lainnya|recent|footer|menu|nav", re.I)


def date_elements(tree: lxml.html.HtmlElement) -> list[str]:
    """Texts of the elements a theme marks as the article's date, in page order."""
    out = []
    candidates = tree.xpath("//body//*[" + " or ".join(
        f"contains(translate(@class,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz'),'{w}')"
        for w in ("date", "tgl", "tanggal", "posted", "meta", "info-berita", "published", "waktu")) + "]")
    for el in candidates:
        if not _DATE_CLASS.search(el.get("class", "")):
            continue
        if any(_LIST_CLASS.search(a.get("class", "") + " " + a.get("id", "")) for a in el.iterancestors()):
            continue
        if any(a.tag in ("aside", "nav", "footer", "a", "li") for a in el.iterancestors()):
            continue
        txt = " ".join(el.text_content().split())
        if txt:
            out.append(txt)
    return out


def _first(tree: lxml.html.HtmlElement, *xpaths: str) -> str | None:
    for xp in xpaths:
        for v in tree.xpath(xp):
            v = " ".join(str(v).split())
            if v:
                return v
    return None


def page_title(tree: lxml.html.HtmlElement) -> str | None:
    """The headline: og:title, else the article's h1/h2 title, else <title> without the
    site name. Read here rather than by trafilatura's metadata pass, which costs as much
    as the text extraction itself."""
    title = _first(tree, '//meta[@property="og:title"]/@content',
                   '//h1[contains(@class,"title")]//text()', "//article//h1//text()", "//h1//text()",
                   '//h2[contains(@class,"title")]//text()')
    if title:
        return title
    raw = _first(tree, "//title/text()")
    return re.split(r"\s+[-|–]\s+", raw)[0] if raw else None


def page_author(tree: lxml.html.HtmlElement) -> str | None:
    return _first(tree, '//meta[@name="author"]/@content', '//meta[@property="article:author"]/@content',
                  '//*[@rel="author"]//text()', '//*[contains(@class,"author-name")]//text()')


def unwrap_layout_tables(tree: lxml.html.HtmlElement) -> bool:
    """Turn layout tables (cells holding paragraphs, headings or other tables, as old
    portal CMSs use) into plain blocks, so the text is read as prose and not as a table.
    Data tables keep their structure. Returns whether anything changed."""
    changed = False
    def is_data(table) -> bool:
        """A table of values: a header row, or mostly numeric cells ("89,12")."""
        cells = [c for c in table.iter("td", "th") if next(c.iterancestors("table")) is table]
        if any(c.tag == "th" for c in cells):
            return True
        numeric = sum(bool(re.fullmatch(r"[\d.,%\s-]+", c.text_content().strip() or "x")) for c in cells)
        return len(cells) >= 4 and numeric / len(cells) >= 0.3

    layout = [t for t in tree.xpath("//table")
              if t.xpath(".//p or .//h1 or .//h2 or .//h3 or .//h4 or .//div or .//table")
              or (t.xpath("ancestor::table") and not is_data(t))]
    for table in layout:
        # only this table's own rows and cells: a data table nested inside stays a table
        own = [el for el in table.iter("tbody", "thead", "tfoot", "tr", "td", "th")
               if next(el.iterancestors("table")) is table]
        for el in [table, *own]:
            el.tag = "div"
            el.attrib.pop("colspan", None)
            el.attrib.pop("rowspan", None)
        changed = True
    return changed


def parse_iso(value: str) -> tuple[datetime, str | None] | None:
    """ISO 8601 date or datetime -> (UTC datetime, stated offset or None)."""
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            d = date.fromisoformat(v)
            return datetime.combine(d, time(0), tzinfo=timezone.utc), None
        dt = datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=timezone.utc), None
    off = dt.utcoffset() or timedelta(0)
    sign = "-" if off < timedelta(0) else "+"
    mins = abs(int(off.total_seconds())) // 60
    return dt.astimezone(timezone.utc), f"{sign}{mins // 60:02d}:{mins % 60:02d}"


URL_DATE = re.compile(r"/(20\d{2})/(\d{1,2})/(\d{1,2})/")


def find_published(meta_dates: list[tuple[str, str]], url: str, text: str, html: str,
                   date_texts: list[str] | None = None) -> tuple[datetime | None, str | None, str | None]:
    """(published UTC, offset, source) with the first source that yields a valid date."""
    for source, value in meta_dates:
        parsed = parse_iso(value)
        if parsed:
            return parsed[0], parsed[1], source
    m = URL_DATE.search(url)
    page_day: date | None = None
    if m:
        try:
            page_day = date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            page_day = None
        if page_day:
            return datetime.combine(page_day, time(0), tzinfo=timezone.utc), None, "url"
    # A visible date in an element the theme marks as the article's date ("span.date",
    # "td.info-berita", "div.entry-meta"), outside sidebars and lists of other articles.
    if date_texts:
        for chunk in date_texts:
            days = [d for d in dates.find_dates(chunk) if d.precision == "day" and d.has_year and d.value]
            if days:
                tz = days[0].iso[16:] if days[0].iso and len(days[0].iso) > 16 else None
                return datetime.combine(days[0].value, time(0), tzinfo=timezone.utc), tz or None, "text"
    # A dateline with its year in the first lines of the text: "Kamis (5/9/2019)".
    dl = dates.first_dateline(text)
    if dl and dl.value and dl.has_year:
        return datetime.combine(dl.value, time(0), tzinfo=timezone.utc), None, "dateline"
    # Elsewhere on the page: htmldate reads Indonesian month names with extensive_search.
    # A bare year comes back as 1 January: that is no date.
    found = htmldate.find_date(html, extensive_search=True, original_date=True, outputformat="%Y-%m-%d")
    if found and not found.endswith("-01-01"):
        return datetime.combine(date.fromisoformat(found), time(0), tzinfo=timezone.utc), None, "text"
    return None, None, None


def extract_article(
    body: bytes | str,
    *,
    url: str,
    final_url: str,
    source_id: str,
    page_id: str,
    fetched_at: datetime,
    content_type: str | None,
) -> Extracted:
    """Turn one stored page into an article dict (without run_id) or a discard."""
    if content_type and "html" not in content_type.lower():
        return Extracted(None, "not_html", f"content type {content_type}")
    html = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    if not html.strip():
        return Extracted(None, "too_short", "empty body")
    try:
        tree = lxml.html.fromstring(html)
    except (lxml.etree.ParserError, ValueError) as exc:
        return Extracted(None, "not_html", f"unparseable HTML: {exc}")
    # Everything read from the page as served comes first: trafilatura prunes the tree
    # it is given, and giving it ours spares it a second parse.
    title = page_title(tree)
    author = page_author(tree)
    canonical = None
    for href in tree.xpath('//link[@rel="canonical"]/@href') + tree.xpath('//meta[@property="og:url"]/@content'):
        if href.startswith("http"):
            canonical = href.strip()
            break
    canonical = canonical or final_url
    meta_dates = _meta_dates(tree)
    # Visible date elements are only needed when no meta date or URL date exists.
    date_texts = [] if (meta_dates or URL_DATE.search(final_url)) else date_elements(tree)
    unwrap_layout_tables(tree)
    doc = trafilatura.bare_extraction(
        tree, url=final_url, with_metadata=False, include_comments=False,
        include_tables=True, favor_precision=False,
    )
    raw_text = (doc.text if doc is not None else "") or ""
    text, _removed = noise.clean_lines(raw_text)
    text = noise.drop_leading_title(text, title)
    if len(text) < MIN_TEXT_CHARS:
        return Extracted(None, "too_short", f"{len(text)} characters of main text (< {MIN_TEXT_CHARS})")
    lang = language.detect(text)
    if lang != "id":
        return Extracted(None, "wrong_language", f"detected language '{lang}' (lingua), not Indonesian")
    published, tz, published_source = find_published(meta_dates, final_url, text, html, date_texts)
    article = {
        "article_id": sha1(canonical),
        "page_id": page_id,
        "source_id": source_id,
        "url": url,
        "canonical_url": canonical,
        "title": title,
        "text": text,
        "published": published,
        "published_tz": tz,
        "published_source": published_source,
        "author": author,
        "language": lang,
        "content_sha1": sha1(normalize_for_hash(text)),
        "text_minhash": dedup.signature(text),
        "duplicate_of": None,
        "fetched_at": fetched_at,
        "extractor_version": EXTRACTOR_VERSION,
    }
    return Extracted(article)


def is_relevant(text: str, keywords: list[str] | tuple[str, ...]) -> bool:
    """Whether the text mentions one of the keywords (whole words, any case)."""
    if not keywords:
        return True
    pattern = r"\b(?:" + "|".join(re.escape(k.strip()) for k in keywords) + r")\b"
    return re.search(pattern, text, re.IGNORECASE) is not None


def mark_duplicates(articles: list[dict]) -> None:
    """Set ``duplicate_of`` on every article that is an exact or near copy of an earlier one.

    Copies are grouped by content hash and by MinHash similarity of their texts
    (``nlp.dedup``); in each group the earliest copy (by publication date, then fetch
    time, then id) is the original. ``articles`` must include the stored articles that
    may be copies of new ones.
    """
    parent = {a["article_id"]: a["article_id"] for a in articles}

    def find(k: str) -> str:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    by_hash: dict[str, str] = {}
    for a in articles:
        first = by_hash.setdefault(a["content_sha1"], a["article_id"])
        parent[find(a["article_id"])] = find(first)
    sigs = [(a["article_id"], a["text_minhash"]) for a in articles if a.get("text_minhash")]
    for group in dedup.near_duplicate_groups(sigs):
        ids = sorted(group)
        for other in ids[1:]:
            parent[find(other)] = find(ids[0])
    groups: dict[str, list[dict]] = {}
    for a in articles:
        groups.setdefault(find(a["article_id"]), []).append(a)
    far = datetime.max.replace(tzinfo=timezone.utc)
    for group in groups.values():
        group.sort(key=lambda a: (a["published"] or far, a["fetched_at"], a["article_id"]))
        first = group[0]
        first["duplicate_of"] = None
        for a in group[1:]:
            a["duplicate_of"] = first["article_id"]
