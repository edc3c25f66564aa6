"""Throughput of the rule pipeline against spaCy's bare tokenizer on the same text.

    python bench/bench_nlp.py [--words 200000]

Text: the sample web's article bodies (flows/sampleweb/content), repeated until the
word count is reached, one document per article. Prints words/s for the bare
``spacy.blank("id")`` tokenizer, for our tokenizer, for the whole pipeline
(sentencizer, ruler with every pattern, regex component, linker), and for
``analyze`` (pipeline + fact binding), each with its ratio to the bare tokenizer.
One process, best of 3 runs.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy
import yaml

from nlp import facts, pipeline

CONTENT = Path(__file__).parent.parent / "flows" / "sampleweb" / "content"


def corpus(words: int) -> list[str]:
    docs = []
    for f in sorted(CONTENT.rglob("*.yaml")):
        body = yaml.safe_load(f.read_text(encoding="utf-8")).get("body")
        if body:  # a republished copy has body_from instead
            docs.append("\n".join(p if isinstance(p, str) else " ".join(map(str, p.values())) for p in body))
    out, n = [], 0
    while n < words:
        for d in docs:
            out.append(d)
            n += len(d.split())
            if n >= words:
                break
    return out


def best_of(fn, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=200_000)
    args = ap.parse_args()
    texts = corpus(args.words)
    n_words = sum(len(t.split()) for t in texts)
    bare = spacy.blank("id")
    nlp = pipeline.build()
    n_patterns = len(nlp.get_pipe("entity_ruler").patterns) + len(nlp.get_pipe("cased_ruler").patterns)

    def run_pipeline():
        for _ in nlp.pipe(texts, batch_size=64):
            pass

    def run_analyze():
        for doc in nlp.pipe(texts, batch_size=64):
            facts.extract_facts(doc, "a", None)

    rows = [
        ("spacy.blank('id') tokenizer", best_of(lambda: list(bare.tokenizer.pipe(texts)))),
        ("pantau tokenizer", best_of(lambda: list(nlp.tokenizer.pipe(texts)))),
        ("pantau pipeline", best_of(run_pipeline)),
        ("pantau pipeline + facts", best_of(run_analyze)),
    ]
    base = n_words / rows[0][1]
    print(f"{n_words} words in {len(texts)} documents; {n_patterns} ruler patterns")
    print(f"{'stage':32} {'words/s':>12} {'vs tokenizer':>13}")
    for name, secs in rows:
        wps = n_words / secs
        print(f"{name:32} {wps:12,.0f} {wps / base:12.2f}x")
    goal = 200_000
    wps = n_words / rows[2][1]
    print(f"goal: pipeline >= {goal:,} words/s -> {'met' if wps >= goal else 'NOT met'} ({wps / goal:.2f} of goal)")


if __name__ == "__main__":
    main()
