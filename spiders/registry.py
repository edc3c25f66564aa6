"""The source registry (YAML): loading and validation with one-line errors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEFAULT_REGISTRY = Path(__file__).parent / "sources.yaml"
DISCOVERY_TYPES = {"sitemap", "feed", "listing"}
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class SourceError(ValueError):
    """A registry entry is invalid; the message names the file, source and field."""


@dataclass(frozen=True)
class Discovery:
    type: str
    url: str
    items: str | None = None  # listing: CSS selector of the <a> elements to articles
    next: str | None = None  # listing: CSS selector of the next-page <a>
    follow: str | None = None  # sitemap: regex a child sitemap URL must match to be read


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    base_url: str
    allowed_domains: tuple[str, ...]
    discovery: tuple[Discovery, ...]
    article_pattern: str
    province_code: str | None = None
    cms: str | None = None
    # Keywords of which an article must contain one to be kept (empty: keep all).
    relevance: tuple[str, ...] = ()
    verified: bool = False  # discovery checked against the live site
    notes: str = ""
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def absolute(self, url: str) -> str:
        return url if re.match(r"^https?://", url) else self.base_url.rstrip("/") + "/" + url.lstrip("/")

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "base_url": self.base_url,
            "allowed_domains": list(self.allowed_domains), "province_code": self.province_code,
            "cms": self.cms, "article_pattern": self.article_pattern,
            "discovery": [{k: v for k, v in d.__dict__.items() if v is not None} for d in self.discovery],
        }


def _req(entry: dict, key: str, where: str, typ: type = str):
    if key not in entry or entry[key] in (None, ""):
        raise SourceError(f"{where}: missing field '{key}'")
    if not isinstance(entry[key], typ):
        raise SourceError(f"{where}: field '{key}' must be {typ.__name__}")
    return entry[key]


def parse(text: str, origin: str = "sources.yaml") -> list[Source]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        raise SourceError(f"{origin}:{line} invalid YAML") from None
    if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
        raise SourceError(f"{origin}: top level must be a mapping with a 'sources' list")
    out: list[Source] = []
    seen: set[str] = set()
    for i, entry in enumerate(data["sources"]):
        where = f"{origin}: source #{i + 1}"
        if not isinstance(entry, dict):
            raise SourceError(f"{where}: must be a mapping")
        sid = _req(entry, "id", where)
        where = f"{origin}: source '{sid}'"
        if not _ID.match(sid):
            raise SourceError(f"{where}: field 'id' must be lowercase letters, digits, '-' or '_'")
        if sid in seen:
            raise SourceError(f"{where}: field 'id' is used twice")
        seen.add(sid)
        base = _req(entry, "base_url", where)
        if not re.match(r"^https?://[^/\s]+", base):
            raise SourceError(f"{where}: field 'base_url' must be an http(s) URL, got {base!r}")
        pattern = _req(entry, "article_pattern", where)
        try:
            re.compile(pattern)
        except re.error as exc:
            raise SourceError(f"{where}: field 'article_pattern' is not a valid regex: {exc}") from None
        discos = _req(entry, "discovery", where, list)
        parsed: list[Discovery] = []
        for j, d in enumerate(discos):
            dwhere = f"{where}: field 'discovery[{j}]'"
            if not isinstance(d, dict):
                raise SourceError(f"{dwhere} must be a mapping")
            dtype = d.get("type")
            if dtype not in DISCOVERY_TYPES:
                raise SourceError(f"{dwhere}.type must be one of {sorted(DISCOVERY_TYPES)}, got {dtype!r}")
            if not d.get("url"):
                raise SourceError(f"{dwhere}.url is missing")
            if dtype == "listing" and not d.get("items"):
                raise SourceError(f"{dwhere}.items (CSS selector of article links) is missing")
            if d.get("follow"):
                try:
                    re.compile(d["follow"])
                except re.error as exc:
                    raise SourceError(f"{dwhere}.follow is not a valid regex: {exc}") from None
            parsed.append(Discovery(dtype, str(d["url"]), d.get("items"), d.get("next"), d.get("follow")))
        domains = entry.get("allowed_domains") or [re.sub(r"^https?://([^/:]+).*", r"\1", base)]
        relevance = entry.get("relevance") or []
        if not isinstance(relevance, list) or not all(isinstance(k, str) and k.strip() for k in relevance):
            raise SourceError(f"{where}: field 'relevance' must be a list of keywords")
        known = {"id", "name", "base_url", "allowed_domains", "discovery", "article_pattern",
                 "province_code", "cms", "relevance", "verified", "notes"}
        unknown = sorted(set(entry) - known)
        if unknown:
            raise SourceError(f"{where}: unknown field '{unknown[0]}' (known: {', '.join(sorted(known))})")
        if not isinstance(entry.get("verified", False), bool):
            raise SourceError(f"{where}: field 'verified' must be true or false")
        if not isinstance(domains, list) or not all(isinstance(d, str) and d for d in domains):
            raise SourceError(f"{where}: field 'allowed_domains' must be a list of host names")
        host = re.sub(r"^https?://([^/:]+).*", r"\1", base)
        if not any(host == d or host.endswith("." + d) for d in domains):
            raise SourceError(f"{where}: field 'allowed_domains' does not cover the base_url host {host!r}")
        if entry.get("province_code") is not None and not re.match(r"^\d{2}(\.\d{2})?$", str(entry["province_code"])):
            raise SourceError(f"{where}: field 'province_code' must be a Kemendagri code like '51', got {entry['province_code']!r}")
        out.append(Source(
            id=sid, name=str(entry.get("name") or sid), base_url=base.rstrip("/"),
            allowed_domains=tuple(domains), discovery=tuple(parsed), article_pattern=pattern,
            province_code=str(entry["province_code"]) if entry.get("province_code") else None,
            cms=entry.get("cms"), relevance=tuple(relevance), verified=entry.get("verified", False),
            notes=str(entry.get("notes") or ""),
        ))
    return out


def load(path: str | Path = DEFAULT_REGISTRY) -> list[Source]:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{p}: cannot read: {exc.strerror}") from None
    return parse(text, str(p))
