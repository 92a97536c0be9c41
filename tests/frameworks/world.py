"""A small project whose every row the test knows, and plain-Python expected counts over it.

The expected values are computed from the rows the test inserted (which part a coding starts in,
who speaks there), never by the code under test, so a matrix cell is checked against an
independent count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from qualcode.services.documents import cases, documents
from qualcode.services.frameworks.frameworks import framework_items, import_framework
from qualcode.storage.models import Code, Coding, Part, Quote, Theme, ThemeCode, ThemeItem
from qualcode.storage.project import Project

FRAMEWORK_CSV = (
    "id,parent_id,label,aliases\n"
    "P1,,Culture,Positive culture|Culture change\n"
    "P1.1,P1,Voice of lived experience,\n"
    "P1.2,P1,Stigma,\n"
    "P2,,Treatment,\n"
    "P2.1,P2,Capacity,Treatment capacity\n"
)
LINES = 8  # lines per document; the last one has no part (no speaker)
LINE = 20  # characters per line
PEOPLE = ("Amy", "Ben", "Cat", "Facilitator")  # the last one is a facilitator
ROLE = {"Amy": "Peer", "Ben": "Staff", "Cat": None, "Facilitator": "Staff"}
THEMES = ("Trust", "Trust / Same worker", "Waiting", "Families")  # "A / B": B under A
CODES = ("c0", "c1", "c2", "c3", "c4")


@dataclass
class World:
    path: Path
    docs: list[int] = field(default_factory=list)
    case_ids: dict[str, int] = field(default_factory=dict)
    role_attr: int = 0
    speaker: dict[tuple[int, int], int | None] = field(default_factory=dict)  # (doc, line) -> case
    codes: list[int] = field(default_factory=list)
    themes: list[int] = field(default_factory=list)
    parent: dict[int, int | None] = field(default_factory=dict)
    framework: int = 0
    items: dict[str, int] = field(default_factory=dict)  # ref -> id
    top: dict[int, str] = field(default_factory=dict)  # item id -> ref of its priority
    codings: list[tuple[int, int, int, int]] = field(default_factory=list)  # id, code, doc, line
    key: set[int] = field(default_factory=set)

    def facilitator(self, case: int | None) -> bool:
        return case == self.case_ids["Facilitator"]


def build(path: Path, tmp: Path) -> World:
    """Documents with speaker turns, cases (one facilitator), codes, themes and a framework."""
    w = World(path)
    with Project.create(path) as p:
        for name in PEOPLE:
            w.case_ids[name] = (
                cases.create_case(p, name, is_facilitator=name == "Facilitator").entity_id or 0
            )
        w.role_attr = cases.define_attribute(p, "Role", "text").entity_id or 0
        for name, role in ROLE.items():
            if role:
                cases.set_attribute_value(p, w.role_attr, role, case_id=w.case_ids[name])
        for d in range(3):
            text = "".join(f"line {d}-{i}".ljust(LINE - 1, ".") + "\n" for i in range(LINES))
            w.docs.append(documents.add_document(p, f"D{d}", text, "interview").entity_id or 0)
        with p.session() as s:
            for d, doc in enumerate(w.docs):
                for i in range(LINES - 1):
                    who = PEOPLE[(d + i) % len(PEOPLE)] if (d + i) % 5 else None
                    case = w.case_ids[who] if who else None
                    w.speaker[(doc, i)] = case
                    s.add(Part(document_id=doc, start=i * LINE, end=i * LINE + LINE - 1,
                               case_id=case, speaker_label=who))  # fmt: skip
                w.speaker[(doc, LINES - 1)] = None
            for i, name in enumerate(CODES):
                code = Code(name=name, position=i)
                s.add(code)
                s.flush()
                w.codes.append(code.id)
            made: dict[str, int] = {}
            for i, name in enumerate(THEMES):
                parent_name, _sep, own = name.rpartition(" / ")
                theme = Theme(name=own, parent_id=made.get(parent_name), position=i)
                s.add(theme)
                s.flush()
                made[name] = theme.id
                w.themes.append(theme.id)
                w.parent[theme.id] = made.get(parent_name)
        csv = tmp / "mini.csv"
        csv.write_text(FRAMEWORK_CSV, encoding="utf-8")
        w.framework = import_framework(p, csv, "Mini strategy").entity_id or 0
        for item in framework_items(p, w.framework):
            w.items[item.ref] = item.id
        for item in framework_items(p, w.framework):
            top = item.top_id
            w.top[item.id] = next(r for r, i in w.items.items() if i == top)
    return w


def add_codings(p: Project, w: World, picks: list[tuple[int, int, int]], key: set[int]) -> None:
    """``picks`` = (document index, line, code index); codings in ``key`` positions get a key
    Quote."""
    with p.session() as s:
        for n, (d, line, c) in enumerate(picks):
            doc = w.docs[d]
            start = line * LINE + (n % 5)
            coding = Coding(document_id=doc, code_id=w.codes[c], start=start, end=start + 6)
            s.add(coding)
            s.flush()
            w.codings.append((coding.id, w.codes[c], doc, line))
            if n in key:
                w.key.add(coding.id)
                s.add(Quote(coding_id=coding.id, document_id=doc, start=start, end=start + 6,
                            is_key=True))  # fmt: skip


def link_codes(p: Project, links: set[tuple[int, int]]) -> None:
    with p.session() as s:
        s.add_all(ThemeCode(theme_id=t, code_id=c) for t, c in sorted(links))


def link_items(p: Project, links: dict[tuple[int, int], str]) -> None:
    with p.session() as s:
        s.add_all(
            ThemeItem(theme_id=t, item_id=i, strength=st) for (t, i), st in sorted(links.items())
        )


@dataclass(frozen=True)
class Expected:
    extracts: int
    documents: int
    participants: int
    key: frozenset[int]


def subtree(w: World, theme: int) -> list[int]:
    out = [theme]
    for t in w.themes:
        if w.parent[t] is not None and w.parent[t] in out:
            out.append(t)
    return out


def expected(
    w: World, theme_codes: set[tuple[int, int]], theme: int, case_value: str | None = "*"
) -> Expected:
    """The theme's evidence (with sub-themes), optionally only codings whose speaker's Role is
    ``case_value`` (``None``: no role)."""
    codes = {c for t, c in theme_codes if t in subtree(w, theme)}
    names = {v: k for k, v in w.case_ids.items()}
    picked = []
    for cid, code, doc, line in w.codings:
        if code not in codes:
            continue
        case = w.speaker[(doc, line)]
        if case_value != "*" and (ROLE[names[case]] if case else None) != case_value:
            continue
        picked.append((cid, doc, case))
    people = {case for _c, _d, case in picked if case is not None and not w.facilitator(case)}
    return Expected(
        len({c for c, _d, _p in picked}),
        len({d for _c, d, _p in picked}),
        len(people),
        frozenset(c for c, _d, _p in picked if c in w.key),
    )
