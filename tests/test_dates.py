from datetime import date

import pytest

from nlp import dates


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("Kamis (5/9/2019) di Hotel", None, date(2019, 9, 5)),
        ("Kamis (26/1/23).", None, date(2023, 1, 26)),
        ("Jumat (29/8) di Puspem", date(2025, 8, 30), date(2025, 8, 29)),
        # a dateline late in December on a page dated early January is last year's
        ("Selasa (30/12) lalu", date(2026, 1, 2), date(2025, 12, 30)),
        ("Rabu, 15 Oktober 2025", None, date(2025, 10, 15)),
        ("Rabu, 15 Oktober", date(2025, 10, 16), date(2025, 10, 15)),
        ("tanggal 3 Nopember 2019", None, date(2019, 11, 3)),
        ("pada 17 Agt 2020", None, date(2020, 8, 17)),
        ("Senin, 2 Agust. 2021", None, date(2021, 8, 2)),
    ],
)
def test_dates_resolve(text, reference, expected):
    found = dates.find_dates(text, reference)
    assert found and found[0].value == expected


def test_yearless_date_without_reference_is_not_guessed():
    (dm,) = dates.find_dates("Jumat (29/8) di Puspem Badung")
    assert dm.value is None and not dm.has_year


def test_impossible_dates_are_rejected():
    assert dates.find_dates("Rabu (14/14/2023)") == []
    assert dates.find_dates("pada 31 Februari 2020") == []


def test_first_dateline_skips_yearless_without_reference():
    dm = dates.first_dateline("LABUAN BAJO - Senin (2/3) kegiatan dibuka.", date(2020, 3, 3))
    assert dm is not None and dm.value == date(2020, 3, 2)
