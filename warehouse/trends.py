"""Trends: a region's results per instrument and year, across the sources that report them.

One row per (region, instrument, year). When sources disagree (different scores for the
same region, instrument and year), the row shows the score most articles report, sets
``conflict`` and lists every reported score in ``scores``; a journalist sees at once
which years need a look at the evidence (``pantau query`` over ``assessments``).
"""

from __future__ import annotations

import pyarrow as pa

INSTRUMENTS = ("ombudsman_kepatuhan", "ombudsman_opini", "ombudsman_maladministrasi", "ikm", "ipp", "sakip", "zona_integritas", "other")

TRENDS_SQL = """
WITH facts AS (
    SELECT s.region_code, s.region, s.province, s.instrument, s.year, s.score, s.grade,
           s.zone, s.zone_derived, s.source_id
    FROM assessments s
    WHERE s.region_code IS NOT NULL {where}
),
per_year AS (
    SELECT region_code, any_value(region) AS region, any_value(province) AS province,
           instrument, year,
           -- the value most reports give; ties go to the higher score, deterministically
           arg_max(score, n_score) AS score,
           mode(grade) AS grade, mode(zone) AS zone, mode(zone_derived) AS zone_derived,
           count(DISTINCT source_id) AS sources, count(*) AS reports,
           list_sort(list(DISTINCT score) FILTER (WHERE score IS NOT NULL)) AS scores
    FROM (
        SELECT *, count(*) OVER (PARTITION BY region_code, instrument, year, score)
                  + coalesce(score, 0) / 1e9 AS n_score
        FROM facts
    )
    GROUP BY region_code, instrument, year
)
SELECT province, region, region_code, instrument, year, score,
       round(score - lag(score) OVER (PARTITION BY region_code, instrument ORDER BY year), 2) AS change,
       grade, zone, zone_derived, sources, reports,
       len(scores) > 1 AS conflict, scores
FROM per_year
ORDER BY province, region, instrument, year
"""


def trends_table(wh, region_codes: list[str] | None = None, province_code: str | None = None,
                 instrument: str | None = None) -> pa.Table:
    """The trends of the regions asked for (all when none), as an Arrow table."""
    where, params = [], []
    if region_codes:
        where.append(f"s.region_code IN ({', '.join('?' for _ in region_codes)})")
        params += region_codes
    if province_code:
        where.append("(s.region_code = ? OR starts_with(s.region_code, ?))")
        params += [province_code, province_code + "."]
    if instrument:
        where.append("s.instrument = ?")
        params.append(instrument)
    sql = TRENDS_SQL.format(where="".join(f" AND {w}" for w in where))
    with wh.duckdb() as con:
        return con.sql(sql, params=params).to_arrow_table()
