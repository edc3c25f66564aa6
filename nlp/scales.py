"""Official scales: zone thresholds by era and score ranges per instrument.

Sources (../shared/DOMAIN.md section 1-2): Ombudsman RI compliance survey 2013-2021
(hijau 81-100, kuning 51-80,99, merah 0-50,99); 2022-2024 assessment (hijau >= 78,
kuning 54-77,99, merah < 54 with grades A-E); from 2025 (Peraturan Ombudsman 61/2025)
no numeric zone scale is confirmed, so no zone is derived.
"""

from __future__ import annotations

OMBUDSMAN_INSTRUMENTS = {"ombudsman_kepatuhan", "ombudsman_opini", "ombudsman_maladministrasi"}
# The assessment year from which Ombudsman RI gives opinions on maladministration
# (Peraturan Ombudsman 61/2025) instead of compliance zones.
MALADMINISTRATION_FROM = 2025

SCORE_RANGE = {
    "ombudsman_kepatuhan": (0.0, 100.0),
    "ombudsman_opini": (0.0, 100.0),
    "ombudsman_maladministrasi": (0.0, 100.0),
    "ikm": (0.0, 100.0),  # converted SKM/IKM score (index x 25), PermenPAN-RB 14/2017
    "ipp": (0.0, 5.0),
    "sakip": (0.0, 100.0),
}


def derive_zone(instrument: str, year: int | None, score: float | None) -> str | None:
    """The zone a score implies under the official thresholds of its year, else None."""
    if score is None or year is None or instrument not in OMBUDSMAN_INSTRUMENTS:
        return None
    if not 0 <= score <= 100:
        return None
    if 2013 <= year <= 2021:
        if score >= 81:
            return "hijau"
        if score >= 51:
            return "kuning"
        return "merah"
    if 2022 <= year <= 2024:
        if score >= 78:
            return "hijau"
        if score >= 54:
            return "kuning"
        return "merah"
    return None


def in_range(instrument: str, score: float) -> bool:
    lo, hi = SCORE_RANGE.get(instrument, (0.0, 100.0))
    return lo <= score <= hi
