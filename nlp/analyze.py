"""One article in, its mentions and assessments out (pure: no files, no network).

``analyze`` works on clean text; ``parse_document`` takes a whole input as ``pantau
parse`` reads it (HTML through the extraction stage, any other file as plain text whose
first line is the title) and returns the JSON object that command prints.
"""

from __future__ import annotations

from datetime import datetime, timezone

from nlp import dates, extract, facts, noise, pipeline, regions
from nlp.language import detect as lang_detect


def analyze(text: str, article_id: str, published: datetime | None) -> tuple[list[dict], list[dict]]:
    nlp = pipeline.build()
    doc = nlp.make_doc(text)
    stated = None if published else dates.reference_date(text)
    doc.user_data["reference_date"] = published.date() if published else stated
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    reference = datetime(stated.year, stated.month, stated.day, tzinfo=timezone.utc) if stated else None
    return facts.mentions(doc, article_id), facts.extract_facts(doc, article_id, published, reference)


def regulation_flags(normal: str) -> list[str]:
    """A regulation whose kind and number are known but whose year is not cannot be the
    one meant ("UU 25/2019" for the Public Service Law UU 25/2009): flagged, kept as written."""
    if normal in pipeline.KNOWN_REGULATIONS:
        return []
    kind_number = normal.rsplit("/", 1)[0] + "/"
    if any(k.startswith(kind_number) for k in pipeline.KNOWN_REGULATIONS):
        return ["year_mismatch"]
    return []


class NotAnArticle(ValueError):
    """An input the extraction stage discards (too short, not Indonesian, ...)."""


def parse_document(raw: bytes, *, path: str, url: str | None = None,
                   published: datetime | None = None, is_html: bool | None = None) -> dict:
    """The facts of one input, as ``pantau parse`` prints them."""
    if is_html is None:
        is_html = raw.lstrip()[:1] == b"<"
    if is_html:
        res = extract.extract_article(raw, url=url or path, final_url=url or path, source_id="parse",
                                      page_id=extract.sha1(path), fetched_at=datetime.now(timezone.utc),
                                      content_type="text/html")
        if res.article is None:
            raise NotAnArticle(f"{path}: not an article ({res.discard_reason}: {res.discard_detail})")
        art = res.article
        title, text, language = art["title"], art["text"], art["language"]
        published = art["published"] or published
        article_id = art["article_id"]
    else:
        title, _, body = raw.decode("utf-8", errors="replace").lstrip("\ufeff").partition("\n")
        title = title.strip() or None
        text, _removed = noise.clean_lines(body)
        language = lang_detect(text)
        article_id = extract.sha1(url or path)
    mentions, assessments = analyze(text, article_id, published)
    gaz = regions.load()
    seen_regions: list[str] = []
    for m in mentions:
        if m["label"] == "REGION" and m["normalized"] in gaz:
            name = gaz[m["normalized"]].canonical
            if name not in seen_regions:
                seen_regions.append(name)
    regulations = [{"text": m["text"], "normalized": m["normalized"], "flags": regulation_flags(m["normalized"])}
                   for m in mentions if m["label"] == "REGULATION"]
    keep = ("institution", "region", "region_code", "province", "assessor", "instrument", "year",
            "year_source", "score", "grade", "zone", "zone_derived", "category", "evidence",
            "evidence_start", "evidence_end", "confidence", "flags")
    return {
        "path": path,
        "title": title,
        "published": published.isoformat() if published else None,
        "language": language,
        "assessments": [{k: a[k] for k in keep} for a in assessments],
        "regulations": regulations,
        "regions": seen_regions,
    }
