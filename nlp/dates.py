"""Indonesian date expressions: datelines, written dates, months, years, ranges.

Pure functions; one module serves the DATE mentions of the rule pipeline and the
publication-date fallback of the extraction stage.

Normal forms (``DateMatch.iso``): a day ``2021-01-11`` (with time and offset when written:
``2023-12-14T16:13+07:00``), a month ``2020-03``, a year ``2019``, an interval
``2020-03-02/2020-03-03`` (ISO 8601 start/end, of days, months or years).

A date without a year ("Jumat (29/8)", "Rabu, 15 Oktober") is resolved against a
reference date the caller takes from the page itself (its publication date), never from
today, and is marked ``resolved``. Without a reference it is found but not normalized.
Impossible dates ("14/14/2023", "31 Februari 2020") are found nowhere: they are not
guessed.
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

# Full names may be capitalised or not; abbreviations only capitalised ("Mar", "Jun"),
# so that "mar" or "des" inside ordinary prose is not a month.
_FULL = sorted((n for n in MONTHS if len(n) > 4 or n == "mei"), key=len, reverse=True)
_ABBR = sorted((n for n in MONTHS if len(n) <= 4 and n != "mei"), key=len, reverse=True)
MONTH = (r"(?:(?i:" + "|".join(_FULL) + r")|" + "|".join(a.capitalize() for a in _ABBR) + "|"
         + "|".join(a.upper() for a in _ABBR) + r")\.?")
YEAR4 = r"(?:19[5-9]\d|20[0-4]\d)"
TZ = {"WIB": "+07:00", "WITA": "+08:00", "WIT": "+09:00"}
RANGE = r"\s*(?:-|–|—|s\.?\s?d\.?|s/d|sampai\s+dengan|sampai|hingga|until)\s*"

_DAYNAME = rf"(?:{DAYS}\s*,?\s*)?"
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "2 sampai dengan 7 Maret 2013", "tanggal 2-3 Maret 2020", "28 Februari - 2 Maret 2020"
    ("day_range", re.compile(
        rf"\b(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{MONTH}))?{RANGE}(?P<d2>\d{{1,2}})\s+(?P<m2>{MONTH})(?:\s+(?P<y>{YEAR4}))?\b")),
    # "14/12/2023, 16:13 WIB", "Selasa (11/1/2021)", "Kamis (26/1/23)", "Jumat (29/8)"
    ("numeric", re.compile(
        rf"{_DAYNAME}(?:(?P<open>\()\s*)?(?P<d>\d{{1,2}})\s*/\s*(?P<m>\d{{1,2}})"
        rf"(?:\s*/\s*(?P<y>\d{{4}}|\d{{2}}))?\s*(?(open)\)|(?=\D|$))"
        rf"(?:,?\s*(?:pukul\s+)?(?P<hh>\d{{1,2}})[:.](?P<mm>\d{{2}})\s*(?P<tz>WIB|WITA|WIT)?\b)?")),
    # "Rabu, 15 Oktober 2025", "11 Januari 2021", "Rabu, 15 Oktober"
    ("written", re.compile(rf"{_DAYNAME}\b(?P<d>\d{{1,2}})\s+(?P<m>{MONTH})(?:\s+(?P<y>{YEAR4}))?\b")),
    # "Juli-Agustus 2019", "Juni hingga Oktober 2021", "April sampai dengan bulan Agustus 2014"
    ("month_range", re.compile(rf"\b(?P<m1>{MONTH}){RANGE}(?:bulan\s+)?(?P<m2>{MONTH})\s+(?P<y>{YEAR4})\b")),
    # "Maret 2020", "bulan Maret 2013"
    ("month", re.compile(rf"\b(?P<m>{MONTH})\s+(?P<y>{YEAR4})\b")),
    # "2021-2026", "2018 hingga 2020"
    ("year_range", re.compile(rf"\b(?P<y1>{YEAR4}){RANGE}(?P<y2>{YEAR4})\b")),
    # "tahun 2019", "2019"
    ("year", re.compile(rf"\b(?P<y>{YEAR4})\b(?![.,]\d)")),
]


@dataclass(frozen=True)
class DateMatch:
    start: int
    end: int
    text: str
    iso: str | None  # normal form, None when it cannot be resolved
    precision: str  # day | month | year | interval
    has_year: bool  # the text itself states the year
    resolved: bool  # the year was taken from the reference date
    kind: str  # which pattern matched

    @property
    def value(self) -> date | None:
        """The day, for day-precision matches."""
        if self.precision == "day" and self.iso:
            return date.fromisoformat(self.iso[:10])
        return None


def month_number(name: str) -> int:
    return MONTHS[name.rstrip(".").lower()]


def resolve_year(day: int, month: int, reference: date) -> date | None:
    """The date with this day and month nearest before ``reference`` (a week of slack:
    a page may be dated a little before the event it announces)."""
    for year in (reference.year, reference.year - 1, reference.year + 1):
        try:
            cand = date(year, month, day)
        except ValueError:
            continue
        if reference - timedelta(days=358) < cand <= reference + timedelta(days=7):
            return cand
    return None


def _day(d: int, m: int, y: int | None, reference: date | None) -> tuple[date | None, bool, bool]:
    """(date, ok, resolved); ok is False for an impossible date."""
    if y is not None:
        if y < 100:
            y += 2000
        try:
            return date(y, m, d), True, False
        except ValueError:
            return None, False, False
    if not (1 <= m <= 12 and 1 <= d <= 31):
        return None, False, False
    try:
        date(2000, m, d)  # 29 Feb exists in 2000
    except ValueError:
        return None, False, False
    if reference is None:
        return None, True, False
    return resolve_year(d, m, reference), True, True


IMPOSSIBLE = "impossible"


def _parse(kind: str, m: re.Match[str], reference: date | None) -> tuple[str | None, str, bool, bool] | str | None:
    """(iso, precision, has_year, resolved); None when the match is not a date;
    IMPOSSIBLE when it is a date that cannot exist (its parts are then not dates either)."""
    g = m.groupdict()
    if kind == "numeric":
        d, mo = int(g["d"]), int(g["m"])
        y = int(g["y"]) if g["y"] else None
        if not g.get("open") and y is None:
            return None  # "3/4" without parentheses or year is a fraction, not a date
        if not g.get("open") and not m.group(0)[:1].isalpha() and y is None:
            return None
        day, ok, resolved = _day(d, mo, y, reference)
        if not ok:
            return IMPOSSIBLE
        iso = day.isoformat() if day else None
        if iso and g["hh"]:
            hh, mm = int(g["hh"]), int(g["mm"])
            if hh > 23 or mm > 59:
                return None
            iso += f"T{hh:02d}:{mm:02d}" + (TZ[g["tz"]] if g["tz"] else "")
        return iso, "day", y is not None, resolved
    if kind == "written":
        y = int(g["y"]) if g["y"] else None
        day, ok, resolved = _day(int(g["d"]), month_number(g["m"]), y, reference)
        if not ok:
            return IMPOSSIBLE
        return (day.isoformat() if day else None), "day", y is not None, resolved
    if kind == "day_range":
        y = int(g["y"]) if g["y"] else None
        m2 = month_number(g["m2"])
        m1 = month_number(g["m1"]) if g["m1"] else m2
        end, ok2, res2 = _day(int(g["d2"]), m2, y, reference)
        if not ok2:
            return None
        start_y = None if y is None else (y if m1 <= m2 else y - 1)
        start, ok1, _ = _day(int(g["d1"]), m1, start_y, end or reference)
        if not ok1 or (start and end and start > end):
            return None
        iso = f"{start.isoformat()}/{end.isoformat()}" if start and end else None
        return iso, "interval", y is not None, res2
    if kind == "month_range":
        y = int(g["y"])
        m1, m2 = month_number(g["m1"]), month_number(g["m2"])
        if m1 >= m2:
            return None
        return f"{y}-{m1:02d}/{y}-{m2:02d}", "interval", True, False
    if kind == "month":
        return f"{int(g['y'])}-{month_number(g['m']):02d}", "month", True, False
    if kind == "year_range":
        y1, y2 = int(g["y1"]), int(g["y2"])
        if y1 >= y2:
            return None
        return f"{y1}/{y2}", "interval", True, False
    return g["y"], "year", True, False


def find_dates(text: str, reference: date | None = None) -> list[DateMatch]:
    """Every date expression in ``text``, in order, longest match first where they overlap."""
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in PATTERNS:
        for m in pat.finditer(text):
            a, b = m.span()
            if any(a < e and s < b for s, e in taken):
                continue
            parsed = _parse(kind, m, reference)
            if parsed is None:
                continue
            if parsed == IMPOSSIBLE:
                taken.append((a, b))  # "(14/14/2023)" is no date, and "2023" in it no year
                continue
            iso, precision, has_year, resolved = parsed
            found.append(DateMatch(a, b, m.group(0), iso, precision, has_year, resolved, kind))
            taken.append((a, b))
    return sorted(found, key=lambda x: x.start)


def first_dateline(text: str, reference: date | None = None, window: int = 600) -> DateMatch | None:
    """The first dateline ("Kamis (5/9/2019)", "Jumat (29/8)") in an article's first lines."""
    for dm in find_dates(text[:window], reference):
        if dm.kind == "numeric":
            return dm
    return None


def reference_date(text: str) -> date | None:
    """The latest full date the text states (a dateline "Rabu (29/12/2021)", a written
    "Kamis 12 Desember 2024"): with no publication date, yearless datelines and the
    year rules are resolved against it. Dates after it are not expected in news about
    past results, so the latest one is the closest to the writing."""
    days = [dm.value for dm in find_dates(text) if dm.precision == "day" and dm.has_year and dm.value]
    return max(days) if days else None
