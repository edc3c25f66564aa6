"""One article in, its mentions and assessments out (pure: no files, no network).

``analyze`` works on clean text; ``parse_document`` takes a whole input as ``pantau
parse`` reads it (HTML through the extraction stage, any other file as plain text whose
first line is the title) and returns the JSON object that command prints.
"""

from __future__ import annotations

from datetime import datetime, timezone

from nlp import dates, extract, facts, noise, pipeline, regions
from nlp.language import detect as lang_detect


def analyze(text: str, article_id: str, published: datetime | None,
            explain: list | None = None) -> tuple[list[dict], list[dict]]:
    """Mentions and assessments of one text. ``explain``: a list that receives, per
    sentence that made a fact or dropped a candidate, the facts and the reasons."""
    nlp = pipeline.build()
    doc = nlp.make_doc(text)
    stated = None if published else dates.reference_date(text)
    doc.user_data["reference_date"] = published.date() if published else stated
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    reference = datetime(stated.year, stated.month, stated.day, tzinfo=timezone.utc) if stated else None
    trace: list | None = [] if explain is not None else None
    assessments = facts.extract_facts(doc, article_id, published, reference, trace)
    if explain is not None:
        explain.extend(explanation(doc, assessments, trace or []))
    return facts.mentions(doc, article_id), assessments


def explanation(doc, assessments: list[dict], trace: list) -> list[dict]:
    """Per sentence: the facts made from it and the candidates dropped, with the reason."""
    from nlp.enumerations import SKIPS

    sents = list(doc.sents)
    out: dict[int, dict] = {}

    def entry(i: int) -> dict:
        return out.setdefault(i, {"sentence": i, "text": sents[i].text.strip(), "facts": [], "dropped": []})

    for a in assessments:
        i = next((k for k, s in enumerate(sents) if s.start_char <= a["evidence_start"] < s.end_char), None)
        if i is not None:
            entry(i)["facts"].append({k: a[k] for k in ("institution", "region", "instrument", "year", "year_source",
                                                        "score", "grade", "zone", "category")})
    for d in trace:
        if d.reason is None:
            continue
        entry(d.sentence_index)["dropped"].append({"candidate": d.subject, "reason": d.reason,
                                                   "why": SKIPS.get(d.reason, d.reason)})
    return [out[i] for i in sorted(out)]


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
                   published: datetime | None = None, is_html: bool | None = None,
                   explain: bool = False) -> dict:
    """The facts of one input, as ``pantau parse`` prints them; with ``explain`` also an
    ``explain`` list (see ``analyze``)."""
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
    trace: list | None = [] if explain else None
    mentions, assessments = analyze(text, article_id, published, trace)
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
    out = {
        "path": path,
        "title": title,
        "published": published.isoformat() if published else None,
        "language": language,
        "assessments": [{k: a[k] for k in keep} for a in assessments],
        "regulations": regulations,
        "regions": seen_regions,
    }
    if trace is not None:
        out["explain"] = trace
    return out
