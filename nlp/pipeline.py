"""The spaCy rule pipeline: ``spacy.blank("id")`` + rules, no statistical model.

Components, in order:
  sentencizer        sentence boundaries
  entity_ruler       REGION (gazetteer surface forms), ZONE, INSTRUMENT, CATEGORY,
                     INSTITUTION (``patterns/*.jsonl``)
  pantau_regex       REGULATION, DATE, MONEY, YEAR, SCORE, GRADE from regular expressions
                     (numbers and dates are easier to read with a regex than with tokens)

``analyze(text, published)`` returns the mentions and the assessments (see ``facts``).
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

from nlp import dates, regions

NLP_VERSION = "0.1.0"
BARE = "|bare"  # suffix of the id of a region mention written without a prefix
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
YEAR = re.compile(r"\b(20[0-4]\d|199\d)\b")

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
    for dm in dates.find_dates(text, doc.user_data.get("reference_date")):
        add(dm.start, dm.end, "DATE", dm.value.isoformat() if dm.value else "")
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
    for m in YEAR.finditer(text):
        add(m.start(1), m.end(1), "YEAR", m.group(1))
    doc.ents = filter_spans(existing + new)
    return doc


def _region_patterns(nlp: Language) -> list[dict]:
    patterns = []
    for r in regions.load().values():
        for form in regions.surface_forms(r):
            patterns.append({"label": "REGION", "pattern": form, "id": r.code})
        if r.type == "provinsi":
            # A bare province name ("Jawa Tengah") is kept apart: it locates another
            # region ("Pemkab Grobogan, Jawa Tengah") far more often than it is assessed.
            patterns.append({"label": "REGION", "pattern": r.name, "id": f"{r.code}{BARE}"})
    return patterns


@lru_cache(maxsize=1)
def build() -> Language:
    nlp = spacy.blank("id")
    for key in list(nlp.tokenizer.rules):
        if _EMOTICON_WITH_DIGIT.search(key) and not key[0].isalpha():
            del nlp.tokenizer.rules[key]
    for abbr in ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbr, [{"ORTH": abbr}])
    nlp.tokenizer.rules = nlp.tokenizer.rules  # re-apply (clears the tokenizer cache)
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    patterns: list[dict] = []
    for f in sorted(PATTERNS_DIR.glob("*.jsonl")):
        patterns.extend(srsly.read_jsonl(f))
    patterns.extend(_region_patterns(nlp))
    ruler.add_patterns(patterns)
    nlp.add_pipe("pantau_regex")
    return nlp
