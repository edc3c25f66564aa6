"""Compliance facts from an analysed article: bind scores to regions, zones, grades,
categories, instruments and years, sentence by sentence.

The binding rules (each one a reason a fact is kept or dropped; details at each rule):

* Subjects: a prefixed REGION ("Kabupaten X", "Pemkot X", "Provinsi X"); a bare kab/kota
  name when the article also names it with its prefix; a ministry or agency. Not a
  subject: a bare province ("Pemkab Grobogan, Jawa Tengah (98,02)" belongs to Grobogan),
  a region in apposition, an Ombudsman office, "dengan/antara/bersama X".
* A score binds to the nearest subject before it in the sentence, or to the first one
  after it when none comes before ("Nilai 62,35 yang diraih Pemkot Jayapura"). Several
  scores may follow one subject when their years differ ("84,12 pada 2017, 90,33 pada
  2018"); two different scores for the same subject and year are both dropped. A
  sentence with a score and no subject continues the previous sentence's only subject.
* The zone, grade and category are those written between the score's subject (or the
  previous score) and the next score or subject; one written before wins, else the one
  after ("50/E kategori zona merah"). A zone before an enumeration of one subject's
  scores covers them all. A single zone stated for a group in a lede (same sentence,
  or up to two sentences before a list) covers the listed regions. "dari zona merah"
  is an earlier state, not the result.
* Without a score, a zone, grade, opinion category or WBK/WBBM predicate written for a
  subject is a fact when its year is written (or the assessment is named beside it);
  coordinated subjects share it; targets, earlier states ("sebelumnya"), locative
  mentions ("di Provinsi X"), a person's title and group nouns in between are not facts.
* The instrument is the nearest INSTRUMENT mention in the sentence, else in the article
  before it, else Ombudsman compliance when a zone or compliance category is stated; an
  opinion needs its opinion category (its own, its list's or its lede's; 2022-2024);
  from 2025 Ombudsman results are ``ombudsman_maladministrasi``, without zones. A grade
  or zone the text does not write is taken only from a written label (``nlp.labels``).
* The year comes from the sentence (a year right after the score first, else the
  nearest before that does not date another score, else one after that follows no
  comparison word), else from an earlier sentence that names the instrument, else from
  the publication date: results are announced late in the year they assess or early the
  next, so a page published January-June refers to the previous year and July-December
  to the same. Without a publication date the latest full date in the text
  (``dateline``), else the first assessment sentence naming a year (``text``), stands in
  for it; "tahun lalu" beside a value gives the year before (``previous``).
* Regional offices (Polres, Kantah, Lapas, Imigrasi ...) are units, read with their place
  by ``nlp.enumerations``, the second reading of each sentence as a list, whose facts
  ``extract_facts`` merges with these.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Span

from nlp import labels, regions, scales
from nlp.pipeline import region_form

ASSESSOR = {
    "ombudsman_kepatuhan": "Ombudsman RI",
    "ombudsman_opini": "Ombudsman RI",
    "ipp": "Kementerian PANRB",
    "sakip": "Kementerian PANRB",
    "zona_integritas": "Kementerian PANRB",
}
GOVERNMENT = {"kabupaten": "Pemerintah Kabupaten", "kota": "Pemerintah Kota", "provinsi": "Pemerintah Provinsi"}
INSTITUTIONS = Path(__file__).parent / "gazetteer" / "institutions.csv"
ASPIRATION_WORDS = {"menargetkan", "target", "targetkan", "ditargetkan", "berharap", "harapan", "diharapkan",
                    "harap", "ingin", "agar", "supaya", "berupaya", "upaya", "mempertahankan", "pertahankan",
                    "mengejar", "menuju", "bertekad", "berambisi", "mimpi", "cita-cita", "harapannya", "harapkan",
                    "optimis", "optimistis", "mudah-mudahan", "semoga", "targetnya", "targetkan", "menargetkannya",
                    "ingin", "viral", "klaim", "hoaks", "hoax", "depan"}
# A value that is not the assessor's result: a claim going round, a self-assessment, a
# proposal, a simulation.
NOT_OFFICIAL = {"viral", "klaim", "hoaks", "hoax", "poster", "mandiri", "diusulkan", "usulan", "simulasi"}
SUB_SCORE_WORDS = {"unsur", "layanan", "aspek", "indikator", "elemen", "dimensi", "variabel", "komponen"}
VAGUE_TIME = {"lalu", "dulu", "dahulu", "pernah", "sebelumnya", "beberapa"}
LIST_MARKERS = {"yakni", "yaitu", ":", "antara", "meliputi", "adalah", "masing-masing", "diantaranya", "di antaranya"}
# Words that only join coordinated subjects: "Kabupaten A, Kabupaten B dan Kota C masuk zona hijau".
CONJUNCTIONS = {",", "dan", "serta", "maupun", "&"}
OPINION_WORDS = ("kualitas tertinggi", "kualitas tinggi", "kualitas sedang", "kualitas rendah",
                 "kualitas terendah", "opini")


def normalized(ent: Span) -> str:
    return ent.kb_id_ or ""


def is_subject_region(ent: Span) -> bool:
    """A region written with its prefix ("Pemkab Badung") can be assessed; a bare name
    ("Badung", "Jawa Tengah", "NTT") mostly locates something else, and counts only when
    the same article also names that region with its prefix ("Pemerintah Kabupaten Kulon
    Progo ... Kulon Progo memperoleh nilai 99,23")."""
    if ent.label_ != "REGION" or not ent.kb_id_:
        return False
    form = region_form(ent)
    if form in ("prefixed", "typefix"):
        return True
    if form not in ("bare", "alias") or "." not in ent.kb_id_:
        return False  # a bare province name locates ("Pemkab Badung, Bali (95,84)")
    doc = ent.doc
    if ent.start >= 2 and doc[ent.start - 1].text == "," and any(
            e.end == ent.start - 1 and e.label_ == "REGION" for e in doc.ents):
        return False  # apposition after another region
    return ent.kb_id_ in doc.user_data.get("prefixed_codes", ())


@lru_cache(maxsize=1)
def institutions() -> dict[str, str]:
    """id -> official name of the ministries and agencies that can be assessed."""
    with INSTITUTIONS.open(encoding="utf-8") as fh:
        return {row["id"]: row["name"] for row in csv.DictReader(fh) if row["id"] != "ombudsman-ri"}


# A regional office of a vertical agency is a unit located in a region ("Polres Sintang",
# "Kantah Sanggau"), read by nlp.enumerations, not the agency itself.
REGIONAL_OFFICES = {"polres", "polresta", "polrestabes", "polsek", "polda", "kantah", "pertanahan", "lapas",
                    "rutan", "imigrasi", "bpn", "atr/bpn", "atr-bpn"}
# Offices that are never the agency itself, placed or not ("Polres Mura", "Kantah Tala").
UNIT_OFFICES = {"polres", "polresta", "polrestabes", "polsek", "polda", "kantah", "pertanahan", "lapas", "rutan"}
# "Kepolisian Resor Morowali" is a Polres.
UNIT_RANKS = {"resor", "resort", "daerah", "sektor", "wilayah"}


def is_subject_institution(ent: Span) -> bool:
    """A ministry or agency ("Kementerian Agama", "Kantor Imigrasi"); not an Ombudsman
    office (the assessor), not a regional unit (its region is the subject for now) and
    not a regional office of an agency."""
    if ent.label_ != "INSTITUTION" or ent.kb_id_.split("@")[0] not in institutions():
        return False
    last = ent[-1].lower_
    ranked = ent.end < len(ent.doc) and ent.doc[ent.end].lower_ in UNIT_RANKS  # "Kepolisian Resor X"
    if last not in REGIONAL_OFFICES and not ranked:
        return True
    if last in UNIT_OFFICES or ranked:
        return False
    # "Kantor Imigrasi Kelas I TPI Denpasar": placed in a known region, a unit; an office
    # whose place cannot be told ("Kupang": kabupaten or kota) stays with its agency.
    place = next((e for e in ent.doc.ents if ent.end <= e.start <= ent.end + 5 and e.label_ == "REGION"), None)
    return place is None or not place.kb_id_


RELATION_WORDS = {"dengan", "antara", "bersama"}


def is_subject(ent: Span) -> bool:
    """Regions and ministries can be assessed, except when the text relates something
    else to them ("berbatasan dengan Bukittinggi", "bersama Kabupaten X")."""
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in RELATION_WORDS:
        return False
    if ent.start > 0 and ent.doc[ent.start - 1].lower_ in LOCATIVE:
        return False  # "yang ada di Provinsi Jambi, Merangin meraih ... 73,88"
    if ent.label_ == "REGION" and ent.start > 0 and ent.doc[ent.start - 1].lower_ in REGIONAL_OFFICES:
        return False  # "Kantah Kota Pangkalpinang": the unit's place; the unit is read as a list item
    return is_subject_region(ent) or is_subject_institution(ent)


def is_aspiration(sent: Span) -> bool:
    """Targets and hopes are not results: "menargetkan zona hijau", "agar meraih"."""
    return any(t.lower_ in ASPIRATION_WORDS for t in sent)


EARLIER = {"dari", "sebelumnya", "sejak", "lalu", "pernah", "dibanding", "dibandingkan"}


YEAR_LEAD = {"pada", "tahun", "di", "untuk", "penilaian", "survei", "hasil"}
COMPARISON_WORDS = {"seperti", "dibanding", "dibandingkan", "dari", "sejak", "ketika", "sebelumnya",
                    "daripada", "lalu"}
PREVIOUS_YEAR = (("tahun", "lalu"), ("tahun", "sebelumnya"), ("tahun", "kemarin"), ("periode", "sebelumnya"),
                 ("penilaian", "sebelumnya"), ("tahun", "sebelumnya,"))
NOW_WORDS = {"menjadi", "kini", "sekarang", "ini", "naik", "turun", "meningkat", "menurun"}


def is_previous_year(doc: Doc, sent: Span, anchor: Span) -> bool:
    """A value written for the year before the one the article reports: "tahun lalu"
    shortly before it with no "menjadi/kini/tahun ini" in between ("Tahun lalu Malinau
    masih di kualitas tinggi dengan nilai 82,60"; not "naik dari tahun sebelumnya
    menjadi 80,13")."""
    right = [t.lower_ for t in doc[anchor.end: min(sent.end, anchor.end + 2)]]
    if tuple(right) in PREVIOUS_YEAR:
        return True  # "naik dari 79,45 tahun lalu"
    lows = [t.lower_ for t in doc[max(sent.start, anchor.start - 10): anchor.start]]
    for k in range(len(lows) - 1):
        if (lows[k], lows[k + 1]) in PREVIOUS_YEAR:
            return not any(w in NOW_WORDS for w in lows[k + 2:])
    return False


def current_year(years: list[Span]) -> int:
    """The year a sentence naming an assessment reports: the first one not written as an
    earlier state ("Survei 2021: zona kuning, dari sebelumnya 2019 zona hijau" -> 2021)."""
    doc = years[0].doc
    for y in years:
        if not any(t.lower_ in EARLIER for t in doc[max(0, y.start - 2): y.start]):
            return int(y.kb_id_)
    return int(years[-1].kb_id_)


def is_year(ent: Span) -> bool:
    """A year written as such; not the year closing a reference number ("Siaran Pers
    Nomor 007/HM.01/I/2026")."""
    if not (ent.label_ == "DATE" and len(ent.kb_id_) == 4 and ent.kb_id_.isdigit()):
        return False
    if ent.start_char > 0 and ent.doc.text[ent.start_char - 1] == "/":
        return False
    # "UU No 25 tahun 2009", "PO No 22 tahun 2016": a regulation's year
    doc = ent.doc
    return not (ent.start >= 2 and doc[ent.start - 1].lower_ == "tahun" and doc[ent.start - 2].like_num)


ASSESSMENT_WORDS = {"penilaian", "survei", "survey", "kepatuhan", "opini", "predikat", "zona", "nilai", "data",
                    "hasil", "penganugerahan", "anugerah", "award", "periode", "evaluasi", "indeks", "ikm", "skm"}


def text_year(doc: Doc) -> int | None:
    """With neither a publication date nor a full date in the text, the year of the
    first sentence that names a year beside an assessment word ("Periode pengambilan
    data dilakukan tahun 2019"); regulation years are REGULATION mentions, not DATEs."""
    cached = doc.user_data.get("text_year", 0)
    if cached != 0:
        return cached
    found = None
    for sent in doc.sents:
        # "tahun 2019", and the year of a period "Juli-Agustus 2019" or "Maret 2020"
        years = [int(e.kb_id_[:4]) for e in sent.ents if e.label_ == "DATE" and e.kb_id_[:4].isdigit()
                 and (is_year(e) or "-" in e.kb_id_)]
        if years and any(t.lower_ in ASSESSMENT_WORDS for t in sent):
            found = years[0]
            break
    doc.user_data["text_year"] = found
    return found


def mentions_ombudsman(doc: Doc) -> bool:
    return any(e.label_ == "INSTITUTION" and e.kb_id_.startswith("ombudsman") for e in doc.ents)


def document_instrument(doc: Doc) -> str | None:
    """The instrument the article names most often (first named on a tie)."""
    if "document_instrument" not in doc.user_data:
        named = [e.id_ for e in doc.ents if e.label_ == "INSTRUMENT"]
        doc.user_data["document_instrument"] = max(named, key=named.count) if named else None
    return doc.user_data["document_instrument"]


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


@dataclass
class _Context:
    doc: Doc
    sent: Span
    sentence_index: int
    article_id: str
    published: datetime | None
    instruments: list[Span]
    years: list[Span]
    article_instrument: str | None
    article_year: int | None
    reference: datetime | None = None
    text_year: int | None = None
    sent_has_result: bool = False  # read as a list of results (nlp.enumerations)


LOCATIVE = {"di", "ke", "dari", "se", "se-", "wilayah", "lingkungan"}
GROUP_NOUNS = {"daerah", "kabupaten", "kota", "pemda", "opd", "instansi", "unit", "dinas", "puskesmas",
               "kecamatan", "desa", "kelurahan", "pemerintah", "provinsi"}


def _is_locative_or_title(doc: Doc, subject: Span) -> bool:
    """The mention places something else ("di Kabupaten X") or belongs to a person's
    title ("Sekretaris Daerah Provinsi NTT", "Bupati Kabupaten X")."""
    if subject.start == 0:
        return False
    prev = doc[subject.start - 1].lower_
    if prev in LOCATIVE:
        return True
    from nlp.pipeline import ROLES_BY_FIRST

    for back in (1, 2, 3):
        i = subject.start - back
        if i >= 0 and any([t.lower_ for t in doc[i: subject.start]] == words
                          for words in ROLES_BY_FIRST.get(doc[i].lower_, ())):
            return True
    return False


def _previous_state(doc: Doc, ent: Span) -> bool:
    """'keluar dari zona merah', 'naik dari predikat C': what was, not what is."""
    return ent.start > 0 and doc[ent.start - 1].lower_ in ("dari", "sebelumnya")


def _between_has(sent: Span, start: int, end: int, words: set[str]) -> bool:
    return any(t.lower_ in words for t in sent.doc[start:end])


def _dates_other(doc: Doc, year: Span, scores: list[Span]) -> bool:
    """The year is written right after another score and dates that one ("naik dari
    48,20 pada penilaian 2017 menjadi 76,55": 2017 is 48,20's year, not 76,55's)."""
    return any(s.end <= year.start and year.start - s.end <= 4
               and all(not t.is_alpha or t.lower_ in YEAR_LEAD for t in doc[s.end:year.start]) for s in scores)


def context_year(ctx: _Context) -> tuple[int | None, str]:
    """The year of a result whose sentence names none, and where it came from."""
    if ctx.article_year is not None:
        return ctx.article_year, "article"
    if ctx.published is not None:
        return publication_year_rule(ctx.published), "published"
    if ctx.reference is not None:
        return publication_year_rule(ctx.reference), "dateline"
    return ctx.text_year, "text"


def _fact(ctx: _Context, subject: Span, score_e: Span | None, zone: str | None, grade: str | None,
          category: str | None, zone_in_segment: bool, seg_end: int,
          forced_instrument: str | None = None, unit: str | None = None) -> dict | None:
    """One assessment row, or None when no instrument or year can be found for it.
    A result without a score needs its year from the text, not the publication date."""
    doc, sent = ctx.doc, ctx.sent
    anchor = score_e if score_e is not None else subject
    if forced_instrument:
        instrument = forced_instrument
    elif ctx.instruments:
        instrument = min(ctx.instruments, key=lambda x: abs(x.start - anchor.start)).id_
    elif ctx.article_instrument:
        instrument = ctx.article_instrument
    elif zone or (category and category.startswith(("kepatuhan", "kualitas"))):
        instrument = "ombudsman_kepatuhan"
    elif score_e is not None and document_instrument(doc):
        instrument = document_instrument(doc)  # named only later in the article
    elif score_e is not None and mentions_ombudsman(doc) and ctx.sent_has_result:
        instrument = "ombudsman_kepatuhan"  # an Ombudsman story scoring a government
    else:
        return None
    if instrument == "zona_integritas" and not forced_instrument:
        instrument = "ombudsman_kepatuhan" if zone else instrument
    # "naik dari 48,20 pada 2017 menjadi 76,55": a year before "menjadi/kini" dates the
    # earlier value; "nilai 88,05, sama seperti tahun 2017": a year after a comparison
    # word dates another value.
    scores = [e for e in sent.ents if e.label_ == "SCORE" and e is not anchor]
    before = [y for y in ctx.years if y.end <= anchor.start and not _dates_other(doc, y, scores)]
    after = [y for y in ctx.years if y.start >= anchor.end and y.end <= seg_end
             and not any(t.lower_ in COMPARISON_WORDS for t in doc[anchor.end:y.start])]
    year_source = "sentence"
    # "84,12 pada 2017", "50 (2018)", "68,45 tahun 2019": a year written right after the
    # score is that score's year, whatever year the sentence named before.
    right_after = [y for y in after if y.start - anchor.end <= 4
                   and all(not t.is_alpha or t.lower_ in YEAR_LEAD for t in doc[anchor.end:y.start])]
    this_year = any(doc[k].lower_ == "tahun" and k + 1 < len(doc) and doc[k + 1].lower_ == "ini"
                    for k in range(max(sent.start, anchor.start - 3), min(sent.end, anchor.end + 3)))
    if score_e is not None and right_after:
        year = int(right_after[0].kb_id_)
    elif this_year and score_e is not None:
        year = None  # "76,55 tahun ini": the year the article reports, below
    elif before:
        year = int(before[-1].kb_id_)
    elif after:
        year = int(after[0].kb_id_)
    else:
        year = None
    if year is None:
        year, year_source = context_year(ctx)
    if year is None:
        return None
    previous = year_source != "sentence" and is_previous_year(doc, sent, anchor)
    if previous:
        year, year_source = year - 1, "previous"  # "Tahun lalu Malinau ... dengan nilai 82,60"
    if score_e is None and year_source in ("published", "dateline", "text", "previous") and (
            not (ctx.instruments or (ctx.sent_has_result and mentions_ombudsman(doc)))
            or any(t.lower_ in VAGUE_TIME for t in sent)):
        return None  # a stated result without a year needs the assessment named beside it
    # An opinion is a 2022+ result stated with its opinion category in the same
    # sentence; a bare score in an article about opinions is a compliance score.
    states_opinion = (any(w in sent.text.lower() for w in OPINION_WORDS) or labels.opinion_label(category) is not None
                      or any(labels.opinion_label(e.text) for e in sent.ents if e.label_ == "CATEGORY"))
    if instrument == "ombudsman_kepatuhan" and year >= 2022 and states_opinion:
        instrument = "ombudsman_opini"
    elif instrument == "ombudsman_opini" and not states_opinion:
        instrument = "ombudsman_kepatuhan"
    if instrument in scales.OMBUDSMAN_INSTRUMENTS and year >= scales.MALADMINISTRATION_FROM:
        instrument, zone = "ombudsman_maladministrasi", None  # 2025 on: opinions, no zones
    zone = labels.ZONE_SPELLINGS.get(zone, zone) if zone else zone  # "zona kuing"
    category = labels.opinion_label(category) or labels.compliance_label(category) or category
    grade, zone = labels.grade_and_zone(instrument, year, grade, zone, category)
    score = float(normalized(score_e)) if score_e is not None else None
    if instrument == "ikm" and score is not None and score <= 4:
        return None  # an element's index on the 1-4 scale, not the converted IKM (x25)
    flags: list[str] = []
    derived = scales.derive_zone(instrument, year, score)
    if zone and derived and zone != derived:
        flags.append("zone_mismatch")
    if score is not None and not scales.in_range(instrument, score):
        flags.append("score_out_of_range")
    confidence = 0.9 if year_source == "sentence" else 0.75
    if zone and not zone_in_segment:
        confidence -= 0.1
    if score is None:
        confidence -= 0.1
    raw = sent.text
    ev_start = sent.start_char + (len(raw) - len(raw.lstrip()))
    ev_end = sent.end_char - (len(raw) - len(raw.rstrip()))
    if subject.label_ == "REGION":
        reg = regions.load()[normalized(subject)]
        key = f"{reg.code}/{unit}" if unit else reg.code
        where = {"institution": unit or f"{GOVERNMENT[reg.type]} {reg.name}", "region": reg.canonical,
                 "region_code": reg.code, "province": reg.province}
    else:
        inst_id = subject.kb_id_.split("@")[0]
        key = inst_id
        where = {"institution": institutions()[inst_id], "region": None, "region_code": None, "province": None}
    return {
        "assessment_id": _sha1(ctx.article_id, key, instrument, year, ev_start),
        "article_id": ctx.article_id,
        **where,
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
    }


TRANSITION = re.compile(r"(?i)\bdari\s+(?:zona|predikat|kategori|zonasi)\s+(hijau|kuning|merah)\s+"
                        r"(?:ke|menjadi)\s+(?:zona|predikat|kategori|zonasi)?\s*(hijau|kuning|merah)")


def transition_zones(rows: list[dict], doc: Doc) -> list[dict]:
    """"naik dari 62,10 pada 2018 menjadi 83,45 pada 2019, sehingga berpindah dari zona
    kuning ke zona hijau": of one subject's two values in that sentence, the earlier year
    takes the first zone and the later the second, where none was read."""
    by_sentence: dict[tuple, list[dict]] = {}
    for r in rows:
        by_sentence.setdefault((r["evidence_start"], r["region_code"] or r["institution"]), []).append(r)
    for group in by_sentence.values():
        m = TRANSITION.search(group[0]["evidence"])
        if m is None or len(group) != 2 or group[0]["year"] == group[1]["year"]:
            continue
        older, newer = sorted(group, key=lambda r: r["year"])
        for row, zone in ((older, m.group(1).lower()), (newer, m.group(2).lower())):
            if row["zone"] is None:
                row["zone"] = zone
                if row["zone_derived"] and row["zone_derived"] != zone and "zone_mismatch" not in row["flags"]:
                    row["flags"].append("zone_mismatch")
    return rows


def _skip(trace: list | None, si: int, subject: Span, reason: str) -> None:
    """Record why the per-subject binding made no fact of a candidate (``--explain``)."""
    if trace is not None:
        from nlp.enumerations import Decision

        trace.append(Decision(si, subject.text, reason))


def extract_facts(doc: Doc, article_id: str, published: datetime | None,
                  reference: datetime | None = None, trace: list | None = None) -> list[dict]:
    """All assessments the text states (dicts with the `assessments` columns, less lineage).
    ``reference``: with no publication date, the latest full date the text states; the
    year rules use it instead (``year_source`` "dateline")."""
    doc.user_data["prefixed_codes"] = {e.kb_id_ for e in doc.ents if e.label_ == "REGION" and e.kb_id_
                                       and region_form(e) in ("prefixed", "typefix")}
    sents = list(doc.sents)
    facts: list[dict] = []
    article_instrument: str | None = None
    article_year: int | None = None
    prev_sentence_zone: str | None = None
    prev_sentence_was_group_lede = False
    lede_age = 0
    carried: Span | None = None

    for si, sent in enumerate(sents):
        ents = [e for e in doc.ents if e.start >= sent.start and e.end <= sent.end]
        instruments = [e for e in ents if e.label_ == "INSTRUMENT"]
        zones = [e for e in ents if e.label_ == "ZONE"]
        years = [e for e in ents if is_year(e)]

        # Walk the sentence and bind scores to regions.
        bound: list[_Bound] = []
        pre_bound: set[int] = set()
        current: Span | None = None
        # "Setahun kemudian, pada 2016, nilainya naik menjadi 63,50": a sentence with a
        # score and no subject of its own continues the previous sentence's only subject.
        # Not when the sentence scores a part of it ("layanan farmasi hanya memperoleh 71,20",
        # "unsur pengaduan 3,05"): a sub-score, not the subject's result.
        if carried is not None and not any(is_subject(e) or e.label_ in ("REGION", "INSTITUTION") for e in ents) \
                and not any(t.lower_ in SUB_SCORE_WORDS for t in sent):
            current = carried
        last_score_end: int | None = None
        for e in ents:
            if is_subject(e):
                current = e
                last_score_end = None
            elif e.label_ == "REGION" and "." in e.kb_id_ and not _is_locative_or_title(doc, e):
                current = None  # "Disusul Bulungan dengan 91,30, lalu Malinau 88,02": not Bulungan's
            elif e.label_ == "SCORE" and current is None and not any(
                    x.label_ == "REGION" and x.end <= e.start and e.start - x.end <= 4 for x in ents):
                # (a bare name just before the score owns it: "ditempati Luwu Utara 87,35")
                # "Nilai 62,35 yang diraih Pemkot Jayapura": a score before any subject
                # goes to the first subject after it, if no other score comes between.
                later = [x for x in ents if x.start >= e.end and (is_subject(x) or x.label_ == "SCORE")]
                if later and is_subject(later[0]) and not any(b.region is later[0] for b in bound):
                    bound.append(_Bound(later[0], e, e.end, later[0].start, sent, si))
                    pre_bound.add(id(later[0]))
            elif e.label_ == "SCORE" and current is not None and id(current) not in pre_bound:
                # Several scores may follow one subject ("84,12 pada 2017, 90,33 pada 2018");
                # two that end up with the same year are ambiguous and dropped below.
                seg_start = last_score_end if last_score_end is not None else current.end
                bound.append(_Bound(current, e, seg_start, e.end, sent, si))
                last_score_end = e.end
        # Each score's window runs from its region (or what the previous score claimed)
        # to the next score or region. An attribute written before the score wins; else
        # the one written after it ("50/E kategori zona merah") is taken and claimed.
        claimed_end = 0
        prev_pick: tuple[Span, Span | None, int] | None = None
        attrs: list[tuple[str | None, str | None, str | None, bool]] = []
        for b in bound:
            limit = sent.end
            after_from = max(b.score.end, b.region.end)  # a score may precede its subject
            for e in ents:
                if e.start >= after_from and (e.label_ == "SCORE" or is_subject(e)):
                    limit = e.start
                    break
            if b.region.start >= b.score.end:  # score written before its subject
                start = b.score.end
            else:
                start = max(b.seg_start, claimed_end) if b.seg_start != b.region.end else b.region.end
            before_ents = [e for e in ents if start <= e.start and e.end <= b.score.start]
            after_ents = [e for e in ents if b.score.end <= e.start and e.end <= limit and e is not b.region]
            claimed_end = b.score.end
            picked: dict[str, Span] = {}
            attached = [e for e in after_ents if e.label_ == "GRADE" and e.start == b.score.end + 1]
            if attached:
                picked["GRADE"] = attached[0]
            for label in ("ZONE", "GRADE", "CATEGORY"):
                if label in picked:
                    continue
                pre = [e for e in before_ents if e.label_ == label and not _previous_state(doc, e)]
                post = [e for e in after_ents if e.label_ == label and not _previous_state(doc, e)]
                if pre:
                    picked[label] = pre[-1]
                elif post:
                    picked[label] = post[0]
            for e in picked.values():
                if e.start >= b.score.end:
                    claimed_end = max(claimed_end, e.end)
            zone_e, grade_e, cat_e = picked.get("ZONE"), picked.get("GRADE"), picked.get("CATEGORY")
            # "masuk zona hijau, yakni dengan nilai 84,12 pada 2017, 90,33 pada 2018": a zone
            # written before an enumeration of one subject's scores covers all of them.
            if zone_e is None and prev_pick is not None and prev_pick[0] is b.region and prev_pick[1] is not None \
                    and prev_pick[1].end <= prev_pick[2]:
                zone_e = prev_pick[1]
            prev_pick = (b.region, zone_e, b.score.start)
            attrs.append((
                zone_e.text.split()[-1].lower() if zone_e is not None else None,
                normalized(grade_e) if grade_e is not None else None,
                cat_e.text.lower() if cat_e is not None else None,
                zone_e is not None,
            ))
            b.seg_end = limit

        subject_regions = [e for e in ents if is_subject(e)]
        sentence_zone: str | None = None
        if len(zones) == 1 and subject_regions and zones[0].end <= subject_regions[-1].start and all(
                _is_locative_or_title(doc, e) for e in subject_regions if e.end <= zones[0].start):
            sentence_zone = zones[0].text.split()[-1].lower()
        list_zone = prev_sentence_zone if (prev_sentence_was_group_lede and not zones and len(bound) >= 2) else None

        ctx = _Context(doc, sent, si, article_id, published, instruments, years, article_instrument, article_year,
                       reference, text_year(doc))
        aspiration = is_aspiration(sent)
        for b, (seg_zone, grade, category, zone_in_segment) in zip(bound, attrs, strict=True):
            zone = seg_zone or sentence_zone or list_zone
            if aspiration and _between_has(sent, min(b.region.end, b.score.start), b.score.start, ASPIRATION_WORDS):
                _skip(trace, si, b.region, "target_or_hope")  # "menargetkan nilai 90"
                continue
            if any(t.lower_ in NOT_OFFICIAL for t in sent):
                _skip(trace, si, b.region, "not_official")  # "poster yang viral menyebut ... 91,20"
                continue
            row = _fact(ctx, b.region, b.score, zone, grade, category, zone_in_segment, b.seg_end)
            if row:
                facts.append(row)
            else:
                _skip(trace, si, b.region, "no_year_or_instrument")

        # Results stated without a score: "Pada 2021, Kabupaten Gianyar masuk zona hijau",
        # "meraih predikat WBK", "Opini Kualitas Tertinggi". Coordinated subjects share
        # what follows the last of them; targets and hopes are skipped.
        scored = {id(b.region) for b in bound}
        subjects = [e for e in ents if is_subject(e)]
        group: list[Span] = []
        for idx, subj in enumerate(subjects):
            group.append(subj)
            nxt = subjects[idx + 1] if idx + 1 < len(subjects) else None
            if nxt is not None and all(t.text.lower() in CONJUNCTIONS for t in doc[subj.end: nxt.start]):
                continue
            limit = nxt.start if nxt is not None else sent.end
            window = [e for e in ents if subj.end <= e.start and e.end <= limit]
            members, group = group, []
            if len(members) > 1 and not any(t.lower_ in ("dan", "serta", "maupun", "&")
                                            for t in doc[members[0].end: members[-1].start]):
                members = members[-1:]  # "Tetangga Aceh Barat, Kabupaten Nagan Raya": apposition
            if any(id(m) in scored for m in members):
                continue
            if aspiration:
                _skip(trace, si, members[-1], "target_or_hope")
                continue
            if any(t.lower_ in VAGUE_TIME for t in sent):
                _skip(trace, si, members[-1], "earlier_state")  # "sebelumnya ... zona merah"
                continue
            if any(e.label_ == "SCORE" for e in ents):
                _skip(trace, si, members[-1], "unbound_score")  # better no fact than half of one
                continue
            if _is_locative_or_title(doc, members[0]):
                _skip(trace, si, members[0], "locative_or_title")  # "di Provinsi X", "Sekda Provinsi NTT"
                continue
            first_attr = min((e.start for e in window if e.label_ in ("ZONE", "GRADE", "CATEGORY", "INSTRUMENT")),
                             default=limit)
            if any(t.lower_ in GROUP_NOUNS for t in doc[subj.end:first_attr]):
                _skip(trace, si, subj, "another_subject")  # "... meminta daerah yang masih ... zona merah"
                continue
            zone_e = next((e for e in window if e.label_ == "ZONE" and not _previous_state(doc, e)), None)
            grade_e = next((e for e in window if e.label_ == "GRADE" and not _previous_state(doc, e)), None)
            cat_e = next((e for e in window if e.label_ == "CATEGORY" and not _previous_state(doc, e)), None)
            zi = next((e for e in window if e.label_ == "INSTRUMENT" and e.id_ == "zona_integritas"
                       and e.text.upper() in ("WBK", "WBBM")), None)
            # A zone written before the subjects covers them only when they are listed
            # after it ("... masuk zona merah, yakni Kabupaten A, Kabupaten B").
            listed = _between_has(sent, sent.start, members[0].start, LIST_MARKERS)
            zone = zone_e.text.split()[-1].lower() if zone_e is not None else (sentence_zone if listed else None)
            if zone is None and grade_e is None and cat_e is None and zi is None:
                continue
            for m in members:
                row = _fact(ctx, m, None, zone, normalized(grade_e) if grade_e is not None else None,
                            zi.text.lower() if zi is not None else (cat_e.text.lower() if cat_e is not None else None),
                            zone_e is not None, limit, forced_instrument="zona_integritas" if zi is not None else None)
                if row:
                    facts.append(row)

        # Article context for the sentences that follow.
        if instruments:
            article_instrument = instruments[-1].id_
            if years:
                article_year = current_year(years)
        own = [e for e in ents if is_subject(e)]
        carried = own[0] if len(own) == 1 else (carried if not own and not any(
            e.label_ in ("REGION", "INSTITUTION") for e in ents) else None)
        # A lede stating one zone for a group ("empat kabupaten di provinsi ini masih di
        # zona merah") covers the list that follows within two sentences.
        non_locative = [e for e in subject_regions if not _is_locative_or_title(doc, e)]
        if len(zones) == 1 and not non_locative and not bound and not aspiration:
            prev_sentence_zone, prev_sentence_was_group_lede, lede_age = zones[0].text.split()[-1].lower(), True, 0
        elif zones or bound:
            prev_sentence_zone, prev_sentence_was_group_lede = None, False
        else:
            lede_age += 1
            if lede_age >= 2:
                prev_sentence_zone, prev_sentence_was_group_lede = None, False
    # One row per key. Two different scores for the same subject, instrument and year in
    # one sentence cannot both be right: neither is kept.
    by_key: dict[str, list[dict]] = {}
    for f in facts:
        by_key.setdefault(f["assessment_id"], []).append(f)
    out = []
    for rows in by_key.values():
        if len({r["score"] for r in rows}) == 1:
            out.append(rows[0])
    out = transition_zones(out, doc)
    from nlp import enumerations

    decisions = enumerations.extract(doc, article_id, published, reference)
    merged = enumerations.merge(out, decisions)
    if trace is not None:
        trace.extend(decisions)
    return merged


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
