"""Compliance facts from an analysed article: bind scores to regions, zones, grades,
categories, instruments and years, sentence by sentence.

The binding rules (each one a reason a fact is kept or dropped):

* A fact needs a SCORE bound to a prefixed REGION mention ("Kabupaten X", "Pemkot X",
  "Provinsi X"). A bare province name only locates another region: in
  "Pemkab Grobogan, Jawa Tengah (98,02)" the score belongs to Grobogan.
* A score binds to the nearest region before it in the sentence; a region takes a second
  score only when a new year is named in between ("tahun 2018 ... 50/E, sementara tahun
  2019 ... 68,45/C"). Otherwise the second score is ambiguous and dropped.
* The zone, grade and category are those written between the score's region (or the
  previous score) and the next score or region. A single zone written before every
  region of the sentence, or in the sentence just before a list that names none, is
  stated for the whole list ("Lima pemda masuk zona merah. Kota Kupang dengan nilai
  40,02, Kabupaten Manggarai 45,91 ...").
* The instrument is the nearest INSTRUMENT mention in the sentence, else in the article
  before it; a result with no instrument anywhere is not a fact.
* The year comes from the sentence (nearest year before the score, else after), else
  from an earlier sentence that names the instrument, else from the publication date:
  results are announced late in the year they assess or early the next, so a page
  published January-June refers to the previous year and July-December to the same.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from spacy.tokens import Doc, Span

from nlp import regions, scales
from nlp.pipeline import region_form

ASSESSOR = {
    "ombudsman_kepatuhan": "Ombudsman RI",
    "ombudsman_opini": "Ombudsman RI",
    "ipp": "Kementerian PANRB",
    "sakip": "Kementerian PANRB",
    "zona_integritas": "Kementerian PANRB",
}
GOVERNMENT = {"kabupaten": "Pemerintah Kabupaten", "kota": "Pemerintah Kota", "provinsi": "Pemerintah Provinsi"}
OPINION_WORDS = ("kualitas tertinggi", "kualitas tinggi", "kualitas sedang", "kualitas rendah",
                 "kualitas terendah", "opini")


def normalized(ent: Span) -> str:
    return ent.kb_id_ or ""


def is_subject_region(ent: Span) -> bool:
    """Only a region written with its prefix ("Pemkab Badung") can be assessed here: a
    bare name ("Badung", "Jawa Tengah", "NTT") mostly locates something else."""
    return ent.label_ == "REGION" and bool(ent.kb_id_) and region_form(ent) in ("prefixed", "typefix")


def is_year(ent: Span) -> bool:
    return ent.label_ == "DATE" and len(ent.kb_id_) == 4 and ent.kb_id_.isdigit()


def publication_year_rule(published: datetime | None) -> int | None:
    if published is None:
        return None
    return published.year - 1 if published.month <= 6 else published.year


@dataclass
class _Bound:
    region: Span
    score: Span
    seg_start: int  # token index
    seg_end: int
    sentence: Span
    sentence_index: int


def _sha1(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def _ents_in(ents: list[Span], start: int, end: int, label: str) -> list[Span]:
    return [e for e in ents if e.label_ == label and e.start >= start and e.end <= end]


def extract_facts(doc: Doc, article_id: str, published: datetime | None) -> list[dict]:
    """All assessments the text states (dicts with the `assessments` columns, less lineage)."""
    gazetteer = regions.load()
    sents = list(doc.sents)
    facts: list[dict] = []
    article_instrument: str | None = None
    article_year: int | None = None
    prev_sentence_zone: str | None = None
    prev_sentence_was_group_lede = False

    for si, sent in enumerate(sents):
        ents = [e for e in doc.ents if e.start >= sent.start and e.end <= sent.end]
        instruments = [e for e in ents if e.label_ == "INSTRUMENT"]
        zones = [e for e in ents if e.label_ == "ZONE"]
        years = [e for e in ents if is_year(e)]

        # Walk the sentence and bind scores to regions.
        bound: list[_Bound] = []
        current: Span | None = None
        last_score_end: int | None = None
        current_scored_years: set[str] = set()
        for e in ents:
            if is_subject_region(e):
                current = e
                current_scored_years = set()
                last_score_end = None
            elif e.label_ == "SCORE" and current is not None:
                seg_start = last_score_end if last_score_end is not None else current.end
                year_between = [y for y in years if seg_start <= y.start < e.start]
                year_key = year_between[-1].kb_id_ if year_between else ""
                if current_scored_years and (not year_key or year_key in current_scored_years):
                    continue  # a second score for the same region and year: ambiguous
                current_scored_years.add(year_key)
                bound.append(_Bound(current, e, seg_start, e.end, sent, si))
                last_score_end = e.end
        # Each score's window runs from its region (or what the previous score claimed)
        # to the next score or region. An attribute written before the score wins; else
        # the one written after it ("50/E kategori zona merah") is taken and claimed.
        claimed_end = 0
        attrs: list[tuple[str | None, str | None, str | None, bool]] = []
        for b in bound:
            limit = sent.end
            for e in ents:
                if e.start >= b.score.end and (e.label_ == "SCORE" or is_subject_region(e)):
                    limit = e.start
                    break
            start = max(b.seg_start, claimed_end) if b.seg_start != b.region.end else b.region.end
            before_ents = [e for e in ents if start <= e.start and e.end <= b.score.start]
            after_ents = [e for e in ents if b.score.end <= e.start and e.end <= limit]
            claimed_end = b.score.end
            picked: dict[str, Span] = {}
            attached = [e for e in after_ents if e.label_ == "GRADE" and e.start == b.score.end + 1]
            if attached:
                picked["GRADE"] = attached[0]
            for label in ("ZONE", "GRADE", "CATEGORY"):
                if label in picked:
                    continue
                pre = [e for e in before_ents if e.label_ == label]
                post = [e for e in after_ents if e.label_ == label]
                if pre:
                    picked[label] = pre[-1]
                elif post:
                    picked[label] = post[0]
            for e in picked.values():
                if e.start >= b.score.end:
                    claimed_end = max(claimed_end, e.end)
            zone_e, grade_e, cat_e = picked.get("ZONE"), picked.get("GRADE"), picked.get("CATEGORY")
            attrs.append((
                zone_e.text.split()[-1].lower() if zone_e is not None else None,
                normalized(grade_e) if grade_e is not None else None,
                cat_e.text.lower() if cat_e is not None else None,
                zone_e is not None,
            ))
            b.seg_end = limit

        subject_regions = [e for e in ents if is_subject_region(e)]
        sentence_zone: str | None = None
        if len(zones) == 1 and subject_regions and zones[0].end <= subject_regions[0].start:
            sentence_zone = zones[0].text.split()[-1].lower()
        list_zone = prev_sentence_zone if (prev_sentence_was_group_lede and not zones and len(bound) >= 2) else None

        for b, (seg_zone, grade, category, zone_in_segment) in zip(bound, attrs, strict=True):
            zone = seg_zone or sentence_zone or list_zone
            # instrument: nearest in the sentence, else article context
            instrument = None
            if instruments:
                instrument = min(instruments, key=lambda x: abs(x.start - b.score.start)).id_
            elif article_instrument:
                instrument = article_instrument
            elif zone:
                instrument = "ombudsman_kepatuhan"
            if instrument is None:
                continue
            # year: nearest before the score in the segment/sentence, else after, else article
            before = [y for y in years if y.end <= b.score.start]
            after = [y for y in years if y.start >= b.score.end and y.end <= b.seg_end]
            year_source = "sentence"
            if before:
                year = int(before[-1].kb_id_)
            elif after:
                year = int(after[0].kb_id_)
            elif article_year is not None:
                year, year_source = article_year, "article"
            else:
                year, year_source = publication_year_rule(published), "published"
            if year is None:
                continue
            # An opinion is a 2022+ result stated with its opinion category in the same
            # sentence; a bare score in an article about opinions is a compliance score.
            sent_lower = sent.text.lower()
            states_opinion = any(w in sent_lower for w in OPINION_WORDS)
            if instrument == "ombudsman_kepatuhan" and year >= 2022 and states_opinion:
                instrument = "ombudsman_opini"
            elif instrument == "ombudsman_opini" and not states_opinion:
                instrument = "ombudsman_kepatuhan"
            code = normalized(b.region)
            reg = gazetteer[code]
            score = float(normalized(b.score))
            flags: list[str] = []
            derived = scales.derive_zone(instrument, year, score)
            if zone and derived and zone != derived:
                flags.append("zone_mismatch")
            if not scales.in_range(instrument, score):
                flags.append("score_out_of_range")
            confidence = 0.9 if year_source == "sentence" else 0.75
            if zone and not zone_in_segment:
                confidence -= 0.1
            raw = sent.text
            ev_start = sent.start_char + (len(raw) - len(raw.lstrip()))
            ev_end = sent.end_char - (len(raw) - len(raw.rstrip()))
            facts.append({
                "assessment_id": _sha1(article_id, code, instrument, year, ev_start),
                "article_id": article_id,
                "institution": f"{GOVERNMENT[reg.type]} {reg.name}",
                "region": reg.canonical,
                "region_code": reg.code,
                "province": reg.province,
                "assessor": ASSESSOR.get(instrument),
                "instrument": instrument,
                "year": year,
                "year_source": year_source,
                "score": score,
                "grade": grade,
                "zone": zone,
                "zone_derived": derived,
                "category": category,
                "evidence": doc.text[ev_start:ev_end],
                "evidence_start": ev_start,
                "evidence_end": ev_end,
                "confidence": round(confidence, 2),
                "flags": flags,
            })

        # Article context for the sentences that follow.
        if instruments:
            article_instrument = instruments[-1].id_
            if years:
                article_year = int(years[-1].kb_id_)
        prev_sentence_zone = zones[0].text.split()[-1].lower() if len(zones) == 1 else None
        prev_sentence_was_group_lede = bool(zones) and not subject_regions and not bound
    # one row per key: the same region/instrument/year twice in one sentence is one fact
    unique: dict[str, dict] = {}
    for f in facts:
        unique.setdefault(f["assessment_id"], f)
    return list(unique.values())


def mentions(doc: Doc, article_id: str) -> list[dict]:
    sent_index = {}
    for i, s in enumerate(doc.sents):
        for t in range(s.start, s.end):
            sent_index[t] = i
    notes = doc.user_data.get("notes", {})
    rows = []
    for e in doc.ents:
        note = notes.get((e.start_char, e.end_char))
        confidence = 0.9
        if e.label_ == "REGION":
            form = region_form(e)
            confidence = {"prefixed": 0.95, "typefix": 0.8, "short": 0.85, "alias": 0.8,
                          "bare": 0.7, "ambiguous": 0.6 if e.kb_id_ else 0.0}[form]
            if form != "prefixed" and note is None:
                note = f"{form} form"
        elif e.label_ == "DATE" and note:
            confidence = 0.8 if e.kb_id_ else 0.0
        rows.append({
            "article_id": article_id,
            "sentence_index": sent_index.get(e.start, 0),
            "start": e.start_char,
            "end": e.end_char,
            "label": e.label_,
            "text": e.text,
            "normalized": e.kb_id_ or None,
            "confidence": confidence,
            "note": note,
        })
    return rows
