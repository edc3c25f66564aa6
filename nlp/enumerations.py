"""Results stated as enumerations: the second pass of the fact rules.

Real news rarely gives one region, one score and one zone per sentence. It lists:
"Zona merah ditempati Kabupaten A, B dan C" (bare names whose type comes from the first
prefixed item or the list head), "Kemudian, A 93,07, B 92,72" (scores right after bare
names), "... enam kabupaten berada di zona merah. Keenamnya adalah ..." (the label in one
sentence, the list in the next, sometimes continued in a third), "X 61,20 dan Y 58,75,
seluruhnya kategori C" (a trailing label for the whole list), "Polres yang meraih
kategori A yaitu Polres A (92,04), B (90,11)" (units, not regions).

This pass reads each sentence as a sequence of *items* (a subject, its scores and
labels) after an optional *head* (labels written before the first item) and adds the
facts the per-subject binding of ``nlp.facts`` does not find; where both find the same
fact, the binding's row is kept and only a zone it lacks is filled in. Every candidate
it leaves out has a reason (``SKIPS``) that ``explain`` reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span

from nlp import regions
from nlp.pipeline import region_form

# Words that separate the items of a list, and words that open one.
SEPARATORS = {",", "dan", "serta", ";", "&", "lalu", "kemudian", "disusul", "diikuti", "selanjutnya",
              "berikutnya", "juga", "ada", "oleh", "kemudian,", "lalu,"}
OPENERS = {"yakni", "yaitu", "adalah", "ialah", ":", "meliputi", "diantaranya", "antaranya", "atas", "dari",
           "ditempati", "diraih", "masing-masing", "untuk", "ditempati", "termasuk", "antara", "lain", "(", "-"}
# A head noun that gives the type of the bare names listed after it ("enam kabupaten ...").
HEAD_TYPES = {"kabupaten": "kabupaten", "pemkab": "kabupaten", "kabupaten,": "kabupaten",
              "kota": "kota", "pemkot": "kota", "pemko": "kota", "provinsi": "provinsi", "pemprov": "provinsi"}
# Units of vertical agencies named "<head> <place>": the place locates the unit.
UNIT_HEADS = {"polres": "Polres", "polresta": "Polresta", "polrestabes": "Polrestabes", "polda": "Polda", "kantah": "Kantah",
              "pertanahan": "Kantor Pertanahan", "lapas": "Lapas", "rutan": "Rutan", "imigrasi": "Kantor Imigrasi"}
# A label after the last item covers the whole list when one of these comes before it.
COLLECTIVE = {"seluruhnya", "semuanya", "keduanya", "ketiganya", "keempatnya", "kelimanya", "keenamnya",
              "ketujuhnya", "kedelapannya", "kesembilannya", "kesepuluhnya", "semua", "seluruh", "masing-masing",
              "atau", "sama-sama", "tersebut"}
# A sentence that opens with one of these continues the list or lede of the sentence before.
CONTINUATION = {"keduanya", "ketiganya", "keempatnya", "kelimanya", "keenamnya", "ketujuhnya", "kedelapannya",
                "kesembilannya", "kesepuluhnya", "kedua", "ketiga", "keempat", "kelima", "keenam", "ketujuh",
                "kedelapan", "kesembilan", "kesepuluh", "kesebelas", "yaitu", "yakni", "serta", "kemudian",
                "lalu", "disusul", "selanjutnya", "berikutnya", "daerah", "pemda", "mereka", "adapun", "sedangkan",
                "sementara", "untuk", "masing-masing", "posisi", "urutan", "peringkat", "tempat", "diikuti"}
# Statements that name regions without giving them a result.
NOT_RESULT = {"tidak", "belum", "bukan", "tanpa", "lokus", "menyasar", "diusulkan", "usulan", "menuju", "akan",
              "rata-rata", "rerata", "target", "menargetkan", "ditargetkan", "diharapkan", "berharap", "harap",
              "agar", "supaya", "sasaran", "sampel", "sementara", "dijadwalkan", "berupaya", "mempertahankan",
              "pencanangan", "dicanangkan"}
# "tanpa maladministrasi" is the 2025 opinion's own name, not a negation.
NOT_RESULT_EXCEPT = {("tanpa", "maladministrasi")}
LABELS = ("ZONE", "GRADE", "CATEGORY")
ZONE_WORDS = {"hijau": "hijau", "kuning": "kuning", "merah": "merah", "kuing": "kuning", "kunig": "kuning"}

SKIPS = {
    "no_result_words": "the sentence negates, plans, targets or lists assessed units",
    "no_value": "the item has neither a score nor a label of its own, of its list or of its lede",
    "single_item": "one region and no list context: left to the per-subject binding",
    "ambiguous_label": "the head states several different zones",
    "no_year_or_instrument": "no instrument or year could be found",
    "bound_already": "the per-subject binding made this fact",
}


@dataclass
class Item:
    subject: Span  # a REGION span whose kb_id_ is the region code (for a unit: its place)
    unit: str | None = None  # "Polres Sintang": the unit located in the region
    scores: list[Span] = field(default_factory=list)
    labels: list[Span] = field(default_factory=list)
    collective_from: int | None = None  # token index of a collective word before a label


@dataclass
class Sentence:
    items: list[Item]
    head: list[Span]  # labels written before the first item
    head_type: str | None


@lru_cache(maxsize=1)
def _names() -> dict[str, list[regions.Region]]:
    """Lower-case region name -> regions of that name (kab/kota names shared: Kupang)."""
    out: dict[str, list[regions.Region]] = {}
    for r in regions.load().values():
        out.setdefault(r.name.lower(), []).append(r)
    return out


def lookup(name: str, want: str | None) -> regions.Region | None:
    """The region a bare list item names, of the type the list gives when it has one.
    A name shared with a province ("Jambi", "Bengkulu") locates, as in "Kota Sungai
    Penuh, Jambi (66,85)": it is no item."""
    cands = _names().get(name.lower()) or regions.resolve(name)
    if any(r.type == "provinsi" for r in cands):
        return None
    typed = [r for r in cands if r.type == want] if want else []
    if len(typed) == 1:
        return typed[0]
    kabkota = [r for r in cands if r.type != "provinsi"]
    return kabkota[0] if len(kabkota) == 1 else None


def zone_word(ent: Span) -> str | None:
    return next((ZONE_WORDS[w] for w in ent.text.lower().split() if w in ZONE_WORDS), None)


def _region_span(doc: Doc, start: int, end: int, code: str) -> Span:
    return Span(doc, start, end, label="REGION", kb_id=code, span_id=f"{code}|list")


def _bare_item(doc: Doc, i: int, stop: int, want: str | None) -> Span | None:
    """A capitalised name of one to four words at token i that the gazetteer knows."""
    for n in (4, 3, 2, 1):
        j = i + n
        if j > stop or not all(t.is_title or t.is_upper for t in doc[i:j]):
            continue
        reg = lookup(doc[i:j].text, want)
        if reg is not None and reg.type != "provinsi":
            return _region_span(doc, i, j, reg.code)
    return None


BARE_SCORE = re.compile(r"^\d{1,3}[.,]\d{1,2}$")
SCORE_LEAD = {"(", ":", "dengan", "nilai", "skor", "sebesar", "-", "–"}


def _score_after(doc: Doc, end: int, stop: int) -> Span | None:
    """'Bone 82.55', 'Barru (80,41)': the decimal right after a bare name the rule
    pipeline did not know as a region is that item's score."""
    j = end
    while j < stop and j - end < 3 and doc[j].lower_ in SCORE_LEAD:
        j += 1
    if j < stop and BARE_SCORE.match(doc[j].text):
        value = float(doc[j].text.replace(",", "."))
        return Span(doc, j, j + 1, label="SCORE", kb_id=f"{value:g}") if value <= 100 else None
    return None


def _retype(ent: Span, want: str | None) -> Span | None:
    """A bare or ambiguous region mention read with the type its list gives it."""
    form = region_form(ent)
    if form in ("prefixed", "typefix"):
        return ent if ent.kb_id_ else None
    reg = lookup(ent.text, want)
    if reg is not None:
        return _region_span(ent.doc, ent.start, ent.end, reg.code)
    return ent if ent.kb_id_ else None


def _explicit_type(ent: Span) -> str | None:
    if region_form(ent) not in ("prefixed", "typefix") or not ent.kb_id_:
        return None
    return regions.load()[ent.kb_id_].type


def _unit_head(ent: Span) -> str | None:
    if ent.label_ != "INSTITUTION" or ent.kb_id_.startswith("ombudsman"):
        return None
    return UNIT_HEADS.get(ent[-1].lower_) if ent[-1].is_title or ent[-1].is_upper else None


def read_sentence(sent: Span, ents: list[Span]) -> Sentence:
    """The sentence as a head of labels and a list of items, each with what follows it."""
    from nlp.facts import _is_locative_or_title

    doc = sent.doc
    ent_at = {e.start: e for e in ents}
    items: list[Item] = []
    head: list[Span] = []
    head_type: str | None = None
    want: str | None = None
    unit: str | None = None
    unit_end = -1
    orphan = False
    collective: int | None = None
    i = sent.start
    while i < sent.end:
        e = ent_at.get(i)
        bare_score: Span | None = None
        prev = doc[i - 1].lower_ if i > sent.start else ""
        subject: Span | None = None
        if e is not None:
            if e.label_ == "REGION" and not _is_locative_or_title(doc, e):
                explicit = _explicit_type(e)
                if explicit is not None:
                    subject, want = e, explicit
                    # "Kantor Pertanahan Kabupaten Sanggau" is a unit; a prefixed region
                    # anywhere else ends a list of units.
                    unit = unit if i == unit_end else None
                elif "." in (e.kb_id_ or "."):
                    subject = _retype(e, want or head_type)
                # else: a bare province locates ("Pemkab Grobogan, Jawa Tengah (98,02)")
            elif (head_unit := _unit_head(e)) is not None:
                # a new unit begins: what follows belongs to it, not to the item before
                # ("Polres Palembang nilai 95,89, Polres Mura nilai 90,45": Mura unknown)
                unit, unit_end, orphan = head_unit, e.end, True
            elif orphan:
                pass
            elif e.label_ == "SCORE" and items:
                items[-1].scores.append(e)
            elif e.label_ in LABELS or is_integrity_award(e):
                if items:
                    items[-1].labels.append(e)
                    if collective is not None and items[-1].collective_from is None:
                        items[-1].collective_from = collective
                else:
                    head.append(e)
            i = e.end
        else:
            low = doc[i].lower_
            if low in HEAD_TYPES and not items:
                head_type = HEAD_TYPES[low]
            if low in COLLECTIVE and items:
                collective = i
            if (prev in SEPARATORS or prev in OPENERS) and (items or head_type or unit) and doc[i].is_title:
                subject = _bare_item(doc, i, min(sent.end, next((s for s in ent_at if s > i), sent.end)),
                                     want or head_type)
            i = subject.end if subject is not None else i + 1
            bare_score = _score_after(doc, i, sent.end) if subject is not None and i not in ent_at else None
        if subject is not None:
            orphan = False
            name = None
            if unit is not None:
                name = f"{unit} {subject.text}"
            items.append(Item(subject, name))
            collective = None
            if e is None and bare_score is not None:
                items[-1].scores.append(bare_score)
                i = bare_score.end
    return Sentence(items, head, head_type)


def is_integrity_award(ent: Span) -> bool:
    """"predikat WBK", "meraih WBBM": the Zona Integritas award is the result itself."""
    return ent.label_ == "INSTRUMENT" and ent.text.upper() in ("WBK", "WBBM")


def _own(item: Item, label: str) -> Span | None:
    return next((e for e in item.labels if e.label_ == label), None)


def group_labels(sentence: Sentence) -> tuple[list[Span], str | None]:
    """Labels that cover every item: the head's, else a trailing label after the last
    item when the items before it have none of their own ("X 61,20, Y 58,75 dan Z 55,03,
    seluruhnya kategori C"; "A, B dan C meraih zona hijau")."""
    zones = {zone_word(e) for e in sentence.head if e.label_ == "ZONE"}
    if len(zones) > 1:
        return [], "ambiguous_label"
    if sentence.head:
        return sentence.head, None
    items = sentence.items
    if len(items) < 2 or any(it.labels for it in items[:-1]):
        return [], None
    last = items[-1]
    unscored = not any(it.scores for it in items[:-1])
    if last.labels and (unscored or last.collective_from is not None):
        return last.labels, None
    return [], None


def pick(labels: list[Span]) -> tuple[str | None, str | None, str | None]:
    """(zone, grade, category) from the first label of each kind."""
    zone = next((z for e in labels if e.label_ == "ZONE" and (z := zone_word(e))), None)
    grade = next((e.kb_id_ for e in labels if e.label_ == "GRADE" and e.kb_id_), None)
    category = next((e.text.lower() for e in labels if e.label_ == "CATEGORY" or is_integrity_award(e)), None)
    return zone, grade, category


# "sementara" marks an interim result only after these ("hasil sementara"); elsewhere
# it is the connective "sementara (itu)" = meanwhile.
INTERIM_BEFORE = {"hasil", "data", "nilai", "penilaian", "bersifat", "masih", "pengambilan"}


def no_result(sent: Span) -> bool:
    """Negated, planned, targeted or sampled: the sentence states no result."""
    toks = [t.lower_ for t in sent]
    for k, w in enumerate(toks):
        if w not in NOT_RESULT or (w, toks[k + 1] if k + 1 < len(toks) else "") in NOT_RESULT_EXCEPT:
            continue
        if w == "sementara" and (k == 0 or toks[k - 1] not in INTERIM_BEFORE):
            continue
        return True
    return False


def continues(sent: Span) -> bool:
    first = next((t for t in sent if not t.is_punct), None)
    return first is not None and first.lower_ in CONTINUATION


@dataclass
class Carry:
    """What a lede or a list leaves for the sentences after it."""
    labels: list[Span]
    sentence: Span
    age: int = 0


@dataclass
class Decision:
    sentence_index: int
    subject: str
    reason: str | None  # None: a fact was made
    fact: dict | None = None


def _item_labels(sentence: Sentence, item: Item, group: list[Span], carry: Carry | None,
                 may_carry: bool) -> tuple[list[Span], bool]:
    """The labels that hold for one item, and whether they are its own."""
    own = [e for e in item.labels if item.collective_from is None or e.start < item.collective_from]
    if own and not (group and item is sentence.items[-1] and group is item.labels):
        return own, True
    if group:
        return group, False
    if carry is not None and may_carry:
        return carry.labels, False
    return [], False


def _row(ctx, item: Item, labels: list[Span], own: bool) -> dict | None:
    from nlp import facts

    zone, grade, category = pick(labels)
    score = item.scores[0] if len(item.scores) == 1 else None
    award = "zona_integritas" if category in ("wbk", "wbbm") else None
    return facts._fact(ctx, item.subject, score, zone, grade, category, own,
                       ctx.sent.end, forced_instrument=award, unit=item.unit)


def sentence_facts(ctx, sentence: Sentence, carry: Carry | None) -> list[Decision]:
    """The facts one sentence's list states, with a reason for every item left out."""
    sent = ctx.sent
    out: list[Decision] = []
    if not sentence.items:
        return out
    if no_result(sent):
        return [Decision(ctx.sentence_index, it.subject.text, "no_result_words") for it in sentence.items]
    group, trouble = group_labels(sentence)
    may_carry = continues(sent) or len(sentence.items) >= 2 or sentence.items[0].subject.start == sent.start
    listed = len(sentence.items) >= 2 or bool(group) or carry is not None
    for item in sentence.items:
        name = item.unit or item.subject.text
        if not listed and item.unit is None:
            out.append(Decision(ctx.sentence_index, name, "single_item"))
            continue
        labels, own = _item_labels(sentence, item, group, carry, may_carry)
        if not labels and len(item.scores) != 1:
            out.append(Decision(ctx.sentence_index, name, trouble or "no_value"))
            continue
        row = _row(ctx, item, labels, own)
        out.append(Decision(ctx.sentence_index, name, None if row else "no_year_or_instrument", row))
    return out


def next_carry(sent: Span, sentence: Sentence, ents: list[Span], carry: Carry | None,
               decisions: list[Decision]) -> Carry | None:
    """A lede (labels, no subject) or a list with labels for all its items is carried to
    the next two sentences; anything else that states a result ends it."""
    labels = [e for e in ents if e.label_ in LABELS]
    if no_result(sent):
        return None if labels else _aged(carry)
    if not sentence.items and labels:
        zones = {zone_word(e) for e in labels if e.label_ == "ZONE"}
        return Carry(labels, sent) if len(zones) <= 1 else None
    if sentence.items:
        group, _ = group_labels(sentence)
        made = any(d.reason is None for d in decisions)
        if group and made:
            return Carry(group, sent)
        if carry is not None and made:
            return Carry(carry.labels, carry.sentence)  # a chain goes on ("Kedua, Kota Bima (83,90).")
        return None
    return _aged(carry)


def _aged(carry: Carry | None) -> Carry | None:
    if carry is None or carry.age >= 1:
        return None
    return Carry(carry.labels, carry.sentence, carry.age + 1)


def extract(doc: Doc, article_id: str, published, reference=None) -> list[Decision]:
    """Every list item of the article with the fact it gives or the reason it gives none."""
    from nlp import facts

    decisions: list[Decision] = []
    carry: Carry | None = None
    article_instrument: str | None = None
    article_year: int | None = None
    for si, sent in enumerate(doc.sents):
        ents = [e for e in doc.ents if e.start >= sent.start and e.end <= sent.end]
        sentence = read_sentence(sent, ents)
        lede = [e for e in doc.ents if carry is not None and e.start >= carry.sentence.start
                and e.end <= carry.sentence.end]
        instruments = ([e for e in ents if e.label_ == "INSTRUMENT"] or [e for e in lede if e.label_ == "INSTRUMENT"]
                       or ([e for e in doc.ents if e.label_ == "INSTRUMENT"] if carry is not None else []))
        years = [e for e in lede if facts.is_year(e)] + [e for e in ents if facts.is_year(e)]
        ctx = facts._Context(doc, sent, si, article_id, published, instruments, years, article_instrument,
                             article_year, reference, facts.text_year(doc))
        made = sentence_facts(ctx, sentence, carry)
        decisions.extend(made)
        carry = next_carry(sent, sentence, ents, carry, made)
        own_instruments = [e for e in ents if e.label_ == "INSTRUMENT"]
        if own_instruments:
            article_instrument = own_instruments[-1].id_
            own_years = [e for e in ents if facts.is_year(e)]
            if own_years:
                article_year = int(own_years[-1].kb_id_)
    return decisions


def merge(bound: list[dict], decisions: list[Decision]) -> list[dict]:
    """The binding's facts, plus the list facts it did not make; a zone the binding left
    empty is taken from the list reading of the same fact (same score)."""
    def key(f: dict) -> tuple:
        return (f["region_code"] or f["institution"], f["institution"] if f["region_code"] else None,
                f["instrument"], f["year"])

    def entity(f: dict) -> tuple:
        # compliance score and opinion of 2022-2024 are one result read two ways
        family = "ombudsman" if f["instrument"] in ("ombudsman_kepatuhan", "ombudsman_opini") else f["instrument"]
        return (f["region_code"] or f["institution"], family, f["year"])

    by_key = {key(f): f for f in bound}
    by_entity = {entity(f): f for f in bound}
    out = list(bound)
    for d in decisions:
        f = d.fact
        if f is None:
            continue
        same = by_key.get(key(f)) or by_entity.get(entity(f))
        if same is None:
            by_key[key(f)] = f
            by_entity[entity(f)] = f
            out.append(f)
            continue
        d.reason = "bound_already"
        if same["zone"] is None and f["zone"] is not None and same["score"] == f["score"]:
            # the list reading saw the label its lede or list gave: it knows more
            out[out.index(same)] = f
            by_key[key(same)] = by_entity[entity(same)] = f
            d.reason = None
    return out
