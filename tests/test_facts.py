"""The rule pipeline on hand-written sentences in the style of the seeds."""

from datetime import datetime, timezone

import pytest

from nlp.analyze import analyze
from nlp.facts import publication_year_rule

PUB = datetime(2019, 12, 10, 3, 0, tzinfo=timezone.utc)


def facts(text, published=PUB):
    return analyze(text, "a1", published)[1]


def by_region(rows):
    return {(r["region"], r["year"]): r for r in rows}


def test_single_region_zone_and_score():
    (f,) = facts("Dalam Penilaian Kepatuhan Standar Pelayanan Publik tahun 2019, "
                 "Kabupaten Badung masuk zona hijau dengan nilai 86,34.")
    assert (f["region"], f["region_code"], f["province"]) == ("Kabupaten Badung", "51.03", "Bali")
    assert (f["instrument"], f["year"], f["year_source"]) == ("ombudsman_kepatuhan", 2019, "sentence")
    assert (f["score"], f["zone"], f["zone_derived"], f["flags"]) == (86.34, "hijau", "hijau", [])
    assert f["evidence"].startswith("Dalam Penilaian Kepatuhan")


def test_list_takes_the_zone_of_its_lede_sentence():
    rows = facts("Ombudsman menyerahkan hasil penilaian kepatuhan tahun 2019. "
                 "Sebanyak tiga pemerintah daerah di NTT masuk zona merah. "
                 "Kota Kupang dengan nilai kepatuhan 40,02, Kabupaten Manggarai 45,91, "
                 "dan Kabupaten Manggarai Barat 39, 23.")
    got = {r["region"]: (r["score"], r["zone"], r["year"]) for r in rows}
    assert got == {
        "Kota Kupang": (40.02, "merah", 2019),
        "Kabupaten Manggarai": (45.91, "merah", 2019),
        "Kabupaten Manggarai Barat": (39.23, "merah", 2019),
    }


def test_two_years_in_one_sentence_give_two_facts():
    rows = facts("Hasil nilai kepatuhan seluruh perangkat daerah Kabupaten Manggarai Barat, tahun 2018 "
                 "nilai kepatuhan pelayanan publik 50/E kategori Zona merah (sangat buruk), sementara "
                 "tahun 2019, nilai kepatuhan pelayanan publik 68,45/C kategori zona kuning (cukup).")
    got = by_region(rows)
    assert got[("Kabupaten Manggarai Barat", 2018)]["score"] == 50.0
    assert got[("Kabupaten Manggarai Barat", 2018)]["grade"] == "E"
    assert got[("Kabupaten Manggarai Barat", 2018)]["zone"] == "merah"
    assert got[("Kabupaten Manggarai Barat", 2019)]["score"] == 68.45
    assert got[("Kabupaten Manggarai Barat", 2019)]["grade"] == "C"
    assert got[("Kabupaten Manggarai Barat", 2019)]["zone"] == "kuning"


def test_parenthesised_score_binds_to_the_kabupaten_not_the_province():
    rows = facts("Nilai kepatuhan tertinggi tahun 2021 diraih Pemkab Grobogan, Jawa Tengah (98,02) "
                 "dan Pemkot Denpasar, Bali (95,10).")
    assert {(r["region"], r["score"]) for r in rows} == {("Kabupaten Grobogan", 98.02), ("Kota Denpasar", 95.1)}


def test_opinion_era_result_with_grade_and_category():
    (f,) = facts("Pada penilaian tahun 2023, Pemprov Bali berada di Zona Hijau, Kategori A dengan "
                 "Opini Kualitas Tertinggi, nilai 91,37.")
    assert (f["region"], f["instrument"], f["grade"], f["category"], f["zone"]) == (
        "Provinsi Bali", "ombudsman_opini", "A", "kualitas tertinggi", "hijau")


def test_stated_zone_that_disagrees_with_the_score_is_flagged_not_corrected():
    (f,) = facts("Penilaian kepatuhan tahun 2019 menempatkan Kota Bengkulu di zona hijau dengan nilai 79,80.")
    assert f["zone"] == "hijau" and f["zone_derived"] == "kuning" and f["flags"] == ["zone_mismatch"]


def test_ikm_result():
    (f,) = facts("Indeks Kepuasan Masyarakat (IKM) Kabupaten Badung tahun 2024 sebesar 88,50 "
                 "dengan kategori sangat baik.", datetime(2025, 2, 1, tzinfo=timezone.utc))
    assert (f["instrument"], f["year"], f["score"], f["zone"], f["zone_derived"], f["category"]) == (
        "ikm", 2024, 88.5, None, None, "kategori sangat baik")


@pytest.mark.parametrize("text", [
    "Pemkab Badung menargetkan zona hijau pada penilaian kepatuhan tahun depan.",
    "Delapan daerah di NTT masuk zona merah penilaian kepatuhan tahun 2019.",
    "Kota Kupang berada di urutan 25 dari 34 daerah dalam penilaian kepatuhan.",
    "Pungli di Kabupaten Badung mencapai Rp2,5 juta dan Rp150.000 per berkas.",
    "Sebanyak 46,42 persen laporan masyarakat di Provinsi Bali menyangkut pelayanan publik.",
    "Sesuai UU No. 25 Tahun 2009 tentang Pelayanan Publik, Kabupaten Badung menyusun standar pelayanan.",
])
def test_not_facts(text):
    assert facts(text) == []


def test_year_from_publication_date_rule():
    assert publication_year_rule(datetime(2024, 1, 15, tzinfo=timezone.utc)) == 2023
    assert publication_year_rule(datetime(2024, 12, 15, tzinfo=timezone.utc)) == 2024
    (f,) = facts("Ombudsman RI menyerahkan hasil penilaian kepatuhan. Kabupaten Badung meraih nilai 86,34.",
                 datetime(2024, 1, 20, tzinfo=timezone.utc))
    assert (f["year"], f["year_source"]) == (2023, "published")


def test_regulations_are_normalized_mentions():
    mentions, _ = analyze("Sesuai Undang-Undang Nomor 25 Tahun 2009 dan Permenpan RB Nomor 15 Tahun 2014.",
                          "a1", PUB)
    regs = [m["normalized"] for m in mentions if m["label"] == "REGULATION"]
    assert regs == ["UU 25/2009", "PermenPAN-RB 15/2014"]


def test_dateline_with_emoticon_digits_is_one_date():
    mentions, _ = analyze("Rapat digelar Jumat (29/8) di Puspem Badung.", "a1",
                          datetime(2025, 8, 30, tzinfo=timezone.utc))
    (d,) = [m for m in mentions if m["label"] == "DATE"]
    assert (d["text"], d["normalized"]) == ("Jumat (29/8)", "2025-08-29")
