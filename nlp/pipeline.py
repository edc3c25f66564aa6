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

import itertools
import re
from functools import lru_cache
from pathlib import Path

import spacy
import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_prefix_regex, filter_spans

from nlp import dates

NLP_VERSION = "0.4.0"
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
    r"(?i)\b(nilai(?:nya)?(?:\s+kepatuhan)?(?:\s+pelayanan\s+publik)?(?:\s*(?:dan|/)\s*zona)?"
    r"(?:\s+(?:tertinggi|terendah|akhir|total|tertinggi\s+kedua)\s*,?)?|skor(?:nya)?|point|poin|sebesar|indeks|capaian(?:nya)?"
    r"|indeks\s+(?:pelayanan\s+publik|kepuasan\s+masyarakat)(?:\s*\((?:IPP|IKM)\))?|IPP|IKM|SKM|menjadi|mencapai|memperoleh(?:\s+nilai)?|meraih(?:\s+nilai)?|mendapat(?:kan)?(?:\s+nilai)?|dengan\s+nilai|dengan\s+skor|angka)\s*:?\s*$"
)
# Words that announce a score only when a decimal follows ("zona kuning dengan 63,10",
# "masing-masing dengan 89,12 dan 86,40"); "dengan 12 OPD" is a count.
WEAK_CUE = re.compile(r"(?i)\b(dengan|masing-masing(?:\s+dengan)?|hanya|tercatat|mencatat(?:kan)?|berada\s+di"
                      r"|(?:naik|turun|meningkat|menurun|berubah)\s+dari)\s*:?\s*$")
ALIAS_AFTER = re.compile(r"\s*\([A-Z][A-Za-z]{1,9}\)")
NOT_SCORE_AFTER = re.compile(
    r"(?i)^\s*(%|persen|orang|opd|unit|hari|juta|miliar|ribu|triliun|tahun|bulan|pegawai|daerah|"
    r"kabupaten|kota|provinsi|pemda|instansi|kementerian|lembaga|layanan|laporan|aduan|pengaduan|peserta|"
    r"kecamatan|desa|kelurahan|puskesmas|sekolah|rumah|berkas|"
    r"item|indikator|komponen|besar|kali|km|meter|jam|menit|dari\s+(?!(?:skala\s+)?100\b)\d"
    # a band of a scale ("88,31 sampai 100,00 berarti mutu A") is not a result
    r"|(?:sampai|hingga|s\.?\s?d\.?|s/d|-|–)\s*\d|ke\s+(?:atas|bawah)|atau\s+lebih|keatas)"
)
NOT_SCORE_BEFORE = re.compile(r"(?i)(rp\.?\s?|urutan\s+(ke-?)?|peringkat\s+(ke-?)?|ke-|nomor\s+|no\.\s?|pasal\s+|ayat\s+|sebanyak\s+|tanggal\s+|pukul\s+)$")
SCORE_LIST_GAP = re.compile(r"(?:\s*/\s*[A-E])?(?:\s+(?:pada|tahun|di|untuk)(?:\s+tahun)?\s+\d{4})?\s*(?:,|dan|serta|,\s*dan|;)\s*(?:nilai\s+)?")
GRADE_AFTER_SCORE = re.compile(r"^\s?/\s?([A-E])\b")
GRADE_WORD = re.compile(r"\b(?:[Bb]er)?(?:[Kk]ategori|[Kk]atagori|[Pp]redikat|[Mm]utu(?:\s+[Pp]elayanan)?|[Nn]ilai|[Gg]rade"
                        r"|[Mm]endapat(?:kan)?|[Mm]emperoleh|[Mm]eraih)"
                        r"(?:\s+[Nn]ilai)?\s*:?\s+['\"‘“]?(AA|BB|CC|[A-E][+-]?)(?![\w+-])")


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
    # "(98,02)" or "45,91" right after a region, an institution ("Kemenag (83,19)") or a
    # grade ("predikat B (62,40)") is a score.
    region_ends = {e.end_char for e in existing if e.label_ in ("REGION", "INSTITUTION")}
    # "Kabupaten Hulu Sungai Selatan (HSS) (88,02)": the alias in parentheses ends the name
    for end in list(region_ends):
        alias = ALIAS_AFTER.match(text, end)
        if alias:
            region_ends.add(alias.end())
    for m in GRADE_WORD.finditer(text):
        if add(m.start(1), m.end(1), "GRADE", m.group(1)) is not None:
            region_ends.add(m.end(1))
    # Scores: only numbers in a score context.
    candidates: list[tuple[int, int, str]] = []
    for m in STRAY_SPACE_NUMBER.finditer(text):
        if SCORE_CUE.search(text[max(0, m.start() - 40): m.start()]) or m.start() - 1 in region_ends:
            candidates.append((m.start(), m.end(), m.group(0)))
    for m in NUMBER.finditer(text):
        if any(a <= m.start() < b for a, b, _ in candidates):
            continue
        candidates.append((m.start(), m.end(), m.group(0)))
    last_score_end: int | None = None
    for a, b, raw in sorted(candidates):
        before = text[max(0, a - 40): a]
        after = text[b: b + 25]
        if NOT_SCORE_BEFORE.search(before) or NOT_SCORE_AFTER.match(after):
            continue
        has_decimal = bool(re.search(r"[.,]\s?\d", raw))
        cue = bool(SCORE_CUE.search(before)) or (has_decimal and bool(WEAK_CUE.search(before)))
        grade = GRADE_AFTER_SCORE.match(after)
        # "(98,02)" or "Kabupaten Manggarai 45,91" directly after a region mention
        stripped = before.rstrip(" (:*–-")
        after_region = (len(before) - len(stripped) <= 5) and (a - (len(before) - len(stripped))) in region_ends
        # "84,12 pada 2017, 90,33 pada 2018 dan 95,80 pada 2019": a decimal number that
        # continues an enumeration right after a score is a score too.
        continues = (has_decimal and last_score_end is not None
                     and SCORE_LIST_GAP.fullmatch(text[last_score_end:a]) is not None)
        if not (cue or grade or continues or (after_region and has_decimal)):
            continue
        if not has_decimal and not (cue or grade):
            continue
        value = parse_score(raw)
        if value > 100:
            continue
        sp = add(a, b, "SCORE", f"{value:g}")
        if sp is not None:
            last_score_end = sp.end_char
        if sp is not None and grade:
            add(b + grade.start(1), b + grade.end(1), "GRADE", grade.group(1))
    doc.ents = filter_spans(existing + new)
    return doc


REGION_FORMS = ("typefix", "bare", "short", "alias")
CAPITALISED = "|cap"  # id suffix: the match counts only if its first word is not lower case


def region_form(ent: Span) -> str:
    """prefixed | typefix | bare | short | alias | ambiguous (from the pattern id)."""
    pid = ent.id_
    if pid.startswith("amb:"):
        return "ambiguous"
    _, _, form = pid.partition("|")
    return form or "prefixed"


def _candidates(ent: Span) -> list[str]:
    pid = ent.id_
    if pid.startswith("amb:"):
        return pid[4:].split(",")
    return [pid.partition("|")[0]]


@Language.component("pantau_linker")
def pantau_linker(doc: Doc) -> Doc:
    """Give every REGION its code in ``kb_id_``; an ambiguous bare name gets one only when
    the article names exactly one of its candidates unambiguously, else none."""
    notes = doc.user_data.setdefault("notes", {})
    ents = list(doc.ents)
    known = {c for e in ents if e.label_ == "REGION" and not e.id_.startswith("amb:") for c in _candidates(e)}
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
        out.append(Span(doc, e.start, e.end, label="REGION", kb_id=code, span_id=e.id_))
    doc.ents = _link_institutions(doc, out)
    return doc


def _link_institutions(doc: Doc, ents: list[Span]) -> list[Span]:
    """An Ombudsman office takes its province into one span ("Ombudsman RI Perwakilan
    Bali" -> ``ombudsman-ri:51``): the province there names the office, it is not
    assessed. A unit ("Disdukcapil", "RSUD") directly followed by a region is linked to
    it (``unit:disdukcapil@51.03``) and the region mention stays."""
    kept: list[Span] = []
    for e in ents:
        if e.label_ == "INSTITUTION" and e.id_.endswith(CAPITALISED):
            if doc[e.start].is_lower:
                continue
            e = Span(doc, e.start, e.end, label="INSTITUTION", span_id=e.id_[: -len(CAPITALISED)])
        kept.append(e)
    ents = kept
    out: list[Span] = []
    i = 0
    while i < len(ents):
        e = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        if e.label_ == "INSTITUTION" and e.id_ == "ombudsman-ri":
            start = e.start - 1 if e.start > 0 and doc[e.start - 1].lower_ == "perwakilan" else e.start
            gap = [t.lower_ for t in doc[e.end: nxt.start]] if nxt is not None else None
            if (nxt is not None and nxt.label_ == "REGION" and nxt.kb_id_ and "." not in nxt.kb_id_
                    and gap is not None and all(w in ("perwakilan", "provinsi", "prov.") for w in gap)):
                out.append(Span(doc, start, nxt.end, label="INSTITUTION", kb_id=f"ombudsman-ri:{nxt.kb_id_}",
                                span_id=e.id_))
                i += 2
                continue
            out.append(Span(doc, e.start, e.end, label="INSTITUTION", kb_id="ombudsman-ri", span_id=e.id_))
        elif e.label_ == "INSTITUTION":
            kb = e.id_
            if (kb.startswith("unit:") and nxt is not None and nxt.label_ == "REGION" and nxt.kb_id_
                    and nxt.start - e.end <= 1 and all(t.text in (",", "Se", "se") for t in doc[e.end: nxt.start])):
                kb = f"{kb}@{nxt.kb_id_}"
            out.append(Span(doc, e.start, e.end, label="INSTITUTION", kb_id=kb, span_id=e.id_))
        else:
            out.append(e)
        i += 1
    return out


# Roles that introduce a named official, longest first ("wakil bupati" before "bupati").
ROLES = sorted([
    "wakil bupati", "bupati", "wakil wali kota", "wakil walikota", "wali kota", "walikota",
    "wakil gubernur", "gubernur", "sekda", "sekretaris daerah", "pj bupati", "pj wali kota",
    "pj gubernur", "penjabat bupati", "penjabat gubernur", "penjabat wali kota", "camat", "lurah",
    "kepala", "kabag", "kepala bagian", "asisten", "plt kepala", "plt bupati", "ketua",
], key=lambda r: -len(r.split()))
HONORIFICS = {"drs.", "dra.", "dr.", "ir.", "h.", "hj.", "prof.", "i", "ni", "aa", "ida", "ir"}
NOT_NAME = {"ri", "di", "dan", "yang", "saat", "dalam", "pada", "ini", "itu", "mengatakan", "menjelaskan"}


ROLES_BY_FIRST: dict[str, list[list[str]]] = {}
for _role in ROLES:
    ROLES_BY_FIRST.setdefault(_role.split()[0], []).append(_role.split())


def _role_at(doc: Doc, i: int) -> int:
    """Number of tokens of the role starting at token i, 0 if none."""
    for words in ROLES_BY_FIRST.get(doc[i].lower_, ()):
        if i + len(words) <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words)):
            return len(words)
    return 0


@Language.component("pantau_people")
def pantau_people(doc: Doc) -> Doc:
    """PERSON: a name of two or more capitalised words right after a role, the role's
    region or institution in between ("Bupati Tabanan I Komang Gede Sanjaya", "Kepala
    ORI Bali Umar Ibnu Alkhattab", "Sekda Badung, Kompyang R. Swandika"). The normal
    form is the role and, when named, the code of its region or institution."""
    ent_at = {e.start: e for e in doc.ents}
    in_ent = {t for e in doc.ents for t in range(e.start, e.end)}
    new: list[Span] = []
    lowers = [t.lower_ for t in doc]
    i = 0
    while i < len(doc):
        k = _role_at(doc, i) if lowers[i] in ROLES_BY_FIRST else 0
        if not k or not doc[i].is_title and not doc[i].is_upper:
            i += 1
            continue
        role = doc[i: i + k].text
        j = i + k
        orgs = []
        while j in ent_at and ent_at[j].label_ in ("REGION", "INSTITUTION") and len(orgs) < 3:
            orgs.append(ent_at[j])
            j = ent_at[j].end
            if j < len(doc) and doc[j].lower_ in ("perwakilan", "provinsi") and j + 1 in ent_at:
                j += 1
        if j < len(doc) and doc[j].text == ",":
            j += 1
        start = j
        while (j < len(doc) and j not in in_ent and j - start < 6 and doc[j].lower_ not in NOT_NAME
               and (doc[j].is_title or doc[j].lower_ in HONORIFICS or (doc[j].is_upper and len(doc[j]) <= 3
                                                                        and doc[j].is_alpha))):
            j += 1
        names = [t for t in doc[start:j] if t.lower_ not in HONORIFICS or t.lower_ in ("i", "ni", "aa", "ida")]
        if len(names) >= 2 and not _role_at(doc, start):
            org = next((e.kb_id_ for e in orgs if e.kb_id_), "")
            new.append(Span(doc, start, j, label="PERSON", kb_id=f"{role}|{org}" if org else role))
            i = j
        else:
            i += 1
    if new:
        doc.ents = filter_spans(list(doc.ents) + new)
    return doc


def blank() -> Language:
    """``spacy.blank("id")`` with the tokenizer fixed for Indonesian news."""
    nlp = spacy.blank("id")
    rules = {k: v for k, v in nlp.tokenizer.rules.items()
             if not (_EMOTICON_WITH_DIGIT.search(k) and not k[0].isalpha())}
    for abbr in ABBREVIATIONS:
        rules[abbr] = [{"ORTH": abbr}]
    nlp.tokenizer.rules = rules  # assigning the rules also clears the tokenizer's cache
    # The Indonesian prefixes include an HTML-tag regex ("<strong/>", "<a href...>") that
    # costs half of the tokenizer's time; our input is extracted plain text.
    prefixes = [p for p in nlp.Defaults.prefixes if "strong" not in p]
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    return nlp


def _expand(tokens: list[dict]) -> tuple[str, list[str]] | None:
    """A token pattern made only of LOWER/ORTH words or word sets, each optional or not,
    as (attr, phrases); None when it needs the token Matcher (IS_TITLE, "+", ...).
    The Matcher tests every token pattern at every token, a PhraseMatcher looks words
    up: expanding the simple patterns makes the ruler several times faster."""
    attr = None
    options: list[list[str | None]] = []
    for tok in tokens:
        keys = set(tok) - {"OP"}
        if len(keys) != 1 or tok.get("OP") not in (None, "?"):
            return None
        (key,) = keys
        if key not in ("LOWER", "ORTH") or (attr and key != attr):
            return None
        attr = key
        val = tok[key]
        words = val["IN"] if isinstance(val, dict) and set(val) == {"IN"} else [val] if isinstance(val, str) else None
        if words is None:
            return None
        options.append(words + ([None] if tok.get("OP") == "?" else []))
    phrases = [" ".join(w for w in combo if w) for combo in itertools.product(*options)]
    return attr or "LOWER", [p for p in phrases if p]


@spacy.registry.misc("pantau.patterns.v1")
def load_patterns(directory: str = str(PATTERNS_DIR)) -> dict[str, list[dict]]:
    """Every pattern of every ``*.jsonl`` file in ``directory``, in file-name order:
    ``{"LOWER": [...], "ORTH": [...]}``; files named ``*_cased.jsonl`` match as written."""
    patterns: dict[str, list[dict]] = {"LOWER": [], "ORTH": []}
    for f in sorted(Path(directory).glob("*.jsonl")):
        for p in srsly.read_jsonl(f):
            pat = p["pattern"]
            if isinstance(pat, list) and pat and pat[0].get("IS_LOWER") is False:
                # "Dinas Kesehatan" but not "perjalanan dinas": match the phrase, and let
                # the linker drop a match whose first word is written in lower case.
                first = {k: v for k, v in pat[0].items() if k != "IS_LOWER"}
                p = {**p, "pattern": [first, *pat[1:]], "id": p["id"] + CAPITALISED}
                pat = p["pattern"]
            expanded = _expand(pat) if isinstance(pat, list) else None
            if expanded:
                attr, phrases = expanded
                patterns[attr].extend({**p, "pattern": phrase} for phrase in phrases)
            else:
                patterns["ORTH" if f.stem.endswith("_cased") else "LOWER"].append(p)
    return patterns


@lru_cache(maxsize=1)
def build() -> Language:
    nlp = blank()
    nlp.add_pipe("sentencizer")
    patterns = spacy.registry.misc.get("pantau.patterns.v1")()
    # The case-insensitive ruler runs first: "Kabupaten Kupang" is taken before the
    # cased ruler could read its "Kupang" as a bare name (it never overwrites).
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
    ruler.add_patterns(patterns["LOWER"])
    cased = nlp.add_pipe("entity_ruler", name="cased_ruler",
                         config={"phrase_matcher_attr": "ORTH", "overwrite_ents": False})
    cased.add_patterns(patterns["ORTH"])
    nlp.add_pipe("pantau_regex")
    nlp.add_pipe("pantau_linker")
    nlp.add_pipe("pantau_people")
    nlp.meta["version"] = NLP_VERSION
    return nlp
