from datetime import datetime, timezone
from pathlib import Path

from nlp.extract import extract_article, mark_duplicates

PAGES = Path(__file__).parent / "fixtures" / "pages"
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)


def run(name: str, url: str, content_type: str = "text/html; charset=utf-8"):
    body = (PAGES / name).read_bytes()
    return extract_article(body, url=url, final_url=url, source_id="s", page_id="p", fetched_at=NOW,
                           content_type=content_type)


def test_tagdiv_page_text_date_and_noise():
    a = run("tagdiv_meta_date.html", "http://wartadewata.test/2019/12/16/lima/").article
    assert a["title"] == "Lima Pemda di NTT Masuk Zona Merah"
    assert a["canonical_url"] == "http://wartadewata.test/2019/12/16/lima/"
    assert (a["published"], a["published_tz"], a["published_source"]) == (
        datetime(2019, 12, 16, 3, 40, tzinfo=timezone.utc), "+08:00", "meta")
    assert "Kota Kupang 49,36" in a["text"]
    for noise in ("Baca Juga", "LEAVE A REPLY", "Please enter", "RED-MB", "Populer", "Beranda"):
        assert noise not in a["text"]


def test_custom_cms_date_from_meta_name_date():
    a = run("custom_cms_dateline.html", "http://portal.test/berita/detail/7/bimtek.html").article
    assert a["published"].date().isoformat() == "2020-03-03" and a["published_source"] == "meta"
    assert a["text"].startswith("LABUAN BAJO, Kominfo")


def test_not_html_and_too_short_are_discards():
    res = run("tagdiv_meta_date.html", "http://x.test/a.pdf", content_type="application/pdf")
    assert (res.article, res.discard_reason) == (None, "not_html")
    res = extract_article(b"<html><body><p>Singkat.</p></body></html>", url="u", final_url="u",
                          source_id="s", page_id="p", fetched_at=NOW, content_type="text/html")
    assert res.discard_reason == "too_short"


def test_english_page_is_wrong_language():
    paragraphs = [
        "The ombudsman released the annual compliance results for local governments on Monday.",
        "Most of them were rated in the green zone this year, according to the agency's statement.",
        "Officials said the remaining offices must publish their service standards before March.",
        "Residents can report poor service through the national complaint channel or by text message.",
    ]
    body = ("<html><body><article><h1>Public services</h1>" + "".join(f"<p>{p}</p>" for p in paragraphs)
            + "</article></body></html>").encode()
    res = extract_article(body, url="u", final_url="u", source_id="s", page_id="p", fetched_at=NOW,
                          content_type="text/html")
    assert res.discard_reason == "wrong_language"


def test_earliest_copy_is_the_original():
    a = {"article_id": "b", "content_sha1": "h", "published": datetime(2025, 1, 3, tzinfo=timezone.utc),
         "fetched_at": NOW, "duplicate_of": None}
    b = {"article_id": "a", "content_sha1": "h", "published": datetime(2025, 1, 1, tzinfo=timezone.utc),
         "fetched_at": NOW, "duplicate_of": None}
    mark_duplicates([a, b])
    assert (a["duplicate_of"], b["duplicate_of"]) == ("a", None)


def test_relevance_keywords_match_whole_words_in_any_case():
    from nlp.extract import is_relevant

    assert is_relevant("Ombudsman menilai kepatuhan standar pelayanan.", ["standar pelayanan", "IKM"])
    assert not is_relevant("Festival budaya digelar di alun-alun.", ["Ombudsman", "IKM"])
    assert not is_relevant("Hasil pemikiran itu", ["IKM"])
    assert is_relevant("apa saja", [])
