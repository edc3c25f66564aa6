"""Dataset declarations: schema, key, partitions and version, declared once.

Everything else (the writer, the DuckDB views, ``docs/data-dictionary.md``) is derived
from these declarations. Column sets are strict: a table with a missing or extra column
is refused with an error that names the dataset and the column.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

TS = pa.timestamp("us", tz="UTC")


class SchemaError(ValueError):
    """A table does not match its dataset declaration."""


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    doc: str
    nullable: bool = True


@dataclass(frozen=True)
class Dataset:
    name: str
    version: int
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    partition_by: tuple[str, ...] = ()
    # Size on disk at which a partition file is sealed (new rows then start a new file);
    # None: the writer's default. Small for rows that are rewritten by appends
    # (articles), large for append-only raw pages.
    seal_bytes: int | None = None

    @property
    def schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.type, nullable=c.nullable) for c in self.columns],
            metadata={"pantau.dataset": self.name, "pantau.schema_version": str(self.version)},
        )

    @property
    def file_schema(self) -> pa.Schema:
        """The schema inside the files: partition columns live only in the paths."""
        return pa.schema([f for f in self.schema if f.name not in self.partition_by],
                         metadata=self.schema.metadata)

    @property
    def partition_schema(self) -> pa.Schema:
        return pa.schema([self.schema.field(n) for n in self.partition_by])

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _c(name: str, typ: pa.DataType, doc: str, nullable: bool = True) -> Column:
    return Column(name, typ, doc, nullable)


MONTH_DOC = ("'YYYY-MM' of the publication time in the offset the page stated (WIB when none), "
             "else of the fetch time; partition column.")

LINEAGE_RUN = _c("run_id", pa.string(), "The flow run that wrote this row (see `runs`).", False)

PAGES = Dataset(
    name="pages",
    version=2,
    doc="One row per fetch of an article page, successful or not. Raw HTML is kept so a "
    "rule change is a reprocess, never a re-crawl.",
    columns=(
        _c("page_id", pa.string(), "sha1(final_url + fetched_at ISO string).", False),
        _c("source_id", pa.string(), "Source registry id (`spiders/sources.yaml`).", False),
        _c("url", pa.string(), "URL as discovered.", False),
        _c("final_url", pa.string(), "URL after redirects.", False),
        _c("status", pa.int32(), "HTTP status; null when no response arrived."),
        _c("content_type", pa.string(), "Content-Type response header."),
        _c("headers", pa.string(), "Response headers as a JSON object."),
        _c("body", pa.binary(), "Response body as received (bytes)."),
        _c("fetched_at", TS, "When the response arrived (UTC).", False),
        _c("fetch_date", pa.date32(), "UTC date of `fetched_at` (partition column).", False),
        _c("discovered_via", pa.string(), "sitemap | feed | listing | warc | link.", False),
        _c("error", pa.string(), "Fetch error, null on success."),
        LINEAGE_RUN,
        _c("spider_version", pa.string(), "Version of `spiders/` that fetched the page.", False),
    ),
    key=("page_id",),
    partition_by=("fetch_date",),
    seal_bytes=16 * 2**20,
)

ARTICLES = Dataset(
    name="articles",
    version=4,
    doc="One clean article per canonical URL, extracted from the stored pages.",
    columns=(
        _c("article_id", pa.string(), "sha1(canonical_url).", False),
        _c("page_id", pa.string(), "The `pages` row this article was extracted from.", False),
        _c("source_id", pa.string(), "Source registry id.", False),
        _c("url", pa.string(), "URL the page was fetched from.", False),
        _c("canonical_url", pa.string(), "rel=canonical / og:url, else the final URL.", False),
        _c("title", pa.string(), "Headline."),
        _c("text", pa.string(), "Main text, noise removed, paragraphs separated by newlines.", False),
        _c("published", TS, "Publication time in UTC (see `published_tz` for the stated offset)."),
        _c("published_tz", pa.string(), "UTC offset the page stated (+07:00 WIB, +08:00 WITA, +09:00 WIT), else null."),
        _c("published_source", pa.string(), "meta | jsonld | url | dateline | text: where the date was found."),
        _c("author", pa.string(), "Byline when given."),
        _c("language", pa.string(), "ISO 639-1 language code."),
        _c("content_sha1", pa.string(), "sha1 of the normalized text (exact-duplicate detection).", False),
        _c("text_minhash", pa.binary(), "MinHash signature of the text's 5-word shingles, 128 x uint32 "
           "(near-duplicate detection, nlp/dedup.py)."),
        _c("duplicate_of", pa.string(), "article_id of the earliest exact or near copy of this text, else null."),
        _c("fetched_at", TS, "When the page was fetched (UTC).", False),
        _c("month", pa.string(), MONTH_DOC, False),
        LINEAGE_RUN,
        _c("extractor_version", pa.string(), "Version of the extraction rules.", False),
        _c("nlp_version", pa.string(), "Version of the NLP rules that made this article's mentions and "
           "assessments (`pantau reprocess` redoes the articles whose versions differ).", False),
    ),
    key=("article_id",),
    partition_by=("source_id", "month"),
    seal_bytes=512 * 2**10,
)

MENTIONS = Dataset(
    name="mentions",
    version=3,
    doc="Every entity the rule pipeline found in an article's text.",
    columns=(
        _c("article_id", pa.string(), "Article the mention is in.", False),
        _c("sentence_index", pa.int32(), "0-based sentence number in the article text.", False),
        _c("start", pa.int32(), "Character offset of the mention in the article text.", False),
        _c("end", pa.int32(), "Character offset just past the mention.", False),
        _c("label", pa.string(), "REGION, INSTITUTION, DATE, SCORE, GRADE, ZONE, INSTRUMENT, REGULATION, PERSON, MONEY.", False),
        _c("text", pa.string(), "The mention as written.", False),
        _c("normalized", pa.string(), "Region code, ISO date, number or normal form."),
        _c("confidence", pa.float64(), "0..1, how sure the rule is (0 when left unresolved)."),
        _c("note", pa.string(), "How the mention was resolved: 'year resolved from the publication date', "
           "'ambiguous name left unresolved: 53.01|53.71', 'bare form', ..."),
        _c("month", pa.string(), "The article's `month` (partition column).", False),
        LINEAGE_RUN,
        _c("nlp_version", pa.string(), "Version of the NLP rules.", False),
    ),
    key=("article_id", "start", "end", "label"),
    partition_by=("month",),
)

ASSESSMENTS = Dataset(
    name="assessments",
    version=2,
    doc="Compliance facts: one row per (institution or region, instrument, year) result an "
    "article states, with the sentence that states it.",
    columns=(
        _c("assessment_id", pa.string(), "sha1(article_id, entity key, instrument, year, evidence_start).", False),
        _c("article_id", pa.string(), "Article that states the result.", False),
        _c("source_id", pa.string(), "Source of that article (so counting sources needs no join).", False),
        _c("institution", pa.string(), "Assessed institution as named (e.g. 'Pemkab Badung'), else null."),
        _c("region", pa.string(), "Canonical region name: 'Kabupaten Badung', 'Kota Bengkulu', 'Provinsi Bali'."),
        _c("region_code", pa.string(), "Kemendagri code ('51.03')."),
        _c("province", pa.string(), "Province of the region."),
        _c("assessor", pa.string(), "Who assessed: 'Ombudsman RI', 'Kementerian PANRB', the institution itself for IKM, ..."),
        _c("instrument", pa.string(), "ombudsman_kepatuhan (2013-2024 compliance) | ombudsman_opini (2022-2024 opinion) | ombudsman_maladministrasi (2025 on, no zones) | ikm | ipp | sakip | zona_integritas | other.", False),
        _c("year", pa.int32(), "Year the result refers to.", False),
        _c("year_source", pa.string(), "sentence | article | published | dateline (latest full date in the text, no publication date) | text (first assessment sentence naming a year) | previous ('tahun lalu' before the value): how the year was found.", False),
        _c("score", pa.float64(), "Score as stated (decimal comma parsed)."),
        _c("grade", pa.string(), "Letter grade as written ('C', 'A')."),
        _c("zone", pa.string(), "hijau | kuning | merah as the text states it, else null."),
        _c("zone_derived", pa.string(), "Zone the score implies under that year's official thresholds."),
        _c("category", pa.string(), "Category label as written ('kepatuhan tinggi', 'sangat baik')."),
        _c("evidence", pa.string(), "The sentence that states the result.", False),
        _c("evidence_start", pa.int32(), "Character offset of the evidence sentence in the article text.", False),
        _c("evidence_end", pa.int32(), "Character offset just past the evidence sentence.", False),
        _c("confidence", pa.float64(), "0..1, how sure the rule is."),
        _c("flags", pa.list_(pa.string()), "zone_mismatch, score_out_of_range, ...", False),
        LINEAGE_RUN,
        _c("nlp_version", pa.string(), "Version of the NLP rules.", False),
    ),
    key=("assessment_id",),
    partition_by=("year",),
)

DISCARDS = Dataset(
    name="discards",
    version=1,
    doc="Pages dropped on the way, one row each, with the reason.",
    columns=(
        _c("discard_id", pa.string(), "sha1(page_id, stage).", False),
        _c("page_id", pa.string(), "The `pages` row that was dropped."),
        _c("url", pa.string(), "URL of the dropped page.", False),
        _c("source_id", pa.string(), "Source registry id.", False),
        _c("stage", pa.string(), "crawl | extract | dedup | nlp.", False),
        _c("reason", pa.string(), "not_html, too_short, wrong_language, duplicate, not_relevant, fetch_error, robots.", False),
        _c("detail", pa.string(), "Human-readable detail."),
        LINEAGE_RUN,
    ),
    key=("discard_id",),
    partition_by=("source_id",),
)

RUNS = Dataset(
    name="runs",
    version=2,
    doc="One row per flow run, with counts per stage and the code versions.",
    columns=(
        _c("run_id", pa.string(), "Prefect flow run id.", False),
        _c("flow", pa.string(), "Flow name.", False),
        _c("started_at", TS, "Start (UTC).", False),
        _c("finished_at", TS, "End (UTC)."),
        _c("status", pa.string(), "completed | failed | partial.", False),
        _c("pages", pa.int64(), "Pages stored by the run (fetches, successful or not)."),
        _c("articles", pa.int64(), "Articles written (new or re-extracted)."),
        _c("duplicates", pa.int64(), "Of those, exact or near copies of another article."),
        _c("assessments", pa.int64(), "Compliance facts written."),
        _c("mentions", pa.int64(), "Entity mentions written."),
        _c("discards", pa.int64(), "Pages dropped, with a reason in `discards`."),
        _c("counts", pa.string(), "JSON object: the same counts per source and stage."),
        _c("spider_version", pa.string(), "Version of `spiders/`."),
        _c("extractor_version", pa.string(), "Version of the extraction rules."),
        _c("nlp_version", pa.string(), "Version of the NLP rules."),
        _c("error", pa.string(), "Errors, one per line, null when none."),
    ),
    key=("run_id",),
)

REGIONS = Dataset(
    name="regions",
    version=1,
    doc="Dimension: every province and kab/kota of the gazetteer (`nlp/gazetteer/regions.csv`), "
    "Kemendagri codes, with the 2022 Papua provinces. Join `assessments.region_code` to `code`.",
    columns=(
        _c("code", pa.string(), "Kemendagri code: '51' (province), '51.03' (kab/kota).", False),
        _c("name", pa.string(), "Name without prefix ('Badung').", False),
        _c("canonical", pa.string(), "Name as `assessments.region` writes it ('Kabupaten Badung').", False),
        _c("type", pa.string(), "provinsi | kabupaten | kota.", False),
        _c("province_code", pa.string(), "Code of the province it lies in (its own for a province).", False),
        _c("province", pa.string(), "Province name.", False),
        _c("former_code", pa.string(), "Code before the 2022 Papua split, for the kab/kota that moved."),
        _c("law", pa.string(), "Law that formed the province or moved the region ('UU 14/2022')."),
        LINEAGE_RUN,
    ),
    key=("code",),
)

DATASETS: dict[str, Dataset] = {
    d.name: d for d in (PAGES, ARTICLES, MENTIONS, ASSESSMENTS, DISCARDS, RUNS, REGIONS)
}


# -- partition values derived from row fields (callers fill them in before writing) -----
_WIB = 7 * 3600


def fetch_date(fetched_at):
    """``pages.fetch_date``: the UTC date of the fetch."""
    from datetime import timezone

    return fetched_at.astimezone(timezone.utc).date()


def article_month(published, published_tz: str | None, fetched_at) -> str:
    """``articles.month``: publication month in the stated offset (WIB when none), else fetch month.

    A story published 1 June 00:30 WIB is a June story although it is 31 May in UTC.
    """
    from datetime import timedelta, timezone

    if published is None:
        t = fetched_at.astimezone(timezone.utc)
    else:
        offset = _WIB
        if published_tz:
            sign = -1 if published_tz.startswith("-") else 1
            hh, _, mm = published_tz.lstrip("+-").partition(":")
            try:
                offset = sign * (int(hh) * 3600 + int(mm or 0) * 60)
            except ValueError:
                pass
        t = published.astimezone(timezone(timedelta(seconds=offset)))
    return f"{t.year:04d}-{t.month:02d}"
