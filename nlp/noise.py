"""Indonesian news noise: lines and line endings that are not article prose.

Each rule is a small named pattern with a test. Rules only ever remove whole lines that
match completely, or an editor code at the very end of the text, so article prose is
never cut.
"""

from __future__ import annotations

import re

# Whole lines to drop. (name, pattern); the pattern must match the whole stripped line.
LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    # Inline related-article links: "Baca Juga: 9 Daerah di NTT Masuk Zona Merah"
    ("baca_juga", re.compile(r"(?i)(baca\s+(juga|pula)|simak\s+juga|lihat\s+juga)\s*[:\-–]?\s*.*")),
    ("related_header", re.compile(r"(?i)(artikel|berita)\s+terkait\s*:?")),
    # Comment forms of WordPress themes, English and Indonesian.
    ("comment_form", re.compile(
        r"(?i)(leave a reply|tinggalkan balasan|tinggalkan komentar|please enter your (comment|name here)!?"
        r"|you have entered an incorrect email address!?|alamat email anda tidak akan dipublikasikan.*"
        r"|your email address will not be published.*|required fields are marked.*|save my name, email.*)"
    )),
    ("advertisement", re.compile(r"(?i)(advertisement|scroll to (resume|continue) (with )?content|iklan)")),
    # Editor codes alone on a line: "RED-MB", "(MC)", "***", "(Syarif ab)" is kept: a byline.
    ("editor_code", re.compile(r"(RED-[A-Z]{1,4}|\((MC|RED|ADV|ika|rls)\)|\*{3}|-{3})")),
    # Photo captions: "Foto: Peserta sosialisasi ...", "(Foto: Humas Pemkab)", "FOTO/ANTARA"
    ("photo_caption", re.compile(r"(?i)\(?(foto|photo|ilustrasi|sumber foto)\s*[:/].{0,200}")),
    ("share_buttons", re.compile(r"(?i)(bagikan|share)\s*(ke|on)?\s*:?\s*(facebook|twitter|whatsapp|telegram)?.*",)),
]

# An editor code glued to the end of the last paragraph: "... Universitas Udayana. RED-MB"
TRAILING_CODE = re.compile(r"\s+(RED-[A-Z]{1,4}|\(MC\)|\*{3})\s*$")


# An inline related-article headline ("Capaian Vaksinasi Lampaui 70 persen, Bali Siap
# Terima Booster"): a short line in title case without closing punctuation, between
# paragraphs of prose. Prose lines end with punctuation; subheadings are not prose either.
LIST_RECORD = re.compile(r"^\s*(\d{1,3}\s*[.)]|[-•*–])\s|\d+[.,]\s?\d|:")


def is_inline_headline(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= 16 or line[-1] in '.!?:;"”’)' or "|" in line:
        return False  # a table row ("| DPMPTSP | 89,12 | A |") is data, not a headline
    if LIST_RECORD.search(line):
        return False  # a numbered record ("1. Kabupaten Tebo"), a score or a "Nilai: 92,5" line
    alpha = [w for w in words if w[:1].isalpha()]
    capitalised = sum(w[:1].isupper() for w in alpha)
    return bool(alpha) and capitalised / len(alpha) >= 0.6


def clean_lines(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Return the text without noise lines, and the (rule, line) pairs removed."""
    kept: list[str] = []
    removed: list[tuple[str, str]] = []
    for line in text.splitlines():
        s = line.strip()
        if not s:
            continue
        for name, pat in LINE_RULES:
            if pat.fullmatch(s) and (name != "share_buttons" or len(s) < 60):
                removed.append((name, s))
                break
        else:
            if kept and is_inline_headline(s):
                removed.append(("inline_headline", s))
                continue
            kept.append(s)
    out = "\n".join(kept)
    m = TRAILING_CODE.search(out)
    if m:
        removed.append(("editor_code", m.group(1)))
        out = out[: m.start()]
    return out, removed


def drop_leading_title(text: str, title: str | None) -> str:
    """Some CMSs repeat the headline as the first line of the body; the headline is
    metadata, and keeping it would make a republished copy differ from its original."""
    if not title:
        return text
    first, _, rest = text.partition("\n")
    norm = lambda s: re.sub(r"\W+", " ", s).strip().lower()  # noqa: E731
    return rest if norm(first) == norm(title) else text
