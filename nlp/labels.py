"""What a stated label means: grades and zones implied by opinion and compliance labels.

The same words mean different things by era (../shared/DOMAIN.md section 1):
* up to 2021 the compliance survey has three zones and no letters; "kepatuhan tinggi /
  sedang / rendah" is the zone's own name (hijau / kuning / merah);
* 2022-2024 the assessment gives letters A-E inside the zones, each with an opinion
  label (A kualitas tertinggi, B tinggi, C sedang, D rendah, E terendah); A and B are
  both "zona hijau", C kuning, D and E merah;
* from 2025 opinions on maladministration, no zones.

A zone is implied only by a label or a letter written in the text, never by a score
(the score's zone under the thresholds is ``zone_derived``).
"""

from __future__ import annotations

ZONE_OF_COMPLIANCE = {"kepatuhan tinggi": "hijau", "kepatuhan sedang": "kuning", "kepatuhan rendah": "merah"}
GRADE_OF_OPINION = {"kualitas tertinggi": "A", "kualitas tinggi": "B", "kualitas sedang": "C",
                    "kualitas rendah": "D", "kualitas terendah": "E"}
# Misspelt zone words seen in news ("zona kuing", "zona kunig").
ZONE_SPELLINGS = {"kuing": "kuning", "kunig": "kuning", "kunning": "kuning", "hjau": "hijau", "merha": "merah"}
ZONE_OF_GRADE = {"A": "hijau", "B": "hijau", "C": "kuning", "D": "merah", "E": "merah"}
ASSESSMENT_2022 = {"ombudsman_kepatuhan", "ombudsman_opini"}
# "predikat tertinggi", "opini kualitas tinggi", "kategori tertinggi" and "kualitas sangat
# rendah" are written for the opinion labels of 2022-2024.
OPINION_LEVELS = {"tertinggi": "kualitas tertinggi", "tinggi": "kualitas tinggi", "sedang": "kualitas sedang",
                  "rendah": "kualitas rendah", "terendah": "kualitas terendah"}
OPINION_NOUNS = {"kualitas", "opini", "predikat", "kategori", "peringkat"}
# "tanpa maladministrasi" (2025) and the like end the label without changing it.
_TAIL = ("tanpa maladministrasi",)


def compliance_label(category: str | None) -> str | None:
    """"predikat kepatuhan tinggi", "tingkat kepatuhan rendah" -> "kepatuhan tinggi"."""
    words = (category or "").lower().split()
    if len(words) >= 2 and words[-2] == "kepatuhan" and words[-1] in ("tinggi", "sedang", "rendah"):
        return f"kepatuhan {words[-1]}"
    return None


def opinion_label(category: str | None) -> str | None:
    """The opinion label a category names ("predikat tertinggi" -> "kualitas tertinggi"),
    None for other categories ("kepatuhan tinggi", "sangat baik")."""
    if not category:
        return None
    words = category.lower().split()
    if not words or words[0] not in OPINION_NOUNS or words[-1] not in OPINION_LEVELS or "kepatuhan" in words:
        return None
    if "sangat" in words:
        return "kualitas terendah" if words[-1] == "rendah" else "kualitas tertinggi"
    return OPINION_LEVELS[words[-1]]


def grade_and_zone(instrument: str, year: int, grade: str | None, zone: str | None,
                   category: str | None) -> tuple[str | None, str | None]:
    """The grade and zone a result states, completed from its label where the era's
    scale makes the label mean exactly one of them."""
    if instrument not in ASSESSMENT_2022:
        return grade, zone
    if year <= 2021:
        if zone is None and category in ZONE_OF_COMPLIANCE:
            zone = ZONE_OF_COMPLIANCE[category]
        return grade, zone
    opinion = opinion_label(category)
    if grade is None and opinion in GRADE_OF_OPINION:
        grade = GRADE_OF_OPINION[opinion]
    if zone is None and grade in ZONE_OF_GRADE:
        zone = ZONE_OF_GRADE[grade]
    return grade, zone
