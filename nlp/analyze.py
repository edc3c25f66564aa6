"""One article's text in, its mentions and assessments out (pure)."""

from __future__ import annotations

from datetime import datetime

from nlp import facts, pipeline


def analyze(text: str, article_id: str, published: datetime | None) -> tuple[list[dict], list[dict]]:
    nlp = pipeline.build()
    doc = nlp.make_doc(text)
    doc.user_data["reference_date"] = published.date() if published else None
    for _name, proc in nlp.pipeline:
        doc = proc(doc)
    return facts.mentions(doc, article_id), facts.extract_facts(doc, article_id, published)
