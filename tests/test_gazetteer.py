"""The region gazetteer: regions.csv, aliases.csv, ambiguous.csv and the bare-name stoplist."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

from nlp import regions
from nlp.gazetteer import build_regions as br

GAZ = Path(br.__file__).parent
FULL_BASE = Path("/tmp/probe/dl/wilayah_indonesia/csv/base.csv")
ALIAS_KINDS = {"province_short", "short_name", "former_name", "spelling"}


def _csv(name: str) -> list[dict[str, str]]:
    with (GAZ / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return _csv("regions.csv")


@pytest.fixture(scope="module")
def by_code(rows) -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in rows}


@pytest.fixture(scope="module")
def aliases() -> list[dict[str, str]]:
    return _csv("aliases.csv")


@pytest.fixture(scope="module")
def ambiguous() -> dict[str, dict[str, str]]:
    return {r["name"]: r for r in _csv("ambiguous.csv")}


@pytest.fixture(scope="module")
def stoplist() -> dict[str, str]:
    out = {}
    for line in (GAZ / "bare_name_stoplist.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, reason = line.partition("#")
        out[name.strip()] = reason.strip()
    return out


# --------------------------------------------------------------------------- counts, codes


def test_38_provinces_514_kabupaten_kota(rows):
    types = [r["type"] for r in rows]
    assert types.count("provinsi") == 38
    assert types.count("kabupaten") == 416
    assert types.count("kota") == 98
    assert len(rows) == 38 + 514
    assert set(types) == {"provinsi", "kabupaten", "kota"}


def test_codes_unique_and_nested(rows, by_code):
    assert len(by_code) == len(rows)
    for r in rows:
        if r["type"] == "provinsi":
            assert re.fullmatch(r"\d{2}", r["code"]), r
            assert r["province_code"] == r["code"]
        else:
            assert re.fullmatch(r"\d{2}\.\d{2}", r["code"]), r
            assert r["code"].startswith(r["province_code"] + "."), r
            assert by_code[r["province_code"]]["type"] == "provinsi"
            assert r["province"] == by_code[r["province_code"]]["name"]
            # Kemendagri: kota codes are .71 and up, kabupaten codes below.
            assert (int(r["code"][3:]) >= 71) == (r["type"] == "kota"), r


def test_columns(rows):
    assert list(rows[0]) == ["code", "type", "name", "canonical", "province_code", "province",
                             "former_code", "law", "note"]


def test_regions_load_keeps_working():
    regions.load.cache_clear()
    regs = regions.load()
    assert len(regs) == 552
    badung = regs["51.03"]
    assert (badung.code, badung.type, badung.name, badung.canonical, badung.province_code,
            badung.province) == ("51.03", "kabupaten", "Badung", "Kabupaten Badung", "51", "Bali")
    assert badung.former_code == "" and badung.law == ""
    assert regs["95.01"].former_code == "91.02" and regs["95.01"].law == "UU 16/2022"
    # The extra fields have defaults, so code that builds a Region by hand still works.
    r = regions.Region("51", "provinsi", "Bali", "Provinsi Bali", "51", "Bali")
    assert r.former_code == r.law == r.note == ""


# --------------------------------------------------------------------------- Papua 2022


@pytest.mark.parametrize("code,name,law", [
    ("93", "Papua Selatan", "UU 14/2022"),
    ("94", "Papua Tengah", "UU 15/2022"),
    ("95", "Papua Pegunungan", "UU 16/2022"),
    ("96", "Papua Barat Daya", "UU 29/2022"),
])
def test_papua_2022_provinces(by_code, code, name, law):
    p = by_code[code]
    assert (p["type"], p["name"], p["canonical"], p["law"]) == ("provinsi", name, f"Provinsi {name}", law)


@pytest.mark.parametrize("code,type_,name,province,former", [
    ("93.01", "kabupaten", "Merauke", "Papua Selatan", "91.01"),
    ("93.04", "kabupaten", "Asmat", "Papua Selatan", "91.18"),
    ("94.04", "kabupaten", "Mimika", "Papua Tengah", "91.09"),
    ("94.01", "kabupaten", "Nabire", "Papua Tengah", "91.04"),
    ("95.01", "kabupaten", "Jayawijaya", "Papua Pegunungan", "91.02"),
    ("95.08", "kabupaten", "Nduga", "Papua Pegunungan", "91.24"),
    ("96.01", "kabupaten", "Sorong", "Papua Barat Daya", "92.01"),
    ("96.71", "kota", "Sorong", "Papua Barat Daya", "92.71"),
    ("96.03", "kabupaten", "Raja Ampat", "Papua Barat Daya", "92.05"),
])
def test_papua_2022_moves(by_code, code, type_, name, province, former):
    r = by_code[code]
    assert (r["type"], r["name"], r["province"], r["former_code"]) == (type_, name, province, former)
    assert r["law"] == by_code[code[:2]]["law"]
    assert former not in by_code  # the old code is gone


def test_papua_2022_counts_and_what_stays(rows, by_code):
    per_prov = defaultdict(list)
    for r in rows:
        if r["type"] != "provinsi":
            per_prov[r["province_code"]].append(r["code"])
    assert {p: len(per_prov[p]) for p in ("91", "92", "93", "94", "95", "96")} == {
        "91": 9, "92": 7, "93": 4, "94": 8, "95": 8, "96": 6}
    assert by_code["91.03"]["name"] == "Jayapura" and by_code["91.03"]["province"] == "Papua"
    assert by_code["91.71"]["canonical"] == "Kota Jayapura" and by_code["91.71"]["province_code"] == "91"
    assert by_code["92.02"]["name"] == "Manokwari" and by_code["92.02"]["province"] == "Papua Barat"
    moved = [r for r in rows if r["former_code"]]
    assert len(moved) == 26
    assert all(r["law"] and r["province_code"] in {"93", "94", "95", "96"} for r in moved)
    assert all(r["former_code"][:2] in {"91", "92"} for r in moved)
    # Only the 2022 rows carry a law or a former code.
    for r in rows:
        if r["province_code"] not in {"93", "94", "95", "96"}:
            assert r["law"] == "" and r["former_code"] == "", r


# --------------------------------------------------------------------------- names


def test_clean_names(by_code):
    assert by_code["31.01"]["name"] == "Kepulauan Seribu"
    assert by_code["31.01"]["canonical"] == "Kabupaten Kepulauan Seribu"
    assert by_code["92.03"]["name"] == "Fakfak"
    assert by_code["17.06"]["name"] == "Mukomuko"
    assert by_code["12.12"]["name"] == "Toba"
    assert by_code["73.10"]["name"] == "Pangkajene dan Kepulauan"
    assert by_code["72.09"]["name"] == "Tojo Una-Una"
    assert by_code["75.04"]["name"] == "Pohuwato"
    assert by_code["71.08"]["name"] == "Bolaang Mongondow Utara"
    for code, part in [("31.71", "Pusat"), ("31.72", "Utara"), ("31.73", "Barat"),
                       ("31.74", "Selatan"), ("31.75", "Timur")]:
        assert by_code[code]["canonical"] == f"Kota Jakarta {part}"
        assert "Kota Administrasi" in by_code[code]["note"]


def test_no_upstream_artefacts_in_names(rows):
    for r in rows:
        n = r["name"]
        assert n == n.strip() and "  " not in n, r
        assert not re.search(r"\b(Kab|Kep|Adm)\b\.?|\.", n), r
        assert not re.match(r"(Kab|Kota|Kabupaten|Provinsi)\b", n), r
        assert not re.search(r"\bDan\b", n), r
        assert all(w[0].isupper() or w == "dan" for w in re.split(r"[ -]", n)), r
        prefix = {"provinsi": "Provinsi ", "kabupaten": "Kabupaten ", "kota": "Kota "}[r["type"]]
        assert r["canonical"] == prefix + n


def test_names_fixed_are_listed_and_used(by_code):
    for code, (_upstream, fixed) in br.NAMES_FIXED.items():
        assert by_code[code]["name"] == fixed


# --------------------------------------------------------------------------- build


def test_build_is_reproducible(rows):
    built = br.build()
    assert br.render(built, br.FIELDS) == (GAZ / "regions.csv").read_text(encoding="utf-8")
    amb = br.render(br.ambiguous(built), ["name", "codes", "note"])
    assert amb == (GAZ / "ambiguous.csv").read_text(encoding="utf-8")


def test_upstream_copy_matches_full_base_csv():
    """The committed trimmed copy is exactly the province/kab-kota lines of base.csv."""
    if not FULL_BASE.exists():
        pytest.skip(f"{FULL_BASE} not available")
    committed = (GAZ / "upstream_base_kabkota.csv").read_text(encoding="utf-8")
    assert br.trimmed_upstream(FULL_BASE) == committed
    assert br.build(FULL_BASE) == br.build()


def test_upstream_copy_is_the_34_province_list():
    up = br.read_upstream(br.UPSTREAM)
    assert len(up) == 34 + 514
    assert ("91.01", "KAB. MERAUKE") in up and ("92.71", "KOTA SORONG") in up
    text = br.UPSTREAM.read_text(encoding="utf-8")
    assert "MIT License" in text and br.UPSTREAM_SHA256 in text


# --------------------------------------------------------------------------- ambiguity


def test_ambiguous_names(ambiguous, by_code):
    assert ambiguous["Kupang"]["codes"] == "53.01|53.71"
    assert ambiguous["Malang"]["codes"] == "35.07|35.73"
    assert ambiguous["Sorong"]["codes"] == "96.01|96.71"
    assert ambiguous["Jayapura"]["codes"] == "91.03|91.71"
    assert ambiguous["Gorontalo"]["codes"] == "75|75.01|75.71"
    assert ambiguous["Bengkulu"]["codes"] == "17|17.71"
    assert ambiguous["Jambi"]["codes"] == "15|15.71"
    assert ambiguous["Banjar"]["codes"] == "32.79|63.03"
    assert ambiguous["Yogyakarta"]["codes"] == "34|34.71"
    for name in ["Bandung", "Bogor", "Sukabumi", "Cirebon", "Tegal", "Pekalongan", "Magelang",
                 "Semarang", "Kediri", "Blitar", "Madiun", "Mojokerto", "Pasuruan", "Probolinggo",
                 "Tasikmalaya", "Serang", "Tangerang", "Bekasi", "Solok", "Bima"]:
        assert name in ambiguous, name
    for r in ambiguous.values():
        codes = r["codes"].split("|")
        assert len(codes) >= 2 and codes == sorted(codes)
        assert all(c in by_code for c in codes)


# --------------------------------------------------------------------------- aliases


def test_aliases_point_to_existing_codes(aliases, by_code):
    assert aliases, "aliases.csv is empty"
    for a in aliases:
        assert list(a) == ["alias", "code", "kind", "note"]
        assert a["code"] in by_code, a
        assert a["kind"] in ALIAS_KINDS, a
        assert a["alias"] == a["alias"].strip() and a["alias"], a
        if a["kind"] == "province_short":
            assert by_code[a["code"]]["type"] == "provinsi", a


def test_no_alias_is_ambiguous(aliases, rows, ambiguous, stoplist):
    names: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for n in br.bare_names(r):
            names[n.lower()].add(r["code"])
    seen: dict[str, set[str]] = defaultdict(set)
    for a in aliases:
        seen[a["alias"].lower()].add(a["code"])
    amb = {n.lower() for n in ambiguous}
    stop = {n.lower() for n in stoplist}
    for alias, codes in seen.items():
        assert len(codes) == 1, (alias, codes)
        assert names.get(alias, codes) == codes, f"alias {alias!r} is the name of {names[alias]}"
        assert alias not in amb, alias
        assert alias not in stop, alias
    # An alias that merely repeats the region's own name is pointless.
    own = {r["code"]: r["name"].lower() for r in rows}
    for a in aliases:
        assert a["alias"].lower() != own[a["code"]], a


def test_known_aliases(aliases):
    got = {(a["alias"], a["kind"]): a["code"] for a in aliases}
    assert got[("Mabar", "short_name")] == "53.15"
    assert got[("Sultra", "province_short")] == "74"
    assert got[("Sulut", "province_short")] == "71"
    assert got[("Kukar", "short_name")] == "64.02"
    assert got[("Pangkep", "short_name")] == "73.10"
    assert got[("Labura", "short_name")] == "12.23"
    assert got[("Jaktim", "short_name")] == "31.75"
    assert got[("Toba Samosir", "former_name")] == "12.12"
    assert got[("Fak-Fak", "spelling")] == "92.03"
    assert got[("Tojo Una Una", "spelling")] == "72.09"
    assert got[("Kep. Seribu", "spelling")] == "31.01"
    left_out = {a["alias"] for a in aliases}
    assert not left_out & {"Yogyakarta", "Jogja", "OKI", "TTS", "KTT"}


# --------------------------------------------------------------------------- stoplist


def test_stoplist(stoplist, by_code):
    assert len(stoplist) >= 40
    for name, reason in stoplist.items():
        assert reason, f"{name}: no reason"
    region_names = {r["name"] for r in by_code.values() if r["type"] != "provinsi"}
    for name in ["Batang", "Pati", "Bone", "Buru", "Kaur", "Puncak", "Malaka", "Lingga", "Agam",
                 "Karo", "Barru", "Kapuas", "Muna", "Belu", "Sigi", "Padang", "Batu"]:
        assert name in stoplist, name
    for name in stoplist:
        kepulauan = f"Kepulauan {name}"
        assert name in region_names or kepulauan in region_names, name
