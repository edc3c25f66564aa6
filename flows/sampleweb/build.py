#!/usr/bin/env python3
"""Render the bundled offline sample web from ``content/`` into ``sites/<site_id>/``.

Three made-up sites, each with its own markup and noise:

* ``wartadewata`` - a WordPress news site (tagDiv "Newspaper" theme): posts at
  ``/YYYY/MM/DD/slug/``, ``/wp-sitemap.xml``, ``/feed/``, category/tag/author archives.
* ``ombudsman``   - an Ombudsman-RI-like custom CMS: ``/news/r/<slug>``,
  ``/perwakilan/news/r/pwk--<slug>`` and ``pwkmedia--<slug>``, paginated listings.
* ``portal``      - an old-school ``*.go.id`` regional portal: ``/berita/`` listing,
  ``/berita/detail/<id>/<slug>.html``.

Every absolute URL is written with the literal placeholder ``{{BASE}}``; the server
(``server.py``) substitutes ``http://127.0.0.1:PORT`` at serve time.  Besides the pages,
each site directory gets a ``.lastmod.json`` (relative file path -> HTTP date) that the
server uses for ``Last-Modified``; dot-files are never served.

Rendering is deterministic: no clock, no randomness, sorted inputs, fixed formatting.

    python flows/sampleweb/build.py            # (re)writes flows/sampleweb/sites/
    python flows/sampleweb/build.py --out DIR  # render elsewhere (used by check.py)

Only the standard library, PyYAML and Jinja2 are used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

HERE = Path(__file__).resolve().parent
CONTENT_DIR = HERE / "content"
TEMPLATE_DIR = HERE / "templates"
DEFAULT_OUT = HERE / "sites"

BASE = "{{BASE}}"  # replaced by the server; templates write it as {{ B }}
SITE_IDS = ("wartadewata", "ombudsman", "portal")
LASTMOD_FILE = ".lastmod.json"
UTC = dt.timezone.utc

HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]
TZ_LABEL = {7: "WIB", 8: "WITA", 9: "WIT"}

WD_CATEGORIES = {"bali": "Bali", "ntt": "NTT", "bengkulu": "Bengkulu"}

BODY_TYPES = ("p", "baca_juga", "caption", "code")


class ContentError(Exception):
    pass


# --------------------------------------------------------------------------- helpers


def slugify(text: str) -> str:
    text = text.lower().replace("/", "-")
    text = re.sub(r"[^a-z0-9]+", "-", text)
    return text.strip("-")


def parse_dt(value: Any, where: str) -> dt.datetime:
    if isinstance(value, dt.datetime):
        d = value
    else:
        d = dt.datetime.fromisoformat(str(value))
    if d.tzinfo is None:
        raise ContentError(f"{where}: datetime without UTC offset: {value!r}")
    return d


def tz_hours(d: dt.datetime) -> int:
    off = d.utcoffset()
    assert off is not None
    return int(off.total_seconds() // 3600)


def date_id(d: dt.datetime) -> str:
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def date_id_padded(d: dt.datetime) -> str:
    return f"{d.day:02d} {BULAN[d.month - 1]} {d.year}"


def day_date_id(d: dt.datetime) -> str:
    return f"{HARI[d.weekday()]}, {date_id(d)}"


def http_date(d: dt.datetime) -> str:
    return format_datetime(d.astimezone(UTC), usegmt=True)


def rfc822(d: dt.datetime) -> str:
    # WordPress feeds print GMT with a numeric zone
    return d.astimezone(UTC).strftime("%a, %d %b %Y %H:%M:%S +0000")


def iso_utc(d: dt.datetime) -> str:
    return d.astimezone(UTC).isoformat()


def fmt_thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def excerpt(paragraphs: list[str], words: int = 28) -> str:
    for p in paragraphs:
        if p.startswith("Siaran Pers") or p.startswith("Narahubung"):
            continue
        toks = p.split()
        if len(toks) <= words:
            return p
        return " ".join(toks[:words]) + " …"
    return ""


def norm_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


# --------------------------------------------------------------------------- loading


def _norm_body(raw: Any, where: str) -> list[dict[str, str]]:
    if not isinstance(raw, list) or not raw:
        raise ContentError(f"{where}: body must be a non-empty list")
    out: list[dict[str, str]] = []
    for i, item in enumerate(raw):
        if isinstance(item, str):
            out.append({"type": "p", "text": norm_ws(item)})
        elif isinstance(item, dict) and len(item) == 1:
            (key, val), = item.items()
            if key == "baca_juga":
                out.append({"type": "baca_juga", "ref": str(val)})
            elif key in ("caption", "code"):
                out.append({"type": key, "text": norm_ws(str(val))})
            else:
                raise ContentError(f"{where}: body[{i}] unknown item type {key!r}")
        else:
            raise ContentError(f"{where}: body[{i}] must be a string or a one-key mapping")
    return out


def load_content(content_dir: Path = CONTENT_DIR) -> dict[str, list[dict[str, Any]]]:
    """Load and validate every article; returns {site_id: [article, ...]} newest first."""
    sites: dict[str, list[dict[str, Any]]] = {s: [] for s in SITE_IDS}
    seen_paths: set[tuple[str, str]] = set()
    for site in SITE_IDS:
        for f in sorted((content_dir / site).glob("*.yaml")):
            where = f.relative_to(content_dir).as_posix()
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
            if not isinstance(data, dict):
                raise ContentError(f"{where}: not a mapping")
            if data.get("site") != site:
                raise ContentError(f"{where}: site must be {site!r}")
            for key in ("path", "title", "published", "author"):
                if not data.get(key):
                    raise ContentError(f"{where}: missing {key}")
            a: dict[str, Any] = dict(data)
            a["file"] = where
            a["title"] = norm_ws(a["title"])
            a["published"] = parse_dt(a["published"], where)
            a["modified"] = parse_dt(a.get("modified") or a["published"], where)
            a["views"] = int(a.get("views", 0))
            a["tags"] = [str(t) for t in a.get("tags", [])]
            if "body_from" in a:
                if "body" in a:
                    raise ContentError(f"{where}: body and body_from are exclusive")
                a["body"] = None
            else:
                a["body"] = _norm_body(a.get("body"), where)
            key = (site, a["path"])
            if key in seen_paths:
                raise ContentError(f"{where}: duplicate path {a['path']}")
            seen_paths.add(key)
            _validate_site_specific(site, a, where)
            sites[site].append(a)

    # resolve body_from (republished copies take the original's body verbatim)
    index = {(s, a["path"]): a for s in SITE_IDS for a in sites[s]}
    for site in SITE_IDS:
        for a in sites[site]:
            if a["body"] is None:
                ref = a["body_from"]
                orig = index.get((ref["site"], ref["path"]))
                if orig is None or orig["body"] is None:
                    raise ContentError(f"{a['file']}: body_from target not found: {ref}")
                if any(b["type"] != "p" for b in orig["body"]):
                    raise ContentError(f"{a['file']}: original must have plain paragraphs only")
                if not (orig["published"] < a["published"]):
                    raise ContentError(f"{a['file']}: copy must be published after the original")
                a["body"] = [dict(b) for b in orig["body"]]
                a["original"] = orig

    # resolve inline "Baca Juga" links (same site, older article)
    for site in SITE_IDS:
        for a in sites[site]:
            for b in a["body"]:
                if b["type"] == "baca_juga":
                    target = index.get((site, b["ref"]))
                    if target is None:
                        raise ContentError(f"{a['file']}: baca_juga target {b['ref']} not found")
                    if target["published"] >= a["published"]:
                        raise ContentError(f"{a['file']}: baca_juga must point to an older post")
                    b["path"] = target["path"]
                    b["title"] = target["title"]

    for site in SITE_IDS:
        for a in sites[site]:
            a["paragraphs"] = [b["text"] for b in a["body"] if b["type"] == "p"]
            a["excerpt"] = excerpt(a["paragraphs"])
            a["published_iso"] = a["published"].isoformat()
            a["modified_iso"] = a["modified"].isoformat()
            a["date_id"] = date_id(a["published"])
            a["date_day_id"] = day_date_id(a["published"])
            a["date_iso"] = a["published"].date().isoformat()
            a["views_fmt"] = fmt_thousands(a["views"])
        sites[site].sort(key=lambda x: (x["published"], x["path"]), reverse=True)
    return sites


def _validate_site_specific(site: str, a: dict[str, Any], where: str) -> None:
    path = a["path"]
    d = a["published"]
    if site == "wartadewata":
        m = re.fullmatch(r"/(\d{4})/(\d{2})/(\d{2})/([a-z0-9-]+)/", path)
        if not m:
            raise ContentError(f"{where}: bad WordPress path {path}")
        if (int(m[1]), int(m[2]), int(m[3])) != (d.year, d.month, d.day):
            raise ContentError(f"{where}: path date differs from published date")
        if a.get("category") not in WD_CATEGORIES:
            raise ContentError(f"{where}: category must be one of {sorted(WD_CATEGORIES)}")
        if a.get("comment_form") not in ("en", "id"):
            raise ContentError(f"{where}: comment_form must be en or id")
        a["slug"] = m[4]
    elif site == "ombudsman":
        kind = a.get("kind")
        pat = {
            "siaran_pers": r"/news/r/([a-z0-9-]+)",
            "perwakilan": r"/perwakilan/news/r/(pwk--[a-z0-9-]+)",
            "pwkmedia": r"/perwakilan/news/r/(pwkmedia--[a-z0-9-]+)",
        }.get(kind)
        if pat is None:
            raise ContentError(f"{where}: kind must be siaran_pers, perwakilan or pwkmedia")
        m = re.fullmatch(pat, path)
        if not m:
            raise ContentError(f"{where}: bad path {path} for kind {kind}")
        if kind != "siaran_pers" and not a.get("office"):
            raise ContentError(f"{where}: regional news needs an office")
        if kind == "pwkmedia" and not a.get("source"):
            raise ContentError(f"{where}: pwkmedia needs a source")
        if tz_hours(d) not in TZ_LABEL:
            raise ContentError(f"{where}: offset must be WIB/WITA/WIT")
        a["slug"] = m[1]
    elif site == "portal":
        m = re.fullmatch(r"/berita/detail/(\d+)/([a-z0-9-]+)\.html", path)
        if not m or int(m[1]) != int(a.get("id", -1)):
            raise ContentError(f"{where}: bad portal path {path} (id {a.get('id')})")
        if not (a.get("show_posted") or a.get("meta_date")):
            raise ContentError(f"{where}: a portal page needs show_posted or meta_date")
        a["slug"] = m[2]


# --------------------------------------------------------------------------- output


class Output:
    """Collects rendered files, then writes them in one go (sorted, deterministic)."""

    def __init__(self) -> None:
        self.files: dict[str, str] = {}
        self.lastmod: dict[str, dt.datetime] = {}

    def add(self, rel: str, text: str, lastmod: dt.datetime) -> None:
        rel = rel.lstrip("/")
        if rel in self.files:
            raise ContentError(f"two outputs for {rel}")
        if not text.endswith("\n"):
            text += "\n"
        self.files[rel] = text
        self.lastmod[rel] = lastmod

    def write(self, site_dir: Path) -> None:
        if site_dir.exists():
            shutil.rmtree(site_dir)
        site_dir.mkdir(parents=True)
        for rel in sorted(self.files):
            p = site_dir / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(self.files[rel], encoding="utf-8", newline="\n")
        meta = {rel: http_date(self.lastmod[rel]) for rel in sorted(self.lastmod)}
        (site_dir / LASTMOD_FILE).write_text(
            json.dumps(meta, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
            encoding="utf-8",
            newline="\n",
        )


def make_env(site: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(TEMPLATE_DIR / site)]),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["B"] = BASE
    return env


def newest(articles: list[dict[str, Any]]) -> dt.datetime:
    return max(a["modified"] for a in articles)


def paginate(items: list[Any], per_page: int) -> list[list[Any]]:
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]


# --------------------------------------------------------------------------- wartadewata


def build_wartadewata(articles: list[dict[str, Any]]) -> Output:
    env = make_env("wartadewata")
    out = Output()
    site_newest = newest(articles)

    chrono = sorted(articles, key=lambda a: (a["published"], a["path"]))
    for i, a in enumerate(chrono):
        a["post_id"] = 2100 + 13 * i
        a["cat"] = {"slug": a["category"], "name": WD_CATEGORIES[a["category"]]}
        a["author_slug"] = slugify(a["author"])
        a["tag_objs"] = [{"slug": slugify(t), "name": t} for t in a["tags"]]
        a["image"] = f"/wp-content/uploads/{a['published']:%Y/%m}/{a['slug'][:40]}.jpg"
        a["pubdate"] = rfc822(a["published"])
        a["prev"] = chrono[i - 1] if i > 0 else None
        a["next"] = chrono[i + 1] if i + 1 < len(chrono) else None

    categories = []
    for slug, name in WD_CATEGORIES.items():
        posts = [a for a in articles if a["category"] == slug]
        categories.append({"slug": slug, "name": name, "posts": posts, "count": len(posts)})
    popular = sorted(articles, key=lambda a: (-a["views"], a["path"]))[:5]
    recent = articles[:5]
    common = {"categories": categories, "popular": popular, "recent": recent}

    body_tpl = env.get_template("_body.html")
    for a in articles:
        a["content_html"] = body_tpl.render(a=a).strip()
        jsonld = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "NewsArticle",
                    "@id": f"{BASE}{a['path']}#article",
                    "headline": a["title"],
                    "datePublished": a["published_iso"],
                    "dateModified": a["modified_iso"],
                    "author": {"@type": "Person", "name": a["author"]},
                    "articleSection": [a["cat"]["name"]],
                    "inLanguage": "id",
                    "mainEntityOfPage": {"@id": f"{BASE}{a['path']}"},
                    "publisher": {"@type": "Organization", "name": "Warta Dewata"},
                },
                {
                    "@type": "BreadcrumbList",
                    "itemListElement": [
                        {"@type": "ListItem", "position": 1, "name": "Beranda", "item": f"{BASE}/"},
                        {"@type": "ListItem", "position": 2, "name": a["title"]},
                    ],
                },
            ],
        }
        a["jsonld"] = json.dumps(jsonld, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")

    # related posts: same category first, nearest in time; then others
    for a in articles:
        def dist(b: dict[str, Any], a: dict[str, Any] = a) -> tuple[int, float, str]:
            return (
                0 if b["category"] == a["category"] else 1,
                abs((b["published"] - a["published"]).total_seconds()),
                b["path"],
            )

        a["related"] = sorted((b for b in articles if b is not a), key=dist)[:3]

    single = env.get_template("single.html")
    for a in articles:
        out.add(a["path"] + "index.html", single.render(a=a, **common), a["modified"])

    archive = env.get_template("archive.html")
    out.add(
        "index.html",
        archive.render(
            heading="Berita Terbaru", crumb=None, posts=articles[:10], is_home=True, **common
        ),
        site_newest,
    )
    for c in categories:
        out.add(
            f"category/{c['slug']}/index.html",
            archive.render(heading=c["name"], crumb=c["name"], posts=c["posts"], is_home=False, **common),
            newest(c["posts"]),
        )
    tags: dict[str, dict[str, Any]] = {}
    authors: dict[str, dict[str, Any]] = {}
    for a in articles:
        for t in a["tag_objs"]:
            tags.setdefault(t["slug"], {"name": t["name"], "posts": []})["posts"].append(a)
        authors.setdefault(a["author_slug"], {"name": a["author"], "posts": []})["posts"].append(a)
    for slug in sorted(tags):
        t = tags[slug]
        out.add(
            f"tag/{slug}/index.html",
            archive.render(heading=f"Tag: {t['name']}", crumb=t["name"], posts=t["posts"], is_home=False, **common),
            newest(t["posts"]),
        )
    for slug in sorted(authors):
        au = authors[slug]
        out.add(
            f"author/{slug}/index.html",
            archive.render(heading=f"Penulis: {au['name']}", crumb=au["name"], posts=au["posts"], is_home=False, **common),
            newest(au["posts"]),
        )

    pages = [
        {
            "path": "/redaksi/",
            "title": "Redaksi",
            "paragraphs": [
                "Warta Dewata adalah media daring yang memberitakan peristiwa di Bali, Nusa "
                "Tenggara Timur, dan Bengkulu, dengan perhatian khusus pada pelayanan publik.",
                "Pemimpin Redaksi: Made Ariawan. Redaktur: Yohanes Bria, Rini Oktaviani. "
                "Reporter: Komang Wirawan, Wayan Sukerta, Fransiska Bui.",
                "Alamat redaksi: Jl. Raya Puputan, Renon, Denpasar, Bali.",
            ],
        },
        {
            "path": "/pedoman-media-siber/",
            "title": "Pedoman Pemberitaan Media Siber",
            "paragraphs": [
                "Warta Dewata menjalankan Pedoman Pemberitaan Media Siber yang ditetapkan "
                "Dewan Pers. Setiap berita diverifikasi sebelum diterbitkan.",
                "Ralat, koreksi, dan hak jawab dimuat pada berita yang bersangkutan dan "
                "disampaikan melalui alamat surel redaksi.",
            ],
        },
    ]
    page_tpl = env.get_template("page.html")
    for p in pages:
        out.add(p["path"].strip("/") + "/index.html", page_tpl.render(p=p, **common), site_newest)

    feed_items = articles[:10]
    out.add(
        "feed/index.xml",
        env.get_template("feed.xml").render(
            items=feed_items, last_build=rfc822(newest(feed_items))
        ),
        newest(feed_items),
    )

    urlset = env.get_template("sitemap-urlset.xml")
    posts_urls = [{"path": a["path"], "lastmod": iso_utc(a["modified"])} for a in articles]
    out.add("wp-sitemap-posts-post-1.xml", urlset.render(urls=posts_urls), site_newest)
    out.add(
        "wp-sitemap-posts-page-1.xml",
        urlset.render(urls=[{"path": p["path"], "lastmod": None} for p in pages]),
        site_newest,
    )
    out.add(
        "wp-sitemap-taxonomies-category-1.xml",
        urlset.render(urls=[{"path": f"/category/{c['slug']}/", "lastmod": None} for c in categories]),
        site_newest,
    )
    out.add(
        "wp-sitemap.xml",
        env.get_template("sitemap-index.xml").render(
            sitemaps=[
                "/wp-sitemap-posts-post-1.xml",
                "/wp-sitemap-posts-page-1.xml",
                "/wp-sitemap-taxonomies-category-1.xml",
            ]
        ),
        site_newest,
    )
    out.add(
        "robots.txt",
        "User-agent: *\nDisallow:\n\nSitemap: " + BASE + "/wp-sitemap.xml\n",
        site_newest,
    )
    return out


# --------------------------------------------------------------------------- ombudsman


OMB_PER_PAGE = {"news": 3, "perwakilan/news": 4}


def build_ombudsman(articles: list[dict[str, Any]]) -> Output:
    env = make_env("ombudsman")
    out = Output()
    site_newest = newest(articles)
    for a in articles:
        a["tz_label"] = TZ_LABEL[tz_hours(a["published"])]
        a["time_label"] = f"{a['published']:%H:%M} {a['tz_label']}"
        if a["kind"] == "siaran_pers":
            a["section"], a["listing_path"], a["category_label"] = "Berita", "/news/", "Siaran Pers"
        elif a["kind"] == "perwakilan":
            a["section"], a["listing_path"], a["category_label"] = (
                "Berita Perwakilan", "/perwakilan/news/", "Berita Perwakilan")
        else:
            a["section"], a["listing_path"], a["category_label"] = (
                "Berita Perwakilan", "/perwakilan/news/", "Ombudsman di Media")
    latest = articles[:5]
    common = {"latest": latest}

    detail = env.get_template("detail.html")
    for a in articles:
        out.add(a["path"].lstrip("/") + ".html", detail.render(a=a, **common), a["modified"])

    listing = env.get_template("listing.html")
    groups = {
        "news": ("Berita dan Siaran Pers", [a for a in articles if a["kind"] == "siaran_pers"]),
        "perwakilan/news": ("Berita Perwakilan", [a for a in articles if a["kind"] != "siaran_pers"]),
    }
    for prefix, (heading, items) in groups.items():
        chunks = paginate(items, OMB_PER_PAGE[prefix])
        urls = [f"/{prefix}/"] + [f"/{prefix}/page/{n}/" for n in range(2, len(chunks) + 1)]
        for n, chunk in enumerate(chunks, start=1):
            html = listing.render(
                heading=heading,
                items=chunk,
                page_num=n,
                pages=[{"num": k, "url": u, "current": k == n} for k, u in enumerate(urls, start=1)],
                prev_url=urls[n - 2] if n > 1 else None,
                next_url=urls[n] if n < len(chunks) else None,
                **common,
            )
            rel = urls[n - 1].lstrip("/") + "index.html"
            out.add(rel, html, newest(chunk))

    out.add(
        "index.html",
        env.get_template("home.html").render(
            national=groups["news"][1][:3], regional=groups["perwakilan/news"][1][:3], **common
        ),
        site_newest,
    )
    page_tpl = env.get_template("page.html")
    pages = [
        ("profil.html", "Profil Ombudsman Republik Indonesia", [
            "Ombudsman Republik Indonesia adalah lembaga negara yang mempunyai kewenangan "
            "mengawasi penyelenggaraan pelayanan publik, baik yang diselenggarakan oleh "
            "penyelenggara negara dan pemerintahan maupun badan usaha milik negara dan daerah.",
            "Ombudsman dibentuk berdasarkan Undang-Undang Nomor 37 Tahun 2008 dan memiliki "
            "kantor perwakilan di seluruh provinsi.",
        ]),
        ("pengaduan.html", "Cara Menyampaikan Laporan", [
            "Laporan dapat disampaikan secara langsung ke kantor Ombudsman, melalui surat, "
            "surel, laman resmi, maupun Call Center 137.",
            "Pelapor diminta melampirkan identitas, kronologi, dan bukti upaya penyelesaian "
            "kepada instansi terlapor. Ombudsman tidak memungut biaya apa pun.",
        ]),
    ]
    for rel, title, paras in pages:
        out.add(rel, page_tpl.render(title=title, paragraphs=paras, **common), site_newest)
    out.add(
        "robots.txt",
        "User-agent: *\nDisallow: /admin/\nDisallow: /cari\n",
        site_newest,
    )
    return out


# --------------------------------------------------------------------------- portal


PORTAL_PER_PAGE = 5


def build_portal(articles: list[dict[str, Any]]) -> Output:
    env = make_env("portal")
    out = Output()
    site_newest = newest(articles)
    for a in articles:
        a["date_portal"] = date_id_padded(a["published"])
        a["date_dmy"] = f"{a['published']:%d-%m-%Y}"
    popular = sorted(articles, key=lambda a: (-a["views"], a["path"]))[:5]
    common = {"popular": popular}

    detail = env.get_template("detail.html")
    for a in articles:
        others = [b for b in articles if b is not a][:4]
        out.add(a["path"].lstrip("/"), detail.render(a=a, others=others, **common), a["modified"])

    listing = env.get_template("listing.html")
    chunks = paginate(articles, PORTAL_PER_PAGE)
    urls = ["/berita/"] + [f"/berita/hal/{n}/" for n in range(2, len(chunks) + 1)]
    for n, chunk in enumerate(chunks, start=1):
        html = listing.render(
            items=chunk,
            page_num=n,
            pages=[{"num": k, "url": u, "current": k == n} for k, u in enumerate(urls, start=1)],
            next_url=urls[n] if n < len(chunks) else None,
            prev_url=urls[n - 2] if n > 1 else None,
            **common,
        )
        out.add(urls[n - 1].lstrip("/") + "index.html", html, newest(chunk))

    out.add("index.html", env.get_template("home.html").render(latest=articles[:5], **common), site_newest)
    page_tpl = env.get_template("page.html")
    pages = [
        ("profil/index.html", "Profil Daerah", [
            "Kabupaten Manggarai Barat dibentuk berdasarkan Undang-Undang Nomor 8 Tahun 2003 "
            "dengan ibu kota Labuan Bajo.",
            "Wilayah Manggarai Barat meliputi daratan bagian barat Pulau Flores dan gugusan "
            "pulau di sekitarnya, termasuk kawasan Taman Nasional Komodo.",
        ]),
        ("layanan/index.html", "Layanan Publik", [
            "Informasi standar pelayanan perangkat daerah dapat dilihat di masing-masing unit "
            "layanan dan di Mal Pelayanan Publik Kabupaten Manggarai Barat.",
            "Pengaduan pelayanan publik dapat disampaikan melalui SP4N-LAPOR! atau langsung ke "
            "Bagian Organisasi Setda Manggarai Barat.",
        ]),
        ("kontak/index.html", "Kontak", [
            "Dinas Komunikasi dan Informatika Kabupaten Manggarai Barat, Labuan Bajo, "
            "Nusa Tenggara Timur.",
        ]),
    ]
    for rel, title, paras in pages:
        out.add(rel, page_tpl.render(title=title, paragraphs=paras, **common), site_newest)
    out.add("robots.txt", "User-agent: *\nDisallow: /cpanel/\nDisallow: /admin/\n", site_newest)
    return out


BUILDERS = {
    "wartadewata": build_wartadewata,
    "ombudsman": build_ombudsman,
    "portal": build_portal,
}


def build(out_dir: Path = DEFAULT_OUT, content_dir: Path = CONTENT_DIR) -> dict[str, int]:
    """Render all sites into ``out_dir``; returns {site_id: number of articles}."""
    sites = load_content(content_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for site in SITE_IDS:
        BUILDERS[site](sites[site]).write(out_dir / site)
        counts[site] = len(sites[site])
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory (default: %(default)s)")
    args = ap.parse_args(argv)
    try:
        counts = build(args.out)
    except ContentError as exc:
        print(f"content error: {exc}", file=sys.stderr)
        return 1
    total = sum(counts.values())
    print(f"rendered {total} articles into {args.out}: " + ", ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
