"""Indonesian dates in text: datelines, written-out dates, month names and abbreviations.

Pure functions. A date without a year ("Jumat (29/8)") is resolved against a reference
date that the caller takes from the page itself (its publication date), never from
today. Impossible dates ("14/14/2023") are rejected, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

DAYS = r"(?:Senin|Selasa|Rabu|Kamis|Jum'?at|Jumat|Sabtu|Minggu|Ahad)"

# Month names, their abbreviations and the common "Nopember"/"Pebruari" spellings.
MONTHS: dict[str, int] = {}
for _num, _names in enumerate(
    [
        ("januari", "jan"),
        ("februari", "pebruari", "feb", "peb"),
        ("maret", "mar"),
        ("april", "apr"),
        ("mei",),
        ("juni", "jun"),
        ("juli", "jul"),
        ("agustus", "agt", "agu", "agust", "ags", "aug"),
        ("september", "sep", "sept"),
        ("oktober", "okt", "oct"),
        ("november", "nopember", "nov", "nop"),
        ("desember", "des", "dec"),
    ],
    start=1,
):
    for _n in _names:
        MONTHS[_n] = _num

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))

# "Kamis (5/9/2019)", "Kamis (26/1/23)", "Jumat (29/8)", "(29/12/2021)"
NUMERIC_DATELINE = re.compile(
    rf"(?:(?P<day>{DAYS})\s*,?\s*)?\(\s*(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})(?:\s*/\s*(?P<y>\d{{2}}|\d{{4}}))?\s*\)",
    re.IGNORECASE,
)
# "Rabu, 15 Oktober 2025", "15 Nopember 2019", "Rabu, 15 Oktober", "15 Agt. 2020"
WRITTEN_DATE = re.compile(
    rf"(?:(?P<day>{DAYS})\s*,?\s*)?\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH_RE})\.?(?:\s+(?P<y>\d{{4}}))?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    value: date | None  # None when it could not be resolved (no year and no reference)
    has_year: bool
    kind: str  # "numeric" | "written"


def resolve_year(day: int, month: int, reference: date) -> date | None:
    """The date with this day and month nearest before ``reference`` (a week of slack:
    a page may be dated a little before the event it announces)."""
    for year in (reference.year, reference.year - 1, reference.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        if cand <= reference + timedelta(days=7) and cand > reference - timedelta(days=358):
            return cand
    return None


def _make(d: int, m: int, y: int | None, reference: date | None) -> date | None:
    if y is not None:
        if y < 100:
            y += 2000
        try:
            return date(y, m, d)
        except ValueError:
            return None
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    if reference is None:
        return None
    return resolve_year(d, m, reference)


def find_dates(text: str, reference: date | None = None) -> list[DateMatch]:
    """All datelines and written dates in ``text``, in order; impossible ones dropped."""
    out: list[DateMatch] = []
    for m in NUMERIC_DATELINE.finditer(text):
        d, mo = int(m["d"]), int(m["m"])
        y = int(m["y"]) if m["y"] else None
        if not (1 <= mo <= 12):
            continue
        value = _make(d, mo, y, reference)
        if y is not None and value is None:
            continue  # impossible date such as (31/2/2020)
        out.append(DateMatch(m.start(), m.end(), m.group(0), value, y is not None, "numeric"))
    for m in WRITTEN_DATE.finditer(text):
        d, mo = int(m["d"]), MONTHS[m["mon"].lower()]
        y = int(m["y"]) if m["y"] else None
        value = _make(d, mo, y, reference)
        if y is not None and value is None:
            continue
        if any(o.start <= m.start() < o.end for o in out):
            continue
        out.append(DateMatch(m.start(), m.end(), m.group(0), value, y is not None, "written"))
    return sorted(out, key=lambda x: x.start)


def first_dateline(text: str, reference: date | None = None, window: int = 600) -> DateMatch | None:
    """The first dated dateline near the start of an article (its first ``window`` chars)."""
    for dm in find_dates(text[:window], reference):
        if dm.kind == "numeric" or dm.has_year:
            return dm
    return None
