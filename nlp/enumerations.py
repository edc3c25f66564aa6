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
# "A dan B zona kuning, sedangkan C dan D zona merah": after these a label heads what follows.
CONNECTORS = {"sedangkan", "sementara", "lalu", "kemudian", "adapun", "selanjutnya", "disusul", "berikutnya",
              "kecuali"}
# Institutions that assess others, and words that make an agency's name an office's.
ASSESSORS = {"kemenpan-rb", "kemendagri", "ombudsman-ri"}
OFFICE_WORDS = {"kanwil", "kantor", "wilayah", "divisi", "institusi", "oleh", "dari", "bidang", "perwakilan"}
# A label followed by one of these opens a list of its own.
LABEL_OPENS = {"(", ":", "yakni", "yaitu", "adalah", "ialah", "meliputi", "antara"}
# Statements that name regions without giving them a result.
NOT_RESULT = {"tidak", "belum", "bukan", "tanpa", "lokus", "menyasar", "diusulkan", "usulan", "menuju", "akan",
              "rata-rata", "rerata", "target", "menargetkan", "ditargetkan", "diharapkan", "berharap", "harap",
              "agar", "supaya", "sasaran", "sampel", "sementara", "dijadwalkan", "berupaya", "mempertahankan",
              "pencanangan", "dicanangkan", "ingin", "harus", "semoga", "optimis", "optimistis", "mendorong",
              "covid", "covid-19", "pandemi", "ppkm", "penyebaran", "hampir", "nyaris"}
# "tanpa maladministrasi" is the 2025 opinion's own name, not a negation.
NOT_RESULT_EXCEPT = {("tanpa", "maladministrasi")}
LABELS = ("ZONE", "GRADE", "CATEGORY")
ZONE_WORDS = {"hijau": "hijau", "kuning": "kuning", "merah": "merah", "kuing": "kuning", "kunig": "kuning"}

# Every reason a candidate subject gives no fact (``pantau parse --explain``).
SKIPS = {
    "no_result_words": "written with a negation, plan, hope, claim, average or list of assessed units",
    "no_value": "neither a score nor a label of its own, of its list or of its lede",
    "single_item": "one subject outside any list: left to the per-subject binding",
    "no_year_or_instrument": "no instrument or no year can be told for it",
    "bound_already": "the same result was read already (the reading that knows more is kept)",
    "target_or_hope": "a target or a hope, not a result",
    "not_official": "a claim, self-assessment or proposal, not the assessor's result",
    "earlier_state": "an earlier state without its year ('sebelumnya', 'dulu')",
    "unbound_score": "the sentence has a score that could not be bound: no half fact",
    "locative_or_title": "the mention places something else or belongs to a person's title",
    "another_subject": "a group noun stands between the subject and the label",
}


@dataclass
class Item:
    subject: Span  # a REGION span whose kb_id_ is the region code (for a unit: its place)
    unit: str | None = None  # "Polres Sintang": the unit located in the region
    scores: list[Span] = field(default_factory=list)
    labels: list[Span] = field(default_factory=list)  # written after it
    next_head: list[Span] = field(default_factory=list)  # after it, but heading the items after it
    collective: bool = False  # its labels follow "seluruhnya", "masing-masing", "atau" ...
    starts_group: bool = False  # "..., sedangkan Mamuju Tengah masuk zona merah": a new group


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


BARE_SCORE = re.compile(r"^\d{1,3}(?:[.,]\d{1,2})?$")
# An integer is a score only where a list ends it: "Kota Tegal 58." "(63)", "58 dan"
INTEGER_END = {".", ",", ";", ")", "dan", "serta", "poin", "point", "dari"}
SCORE_LEAD = {"(", ":", "dengan", "nilai", "skor", "sebesar", "-", "–", "angka", "di", "poin", "point"}


def _score_after(doc: Doc, end: int, stop: int) -> Span | None:
    """'Bone 82.55', 'Barru (80,41)': the decimal right after a bare name the rule
    pipeline did not know as a region is that item's score."""
    j = end
    while j < stop and j - end < 3 and doc[j].lower_ in SCORE_LEAD:
        j += 1
    if j < stop and BARE_SCORE.match(doc[j].text):
        if doc[j].text.isdigit() and (j + 1 >= len(doc) or doc[j + 1].lower_ not in INTEGER_END):
            return None
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


class _Reader:
    """Reads one sentence left to right into a head and items (see ``read_sentence``)."""

    def __init__(self, sent: Span, ents: list[Span]):
        self.sent, self.doc = sent, sent.doc
        self.ent_at = {e.start: e for e in ents}
        self.items: list[Item] = []
        self.head: list[Span] = []
        self.head_type: str | None = None
        self.want: str | None = None  # the type the last prefixed item gave
        self.unit: str | None = None  # "Polres" while a list of units goes on
        self.unit_end = -1
        self.orphan = False  # a unit whose place is unknown owns what follows it
        self.connector = False  # "..., sedangkan": labels from here head the next items
        self.collective = False  # "..., seluruhnya": labels from here cover the group

    def read(self) -> Sentence:
        i = self.sent.start
        while i < self.sent.end:
            e = self.ent_at.get(i)
            i = self.entity(e) if e is not None else self.token(i)
        return Sentence(self.items, self.head, self.head_type)

    def entity(self, e: Span) -> int:
        from nlp.facts import _is_locative_or_title

        if e.label_ == "REGION" and not _is_locative_or_title(self.doc, e):
            explicit = _explicit_type(e)
            if explicit is not None:
                # "Kantor Pertanahan Kabupaten Sanggau" is a unit; a prefixed region
                # anywhere else ends a list of units.
                self.unit = self.unit if e.start == self.unit_end else None
                self.want = explicit
                return self.add(e)
            if self.items and e.kb_id_ == self.items[-1].subject.kb_id_ and self.doc[e.start - 1].text == "(":
                # "Kabupaten Musi Banyuasin (Muba) 75,16": an alias, not an item
                end = e.end + 1 if e.end < self.sent.end and self.doc[e.end].text == ")" else e.end
                score = _score_after(self.doc, end, min((s for s in self.ent_at if s >= end), default=self.sent.end))
                if score is not None and not self.items[-1].scores:
                    self.items[-1].scores.append(score)
                    return score.end
                return e.end
            if "." in (e.kb_id_ or "."):
                retyped = _retype(e, self.want or self.head_type)
                if retyped is not None:
                    return self.add(retyped)
            elif e.kb_id_ and self.province_item(e):
                return self.add(e)
            # else: a bare province locates ("Pemkab Grobogan, Jawa Tengah (98,02)")
        elif self.assessed_agency(e):
            self.unit = None
            return self.add(e)  # "... zona kuning adalah Kementerian ATR, serta Kementerian Sosial"
        elif (head_unit := _unit_head(e)) is not None:
            # a new unit begins: what follows belongs to it, not to the item before
            # ("Polres Palembang nilai 95,89, Polres Mura nilai 90,45": Mura unknown)
            after = self.doc[e.end] if e.end < self.sent.end else None
            named = after is not None and (after.is_title or after.is_upper) and e.end not in self.ent_at
            self.unit, self.unit_end, self.orphan = head_unit, e.end, named
        elif self.orphan:
            pass
        elif e.label_ == "SCORE" and self.items:
            self.items[-1].scores.append(e)
        elif e.label_ in LABELS or is_integrity_award(e):
            self.label(e)
        return e.end

    def province_item(self, e: Span) -> bool:
        """A bare province name is its government in a list of provinces ("Kemudian
        Jambi predikat B, Bengkulu predikat B") or right before its own score or label;
        not in apposition to the region before it ("Kota Sungai Penuh, Jambi (66,85)")."""
        if (self.want or self.head_type) == "provinsi":
            return True
        last = self.items[-1].subject if self.items else None
        if last is not None and e.start - last.end <= 1 and self.doc[last.end].text in (",", "("):
            return False
        nxt = next((x for s, x in sorted(self.ent_at.items()) if s >= e.end), None)
        return nxt is not None and nxt.start - e.end <= 1 and nxt.label_ in ("SCORE", "GRADE", "ZONE", "CATEGORY")

    def assessed_agency(self, e: Span) -> bool:
        """A ministry or agency listed as assessed: not an assessor (KemenPAN-RB grants
        WBK and SAKIP), not a regional office ("Kanwil BPN Aceh") and not a speaker's
        office ("Kepala Divisi ... Kemenkumham")."""
        from nlp.facts import REGIONAL_OFFICES, _is_locative_or_title, is_subject_institution

        if e.label_ != "INSTITUTION" or not is_subject_institution(e) or _is_locative_or_title(self.doc, e):
            return False
        prev = self.doc[e.start - 1].lower_ if e.start > self.sent.start else ""
        return (e.kb_id_.split("@")[0] not in ASSESSORS and prev not in OFFICE_WORDS
                and e[-1].lower_ not in REGIONAL_OFFICES)

    def label(self, e: Span) -> None:
        nxt = self.doc[e.end] if e.end < self.sent.end else None
        if not self.items:
            self.head.append(e)
        elif self.connector or (nxt is not None and nxt.lower_ in LABEL_OPENS):
            # "..., dan untuk Zona Merah Opini Rendah (Pemkab A, B)": it heads what follows
            self.connector = True
            own = self.items[-1].labels
            start = e.start
            while own and own[-1].end >= start - 1:  # "Zona Merah Opini Rendah (": both head it
                start = own[-1].start
                self.items[-1].next_head.insert(0, own.pop())
            self.items[-1].next_head.append(e)
        else:
            self.items[-1].labels.append(e)
            self.items[-1].collective = self.items[-1].collective or self.collective

    def token(self, i: int) -> int:
        doc, low = self.doc, self.doc[i].lower_
        prev = doc[i - 1].lower_ if i > self.sent.start else ""
        if low in HEAD_TYPES and not self.items:
            self.head_type = HEAD_TYPES[low]
        if self.items and low in COLLECTIVE:
            self.collective = True
        if self.items and low in CONNECTORS:
            self.connector = True
        after_unit = i == self.unit_end  # "Kantah Belitung": a place the gazetteer keeps bare
        listing = self.items or self.head_type or self.unit or (self.head and prev in OPENERS)
        if not ((prev in SEPARATORS or prev in OPENERS or after_unit) and listing and doc[i].is_title):
            return i + 1
        stop = min(self.sent.end, next((s for s in self.ent_at if s > i), self.sent.end))
        subject = _bare_item(doc, i, stop, self.want or self.head_type)
        return i + 1 if subject is None else self.add(subject)

    def add(self, subject: Span) -> int:
        """A new item; a decimal written right after it that the rule pipeline did not
        take for a score ("Disusul Bulungan dengan 91,30") is its score. Returns the
        token index to read on from."""
        name = f"{self.unit} {subject.text}" if self.unit is not None else None
        previous = self.items[-1] if self.items else None
        # after "sedangkan" a new group begins, unless a label already headed it
        starts = self.connector and previous is not None and not previous.next_head
        self.items.append(Item(subject, name, starts_group=starts))
        self.orphan = self.connector = self.collective = False
        nxt = min((s for s in self.ent_at if s >= subject.end), default=self.sent.end)
        score = _score_after(self.doc, subject.end, nxt)
        if score is None:
            return subject.end
        self.items[-1].scores.append(score)
        return score.end


def read_sentence(sent: Span, ents: list[Span]) -> Sentence:
    """The sentence as a head of labels and a list of items, each with what follows it."""
    sentence = _Reader(sent, ents).read()
    respective(sentence.items)
    return sentence


def respective(items: list[Item]) -> None:
    """"A, B dan C, dengan nilai berturut-turut 95,40, 93,18 dan 90,77", "A dan B
    masing-masing 86,10 dan 83,55": n scores after the last of n items without one go to
    them in order."""
    if not items or len(items[-1].scores) < 2:
        return
    scores = items[-1].scores
    run = 1
    while run < len(items) and not items[-1 - run].scores and not items[-1 - run].labels:
        run += 1
    if run != len(scores):
        return
    for item, score in zip(items[-run:], list(scores), strict=True):
        item.scores = [score]


def is_integrity_award(ent: Span) -> bool:
    """"predikat WBK", "meraih WBBM": the Zona Integritas award is the result itself."""
    return ent.label_ == "INSTRUMENT" and ent.text.upper() in ("WBK", "WBBM")


def _one_zone(labels: list[Span]) -> list[Span]:
    """Labels that can head a list: not two different zones ("dua hijau, tiga kuning")."""
    zones = {zone_word(e) for e in labels if e.label_ == "ZONE"}
    return labels if len(zones) <= 1 else []


@dataclass
class Assignment:
    labels: dict[int, list[Span]]  # id(item) -> its labels, most specific first
    own: set[int]  # id(item) of the items that carry their own label
    onward: list[Span]  # labels a list continued in the next sentence keeps
    from_lede: set[int] = field(default_factory=set)  # id(item) labelled only by the lede


def _head_by_count(sentence: Sentence) -> list[Span]:
    """The head's labels; when it names several of one kind ("11 meraih kategori B, lima
    di kategori C, dan dua masih di kategori D. Keduanya adalah A dan B"), those the count
    before the items names, else none."""
    head = _one_zone(sentence.head)
    if not head or not sentence.items:
        return head
    kinds = [e.label_ for e in head]
    values = {(e.label_, zone_word(e) if e.label_ == "ZONE" else e.text.lower()) for e in head}
    if len(values) == len(set(kinds)):
        return head
    doc, first = head[0].doc, sentence.items[0].subject
    count = next((c for t in doc[max(head[-1].end, first.start - 4): first.start] if (c := _count_of(t))), None)
    return [e for e in head if count is not None
            and any(_count_of(t) == count for t in doc[max(0, e.start - 4): e.start])]


def _lede_or_head(out: Assignment, item: Item, head: list[Span], lede: list[Span]) -> None:
    out.labels[id(item)] = head or lede
    if not head and lede:
        out.from_lede.add(id(item))


def assign_labels(sentence: Sentence, carry: Carry | None) -> Assignment:
    """Each item's labels: its own; a label after a group of items with no score of
    their own ("A, B dan C masuk zona hijau") or after a collective word ("..., seluruhnya
    kategori C"); the head written before the group ("Zona merah ditempati A, B"; "...,
    sedangkan zona kuning C, D"); else the lede of the sentences before."""
    head = _head_by_count(sentence)
    lede = carry.labels if carry is not None else []
    out = Assignment({}, set(), [])
    pending: list[Item] = []
    for item in sentence.items:
        if item.starts_group and pending:
            for member in pending:  # "Zona kuning ditempati A, B dan C, sedangkan D masuk zona merah"
                _lede_or_head(out, member, head, lede)
            pending = []
        pending.append(item)
        if item.labels:
            shared = not any(it.scores for it in pending[:-1]) or item.collective
            for member in pending[:-1]:
                out.labels[id(member)] = (item.labels if shared else []) + head
            out.labels[id(item)] = item.labels + head
            out.own.add(id(item))
            out.onward = item.labels if shared and len(pending) > 1 else out.onward
            pending = []
        if item.next_head:
            for member in pending:
                _lede_or_head(out, member, head, lede)
            head, pending = _one_zone(item.next_head), []
    for member in pending:
        _lede_or_head(out, member, head, lede)
    out.onward = head or out.onward or (lede if not any(it.labels for it in sentence.items) else [])
    return out


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
    """Negated, planned, hoped for, targeted or sampled: the sentence states no result."""
    from nlp.facts import ASPIRATION_WORDS

    toks = [t.lower_ for t in sent]
    return _blocking(toks, ASPIRATION_WORDS)


def _blocking(toks: list[str], aspiration: set[str]) -> bool:
    for k, w in enumerate(toks):
        nxt = toks[k + 1] if k + 1 < len(toks) else ""
        if w in aspiration:
            return True
        if w not in NOT_RESULT or (w, nxt) in NOT_RESULT_EXCEPT:
            continue
        if w == "sementara" and (k == 0 or toks[k - 1] not in INTERIM_BEFORE):
            continue
        return True
    return False


def blocked_items(sent: Span, items: list[Item]) -> set[int]:
    """id() of the items a no-result word covers: one written before the first item
    covers them all ("Penilaian menyasar A, B dan C"); one after an item covers that item
    ("Provinsi dapat A, Kabupaten rata-rata B, hanya Pohuwato yang masih C": only the
    average), and the whole list when none of its items has a value of its own ("A, B dan
    C diusulkan menuju WBK")."""
    from nlp.facts import ASPIRATION_WORDS

    doc = sent.doc
    if not items:
        return set()
    low = lambda a, b: [t.lower_ for t in doc[a:b]]  # noqa: E731
    if _blocking(low(sent.start, items[0].subject.start), ASPIRATION_WORDS):
        return {id(it) for it in items}
    ends = [it.subject.start for it in items[1:]] + [sent.end]
    blocked = {id(it) for it, end in zip(items, ends, strict=True)
               if _blocking(low(it.subject.start, end), ASPIRATION_WORDS)}
    valued = any(it.scores or it.labels for it in items[:-1])
    if id(items[-1]) in blocked and not valued:
        return {id(it) for it in items}
    return blocked


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
    # for a later label that covers this item ("Keduanya juga masuk zona hijau."):
    item: Item | None = None
    ctx: object = None
    labelled: bool = True


def _row(ctx, item: Item, labels: list[Span], own: bool) -> dict | None:
    from nlp import facts

    zone, grade, category = pick(labels)
    score = item.scores[0] if len(item.scores) == 1 else None
    award = "zona_integritas" if category in ("wbk", "wbbm") else None
    if award and item.subject.label_ == "INSTITUTION":
        return None  # WBK/WBBM go to work units, not to a whole ministry
    return facts._fact(ctx, item.subject, score, zone, grade, category, own,
                       ctx.sent.end, forced_instrument=award, unit=item.unit)


def sentence_facts(ctx, sentence: Sentence, carry: Carry | None) -> tuple[list[Decision], list[Span]]:
    """The facts one sentence's list states, with a reason for every item left out, and
    the labels a continuation of the list in the next sentence keeps."""
    sent = ctx.sent
    if not sentence.items:
        return [], []
    blocked = blocked_items(sent, sentence.items)
    if len(blocked) == len(sentence.items):
        return [Decision(ctx.sentence_index, it.subject.text, "no_result_words") for it in sentence.items], []
    assigned = assign_labels(sentence, carry)
    listed = len(sentence.items) >= 2 or carry is not None or any(assigned.labels.values())
    out: list[Decision] = []
    for item in sentence.items:
        name = item.unit or item.subject.text
        labels = assigned.labels.get(id(item), [])
        if id(item) in blocked:
            out.append(Decision(ctx.sentence_index, name, "no_result_words"))
        elif not listed and item.unit is None:
            out.append(Decision(ctx.sentence_index, name, "single_item", None, item, ctx, False))
        elif not labels and len(item.scores) != 1:
            out.append(Decision(ctx.sentence_index, name, "no_value"))
        else:
            row = _row(ctx, item, labels, id(item) in assigned.own)
            # an item labelled only by a lede may still be relabelled by a sentence that
            # refers back to its list ("Tiga daerah ini berada di zona kuning")
            out.append(Decision(ctx.sentence_index, name, None if row else "no_year_or_instrument", row,
                                item, ctx, bool(labels) and id(item) not in assigned.from_lede))
    return out, assigned.onward


def next_carry(sent: Span, sentence: Sentence, ents: list[Span], carry: Carry | None,
               decisions: list[Decision], onward: list[Span]) -> Carry | None:
    """A lede (labels, no subject) or a list's labels are carried to the next sentences
    (one sentence in between at most); a sentence that states other results ends it."""
    labels = [e for e in ents if e.label_ in LABELS]
    if no_result(sent):
        return None if labels else _aged(carry)
    if not sentence.items:
        if labels and refers_back(sent):
            return None  # "Keduanya juga masuk zona hijau." closes the list before it
        if labels:
            return Carry(labels, sent) if _one_zone(labels) else None
        return _aged(carry)
    if any(d.reason is None for d in decisions) and onward:
        return Carry(onward, sent if onward is not (carry.labels if carry else None) else carry.sentence)
    return None


COUNTS = {"dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9,
          "sepuluh": 10, "keduanya": 2, "ketiganya": 3, "keempatnya": 4, "kelimanya": 5, "keenamnya": 6,
          "ketujuhnya": 7, "kedua": 2, "ketiga": 3, "keempat": 4, "kelima": 5, "keenam": 6, "ketujuh": 7,
          "kedelapan": 8, "kesembilan": 9, "kesepuluh": 10}


def _count_of(tok) -> int | None:
    return int(tok.text) if tok.text.isdigit() else COUNTS.get(tok.lower_)


def by_count(carry: Carry, sent: Span) -> Carry | None:
    """A lede with several labels of one kind ("11 meraih kategori B, lima di kategori C,
    dan dua masih di kategori D") heads the next list only through the count both name
    ("Keduanya adalah ..."); without one it heads nothing."""
    kinds = [e.label_ for e in carry.labels]
    values = {(e.label_, zone_word(e) if e.label_ == "ZONE" else e.text.lower()) for e in carry.labels}
    if len(values) == len(set(kinds)):
        return carry  # one label of each kind
    count = next((c for t in list(sent)[:4] if (c := _count_of(t)) is not None), None)
    if count is None:
        return None
    doc = carry.sentence.doc
    chosen = [e for e in carry.labels
              if any(_count_of(t) == count for t in doc[max(carry.sentence.start, e.start - 4): e.start])]
    return Carry(chosen, carry.sentence, carry.age) if chosen else None


def _aged(carry: Carry | None) -> Carry | None:
    if carry is None or carry.age >= 1:
        return None
    return Carry(carry.labels, carry.sentence, carry.age + 1)


# "Keduanya juga masuk zona hijau.", "Tiga daerah ini berada di zona kuning.": a sentence
# that opens on these and states a label gives it to the list just before.
ANAPHORA = {"keduanya", "ketiganya", "keempatnya", "kelimanya", "keenamnya", "semuanya", "seluruhnya", "mereka",
            "masing-masing", "dua-duanya", "tiga-tiganya", "empat-empatnya"}
DEMONSTRATIVES = {"ini", "itu", "tersebut"}


GROUP_WORDS = {"daerah", "pemda", "kabupaten", "kota", "kabupaten/kota", "polres", "kantah", "instansi", "wilayah",
               "pemerintah", "provinsi", "opd", "satker", "unit", "kantor"}


def refers_back(sent: Span) -> bool:
    """The sentence opens on the group named just before: "Keduanya ...", "Tiga daerah
    ini ...", "Kabupaten/kota itu ..." (not "Pada 2024 ini ...")."""
    head = [t.lower_ for t in sent if not t.is_punct][:4]
    if not head:
        return False
    return head[0] in ANAPHORA or any(w in DEMONSTRATIVES and head[k - 1] in GROUP_WORDS
                                      for k, w in enumerate(head) if k > 0)


class _ArticleReader:
    """Reads the sentences in order, keeping what one sentence leaves the next: the lede
    labels carried to a list, the article's instrument and year, and the unlabelled
    items of the last list (for a label that refers back to them)."""

    def __init__(self, doc: Doc, article_id: str, published, reference):
        self.doc, self.article_id, self.published, self.reference = doc, article_id, published, reference
        self.decisions: list[Decision] = []
        self.carry: Carry | None = None
        self.instrument: str | None = None
        self.year: int | None = None
        self.last_list: list[Decision] = []

    def context(self, si: int, sent: Span, ents: list[Span]):
        from nlp import facts

        doc, carry = self.doc, self.carry
        lede = [e for e in doc.ents if carry is not None and carry.sentence.start <= e.start < carry.sentence.end]
        instruments = ([e for e in ents if e.label_ == "INSTRUMENT"] or [e for e in lede if e.label_ == "INSTRUMENT"]
                       or [e for e in doc.ents if e.label_ == "INSTRUMENT"])
        years = [e for e in lede if facts.is_year(e)] + [e for e in ents if facts.is_year(e)]
        return facts._Context(doc, sent, si, self.article_id, self.published, instruments, years, self.instrument,
                              self.year, self.reference, facts.text_year(doc), sent_has_result=True)

    def read(self) -> list[Decision]:
        for si, sent in enumerate(self.doc.sents):
            ents = [e for e in self.doc.ents if e.start >= sent.start and e.end <= sent.end]
            sentence = read_sentence(sent, ents)
            if self.carry is not None:
                self.carry = by_count(self.carry, sent)
            made, onward = sentence_facts(self.context(si, sent, ents), sentence, self.carry)
            self.decisions.extend(made)
            if not sentence.items:
                self.refer_back(sent, ents)
            else:
                self.records(sent, sentence, made)
            self.carry = next_carry(sent, sentence, ents, self.carry, made, onward)
            self.article_state(ents)
        return self.decisions

    def records(self, sent: Span, sentence: Sentence, made: list[Decision]) -> None:
        """Keep the unlabelled items of the list read last. Records written one per line
        ("1. Kota Tomohon – 91,56", "2. ...") make one list; a closing "Keempatnya masuk
        zona hijau" glued to the last record labels all of them."""
        unlabelled = [d for d in made if not d.labelled and d.item is not None]
        last = sentence.items[-1]
        closing = [e for e in last.labels if any(t.lower_ in ANAPHORA for t in self.doc[last.subject.end:e.start])]
        if closing and self.last_list:
            self.label_list(_one_zone(closing))
        if unlabelled and len(unlabelled) == len(made) and self.last_list:
            self.last_list += unlabelled
        else:
            self.last_list = unlabelled

    def refer_back(self, sent: Span, ents: list[Span]) -> None:
        labels = _one_zone([e for e in ents if e.label_ in LABELS])
        if not labels or not self.last_list or not refers_back(sent) or no_result(sent):
            return
        self.label_list(labels)

    def label_list(self, labels: list[Span]) -> None:
        for d in self.last_list:
            row = _row(d.ctx, d.item, labels, False)
            if row is not None:
                d.fact, d.reason, d.labelled = row, None, True
        self.last_list = []

    def article_state(self, ents: list[Span]) -> None:
        from nlp import facts

        own = [e for e in ents if e.label_ == "INSTRUMENT"]
        if own:
            self.instrument = own[-1].id_
            years = [e for e in ents if facts.is_year(e)]
            if years:
                self.year = facts.current_year(years)


def extract(doc: Doc, article_id: str, published, reference=None) -> list[Decision]:
    """Every list item of the article with the fact it gives or the reason it gives none."""
    return _ArticleReader(doc, article_id, published, reference).read()


def _entity(f: dict) -> tuple:
    # a compliance score and an opinion of 2022-2024 are one result read two ways
    family = "ombudsman" if f["instrument"] in ("ombudsman_kepatuhan", "ombudsman_opini") else f["instrument"]
    return (f["region_code"] or f["institution"], f["institution"] if f["region_code"] else None, family, f["year"])


def _combined(a: dict, b: dict) -> dict | None:
    """One result read twice, its score in one sentence and its label in another
    ("Sisanya, termasuk Pemprov Kaltara, meraih opini kualitas tinggi." "Pemprov Kaltara
    sendiri memperoleh 86,44."): the scored row with the other's label."""
    scored, labelled = (a, b) if a["score"] is not None else (b, a)
    if scored["score"] is None or labelled["score"] is not None or scored["zone"] is not None \
            or labelled["zone"] is None:
        return None
    return {**scored, "zone": labelled["zone"], "grade": scored["grade"] or labelled["grade"],
            "category": scored["category"] or labelled["category"], "instrument": labelled["instrument"]}


def _better(new: dict, old: dict) -> bool:
    """Of two readings of one result, the one that knows more: a score where the other
    has none ("A, B, C masuk zona kuning" then "A (79,72), ..."), else a zone (the list
    reading saw the label its lede or list gave)."""
    if old["score"] is None and new["score"] is not None:
        return old["zone"] in (None, new["zone"])
    if old["score"] != new["score"]:
        return False
    if old["zone"] is None and new["zone"] is not None:
        return True
    # the same result, but the list reading also saw its opinion label
    return old["zone"] == new["zone"] and old["category"] is None and new["category"] is not None


def merge(bound: list[dict], decisions: list[Decision]) -> list[dict]:
    """The binding's facts plus the list facts it did not make; where both read the same
    result, the reading that knows more is kept (``_better``)."""
    out: list[dict] = []
    seen: dict[tuple, dict] = {}
    for f in bound:
        old = seen.get(_entity(f))
        both = _combined(f, old) if old is not None else None
        if both is not None:
            out.remove(old)
            f = both
        elif old is not None and _better(old, f):
            continue
        elif old is not None and _better(f, old):
            out.remove(old)
        out.append(f)
        seen[_entity(f)] = f
    for d in decisions:
        f = d.fact
        if f is None:
            continue
        old = seen.get(_entity(f))
        both = _combined(f, old) if old is not None else None
        if both is not None:
            f = d.fact = both
        elif old is not None and not _better(f, old):
            d.reason = "bound_already"
            continue
        if old is not None:
            out.remove(old)
        out.append(f)
        seen[_entity(f)] = f
    return out
