"""The spaCy rule pipeline: ``spacy.blank("id")`` + rules, no statistical model.

Components, in order:
  sentencizer        sentence boundaries
  entity_ruler       REGION (``patterns/regions.jsonl``, built from the gazetteer),
                     INSTITUTION, ZONE, INSTRUMENT, CATEGORY (``patterns/*.jsonl``),
                     loaded by the registered, versioned function ``pantau.patterns.v1``
  pantau_regex       REGULATION, DATE, MONEY, SCORE, GRADE from regular expressions
                     (numbers and dates read better with a regex than with tokens)
  pantau_linker      links each REGION to its Kemendagri code (a bare name shared by
                     two regions, "Kupang", only from an unambiguous mention of one of
                     them in the same article), and each Ombudsman office to its province

Every entity's ``kb_id_`` is its normal form (region code, ISO date, number, ...);
``doc.user_data["notes"][(start_char, end_char)]`` says how it was resolved.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp import dates

NLP_VERSION = "0.2.0"
PATTERNS_DIR = Path(__file__).parent / "patterns"

# Abbreviations that end in a dot and must stay one token, else the sentencizer would
# cut "Kab. Badung" in two.
ABBREVIATIONS = ("Kab.", "Kec.", "Kel.", "Prov.", "Pemkab.", "Pemkot.", "Pemprov.", "No.", "Nomor.",
                 "Jl.", "Drs.", "Dra.", "Ir.", "H.", "Hj.", "St.", "Tbk.", "Kep.", "Adm.", "Sdr.",
                 "Bpk.", "Ibu.", "S.E.", "S.H.", "S.Sos.", "M.Si.", "M.Pd.", "dr.", "Kab", "Prov")

# spaCy's emoticon exceptions ("8)", ":3", "<3") break datelines such as "(29/8)".
_EMOTICON_WITH_DIGIT = re.compile(r"\d")

REGULATION = re.compile(
    r"(?P<kind>Undang[- ]?[Uu]ndang|UU|Peraturan\s+Menteri\s+(?:PAN[- ]?RB|Pendayagunaan\s+Aparatur\s+Negara\s+dan\s+Reformasi\s+Birokrasi)(?:\s+RI)?"
    r"|Permen\s?PAN[- ]?RB(?:\s+RI)?|PermenPAN[- ]?RB|PERMENPAN\s?RB(?:\s+RI)?|Perpres|Peraturan\s+Presiden|Peraturan\s+Ombudsman|Perda|Perbup|Perwal)"
    r"\s*(?:(?:Republik\s+Indonesia\s+)?(?:No\.?|Nomor|Nomer)\s*:?\s*)?(?P<num>\d{1,3})\s*(?:/\s*|\s+[Tt]ahun\s+)(?P<year>(?:19|20)\d{2})",
    re.IGNORECASE,
)
REG_NORMAL = [
    (re.compile(r"(?i)^(undang|uu)"), "UU"),
    (re.compile(r"(?i)^(peraturan\s+menteri|permen)"), "PermenPAN-RB"),
    (re.compile(r"(?i)^(perpres|peraturan\s+presiden)"), "Perpres"),
    (re.compile(r"(?i)^peraturan\s+ombudsman"), "Peraturan Ombudsman"),
    (re.compile(r"(?i)^perda"), "Perda"),
    (re.compile(r"(?i)^perbup"), "Perbup"),
    (re.compile(r"(?i)^perwal"), "Perwal"),
]
# Regulations whose number/year pair is known; a UU 25 of another year cannot be the
# Public Service Law and is flagged by the caller (DOMAIN.md section 3).
KNOWN_REGULATIONS = {"UU 25/2009", "UU 37/2008", "PermenPAN-RB 15/2014", "PermenPAN-RB 14/2017",
                     "PermenPAN-RB 17/2017", "PermenPAN-RB 29/2022", "Perpres 76/2013", "Perpres 2/2015",
                     "Peraturan Ombudsman 17/2015", "Peraturan Ombudsman 22/2016", "Peraturan Ombudsman 61/2025"}

MONEY = re.compile(r"Rp\.?\s?\d{1,3}(?:[.,]\d{3})*(?:,\d+)?(?:\s*(?:ribu|juta|miliar|triliun))?", re.IGNORECASE)

# A number that may be a score: "86,34", "68.52", "50", "99, 23" (stray space after the
# comma, only directly after a score cue). Thousands-dotted numbers never qualify.
NUMBER = re.compile(r"(?<![\w/.,])(\d{1,3})(?:(?:,|\.)(\d{1,2}))?(?![\d]|[.,]\d)")
STRAY_SPACE_NUMBER = re.compile(r"(?<![\w/.,])(\d{1,3}),\s(\d{2})(?![\d])")
SCORE_CUE = re.compile(
    r"(?i)\b(nilai(?:nya)?(?:\s+kepatuhan)?(?:\s+pelayanan\s+publik)?|skor(?:nya)?|sebesar|indeks|memperoleh\s+nilai|meraih\s+nilai|mendapat(?:kan)?\s+nilai|dengan\s+nilai|dengan\s+skor|angka)\s*:?\s*$"
)
NOT_SCORE_AFTER = re.compile(
    r"(?i)^\s*(%|persen|orang|opd|unit|hari|juta|miliar|ribu|triliun|tahun|bulan|pegawai|daerah|"
    r"kabupaten|kota|provinsi|pemda|instansi|kementerian|lembaga|layanan|laporan|aduan|pengaduan|peserta|"
    r"item|indikator|komponen|poin|point|besar|kali|km|meter|jam|menit|dari\s+\d)"
)
NOT_SCORE_BEFORE = re.compile(r"(?i)(rp\.?\s?|urutan\s+(ke-?)?|peringkat\s+(ke-?)?|ke-|nomor\s+|no\.\s?|pasal\s+|ayat\s+|sebanyak\s+|tanggal\s+|pukul\s+)$")
GRADE_AFTER_SCORE = re.compile(r"^\s?/\s?([A-E])\b")
GRADE_WORD = re.compile(r"\b(?:[Kk]ategori|[Kk]atagori|[Pp]redikat|[Mm]utu|[Nn]ilai)\s+([A-E][+-]?)(?![\w])")


def _regulation_normal(m: re.Match[str]) -> str:
    kind = m["kind"]
    for pat, norm in REG_NORMAL:
        if pat.match(kind):
            return f"{norm} {int(m['num'])}/{m['year']}"
    return f"{kind} {int(m['num'])}/{m['year']}"


def parse_score(text: str) -> float:
    """'68,45' -> 68.45; '68.52' -> 68.52; '99, 23' -> 99.23."""
    return float(re.sub(r"\s", "", text).replace(",", "."))


def _span(doc: Doc, start: int, end: int, label: str, kb_id: str = "") -> Span | None:
    span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
    return span


@Language.component("pantau_regex")
def pantau_regex(doc: Doc) -> Doc:
    text = doc.text
    existing = list(doc.ents)
    new: list[Span] = []
    taken: list[tuple[int, int]] = [(e.start_char, e.end_char) for e in existing]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(a: int, b: int, label: str, norm: str) -> Span | None:
        if not free(a, b):
            return None
        sp = _span(doc, a, b, label, norm)
        if sp is None or not free(sp.start_char, sp.end_char):
            return None
        new.append(sp)
        taken.append((sp.start_char, sp.end_char))
        return sp

    for m in REGULATION.finditer(text):
        add(m.start(), m.end(), "REGULATION", _regulation_normal(m))
    notes = doc.user_data.setdefault("notes", {})
    for dm in dates.find_dates(text, doc.user_data.get("reference_date")):
        sp = add(dm.start, dm.end, "DATE", dm.iso or "")
        if sp is not None:
            if dm.resolved:
                notes[(sp.start_char, sp.end_char)] = "year resolved from the publication date"
            elif dm.iso is None:
                notes[(sp.start_char, sp.end_char)] = "no year and no publication date: unresolved"
    for m in MONEY.finditer(text):
        add(m.start(), m.end(), "MONEY", m.group(0))
    for m in GRADE_WORD.finditer(text):
        add(m.start(1), m.end(1), "GRADE", m.group(1))
    # Scores: only numbers in a score context.
    candidates: list[tuple[int, int, str]] = []
    region_ends = {e.end_char for e in existing if e.label_ == "REGION"}
    for m in STRAY_SPACE_NUMBER.finditer(text):
        if SCORE_CUE.search(text[max(0, m.start() - 40): m.start()]) or m.start() - 1 in region_ends:
            candidates.append((m.start(), m.end(), m.group(0)))
    for m in NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b, _ in candidates):
            continue
        candidates.append((m.start(), m.end(), m.group(0)))
    for a, b, raw in sorted(candidates):
        before = text[max(0, a - 40): a]
        after = text[b: b + 25]
        if NOT_SCORE_BEFORE.search(before) or NOT_SCORE_AFTER.match(after):
            continue
        has_decimal = bool(re.search(r"[.,]\s?\d", raw))
        cue = bool(SCORE_CUE.search(before))
        grade = GRADE_AFTER_SCORE.match(after)
        # "(98,02)" or "Kabupaten Manggarai 45,91" directly after a region mention
        stripped = before.rstrip(" (")
        after_region = (len(before) - len(stripped) <= 2) and (a - (len(before) - len(stripped))) in region_ends
        if not (cue or grade or (after_region and has_decimal)):
            continue
        if not has_decimal and not (cue or grade):
            continue
        value = parse_score(raw)
        if value > 100:
            continue
        sp = add(a, b, "SCORE", f"{value:g}")
        if sp is not None and grade:
            add(b + grade.start(1), b + grade.end(1), "GRADE", grade.group(1))
    doc.ents = filter_spans(existing + new)
    return doc


REGION_FORMS = ("typefix", "bare", "short", "alias")


def region_form(ent: Span) -> str:
    """prefixed | typefix | bare | short | alias | ambiguous (from the pattern id)."""
    pid = ent.ent_id_
    if pid.startswith("amb:"):
        return "ambiguous"
    _, _, form = pid.partition("|")
    return form or "prefixed"


def _candidates(ent: Span) -> list[str]:
    pid = ent.ent_id_
    if pid.startswith("amb:"):
        return pid[4:].split(",")
    return [pid.partition("|")[0]]


@Language.component("pantau_linker")
def pantau_linker(doc: Doc) -> Doc:
    """Give every REGION its code in ``kb_id_``; an ambiguous bare name gets one only when
    the article names exactly one of its candidates unambiguously, else none."""
    notes = doc.user_data.setdefault("notes", {})
    ents = list(doc.ents)
    known = {c for e in ents if e.label_ == "REGION" and not e.ent_id_.startswith("amb:") for c in _candidates(e)}
    out: list[Span] = []
    for e in ents:
        if e.label_ != "REGION":
            out.append(e)
            continue
        cands = _candidates(e)
        form = region_form(e)
        code = ""
        if form == "ambiguous":
            hits = [c for c in cands if c in known]
            if len(hits) == 1:
                code = hits[0]
                notes[(e.start_char, e.end_char)] = "ambiguous name resolved from another mention in the article"
            else:
                notes[(e.start_char, e.end_char)] = "ambiguous name left unresolved: " + "|".join(cands)
        else:
            code = cands[0]
            if form == "typefix":
                notes[(e.start_char, e.end_char)] = "prefix names the wrong type; the region's real type is used"
        out.append(Span(doc, e.start, e.end, label="REGION", kb_id=code, span_id=e.ent_id_))
    doc.ents = out
    return doc


def blank() -> Language:
    """``spacy.blank("id")`` with the tokenizer fixed for Indonesian news."""
    nlp = spacy.blank("id")
    rules = {k: v for k, v in nlp.tokenizer.rules.items()
             if not (_EMOTICON_WITH_DIGIT.search(k) and not k[0].isalpha())}
    for abbr in ABBREVIATIONS:
        rules[abbr] = [{"ORTH": abbr}]
    nlp.tokenizer.rules = rules  # assigning the rules also clears the tokenizer's cache
    return nlp


@spacy.registry.misc("pantau.patterns.v1")
def load_patterns(directory: str = str(PATTERNS_DIR)) -> list[dict]:
    """Every pattern of every ``*.jsonl`` file in ``directory``, in file-name order."""
    patterns: list[dict] = []
    for f in sorted(Path(directory).glob("*.jsonl")):
        patterns.extend(srsly.read_jsonl(f))
    return patterns


@lru_cache(maxsize=1)
def build() -> Language:
    nlp = blank()
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(spacy.registry.misc.get("pantau.patterns.v1")())
    nlp.add_pipe("pantau_regex")
    nlp.add_pipe("pantau_linker")
    nlp.meta["version"] = NLP_VERSION
    return nlp
