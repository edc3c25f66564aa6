"""Write the measured status of every statement shape into docs/phrasing.md.

    python bench/phrasing_status.py          # rewrite the status lines and table
    python bench/phrasing_status.py --check  # exit 1 when the file is not up to date

Per shape, over tests/fixtures/facts_shapes (bench/eval_facts.py): a shape that states
results (S01-S31) is *handled* when at least 85 % of the gold facts that exercise it are
found exactly, *partly* from 50 %, else *not yet*; a look-alike shape (S32-S45) is
*handled* when no negative article that realises it yields a fact. The articles that hold
each shape are listed as its test cases.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from eval_facts import evaluate  # noqa: E402

ROOT = Path(__file__).parent.parent
DOC = ROOT / "docs" / "phrasing.md"
SHAPES = ROOT / "tests" / "fixtures" / "facts_shapes"
STATUS_LINE = re.compile(r"^Status: .*$", re.M)
TABLE = re.compile(r"(<!-- status-table -->\n).*?(<!-- /status-table -->)", re.S)


def cases() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in sorted(SHAPES.glob("*.json")):
        for shape in json.loads(p.read_text(encoding="utf-8"))["shapes"]:
            out.setdefault(shape, []).append(p.stem.split("-")[0])
    return out


def statuses() -> dict[str, tuple[str, str]]:
    res = evaluate(SHAPES)
    bad_negatives = {Path(n).stem for n in res["negatives_with_facts"]}
    held = cases()
    out = {}
    for i in range(1, 46):
        sid = f"S{i:02d}"
        r = res["per_shape"].get(sid, {"facts": 0, "found": 0, "recall": None, "wrong_in_articles": 0})
        arts = held.get(sid, [])
        if i <= 31:
            rec = r["recall"] or 0.0
            word = "handled" if rec >= 0.85 else "partly" if rec >= 0.5 else "not yet"
            detail = f"{r['found']}/{r['facts']} facts found ({rec:.0%})"
        else:
            failing = [a for a in arts if any(n.startswith(a) for n in bad_negatives)]
            word = "not yet" if failing else "handled"
            detail = "no fact on its negatives" if not failing else f"facts on negatives {', '.join(failing)}"
        out[sid] = (word, f"{detail}; {len(arts)} articles")
    return out


def render(text: str) -> str:
    st = statuses()
    held = cases()
    shape_at = [m.group(1) for m in re.finditer(r"^### (S\d\d)\b", text, re.M)]
    parts = STATUS_LINE.split(text)
    if len(parts) != len(shape_at) + 1:
        raise SystemExit(f"{DOC}: {len(shape_at)} shapes but {len(parts) - 1} status lines")
    out = parts[0]
    for sid, rest in zip(shape_at, parts[1:], strict=True):
        word, detail = st[sid]
        out += f"Status: **{word}** ({detail}). Test cases: {', '.join(held.get(sid, []))}." + rest
    rows = ["| shape | status | measured |", "|---|---|---|"]
    rows += [f"| {sid} | {w} | {d} |" for sid, (w, d) in st.items()]
    if "{{STATUS_TABLE}}" in out:
        out = out.replace("{{STATUS_TABLE}}", "<!-- status-table -->\n<!-- /status-table -->")
    return TABLE.sub(lambda m: m.group(1) + "\n".join(rows) + "\n" + m.group(2), out)


def main() -> int:
    text = DOC.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in sys.argv:
        if new != text:
            print(f"{DOC} is stale: run python bench/phrasing_status.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
