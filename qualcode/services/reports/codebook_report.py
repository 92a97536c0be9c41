"""The codebook workbook's content: codes with roll-up counts, themes, priorities, an example.

A reader of a codebook asks of each code: what does it mean, how much data does it hold, which
theme does it feed and where does that theme sit in the strategy, and what does it sound like.
This gathers those answers in one pass and hands :mod:`qualcode.exporters.codebook_book` plain
rows.

Counts roll up as the window's codebook does (:func:`qualcode.services.coding.overview.code_rows`,
``all_codings``/``all_documents``): a parent code holds its own codings and its sub-codes' at any
depth, each coding once. Participants and the counts by an attribute's value roll up over the same
sub-tree (:func:`~qualcode.services.coding.overview.code_subtree`), counted as distinct people with
the one participant rule of :func:`~qualcode.services.themes.theme_counts.evidence_rows`.
A sub-theme without links of its own takes its parent theme's priorities, as in the matrix.
The example quote is a key extract where one was chosen (edited text if any), else the code's
first coded passage in document order, trimmed at a sentence or word boundary.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from sqlalchemy import func, select

from qualcode.exporters import codebook_book as cb
from qualcode.services.coding.overview import code_rows, code_subtree
from qualcode.services.frameworks.framework_links import theme_links
from qualcode.services.frameworks.matrices import NO_VALUE, attribute_values, key_quotes
from qualcode.services.reports.attribution import attributions
from qualcode.services.reports.report_sheets import NO_VALUE_LABEL
from qualcode.services.themes.theme_counts import evidence_rows
from qualcode.storage.models import (
    Code,
    Coding,
    Document,
    Framework,
    FrameworkItem,
    Theme,
    ThemeCode,
)
from qualcode.storage.project import Project

EXAMPLE_CHARS = 240


def trim_quote(text: str, limit: int = EXAMPLE_CHARS) -> str:
    """``text`` on one line, cut to about ``limit`` characters: at the last sentence end in the
    second half of the limit if there is one, else at a word boundary, with "…" when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[:limit]
    ends = [head.rfind(mark) for mark in (". ", "? ", "! ")]
    cut = max(ends)
    if cut >= limit // 2:
        return head[: cut + 1]
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip(" ,;:-–") + "…"


def _priorities(project: Project) -> tuple[dict[int, list[tuple[str, str]]], list[str]]:
    """Theme id → (priority "P3 Label", strength) for each link (a sub-theme without links
    takes its parent's; cross-cutting has no strength); and the frameworks' names."""
    with project.read() as s:
        frameworks = dict(
            s.execute(select(Framework.id, Framework.name).order_by(Framework.id)).all()
        )
        items = {
            i: (fw, ref, label, parent)
            for i, fw, ref, label, parent in s.execute(
                select(FrameworkItem.id, FrameworkItem.framework_id, FrameworkItem.ref,
                       FrameworkItem.label, FrameworkItem.parent_id)
            )
        }  # fmt: skip
        themes = s.execute(select(Theme.id, Theme.parent_id).order_by(Theme.position, Theme.id))
        parents = {tid: pid for tid, pid in themes}

    def top(item: int) -> int:
        seen = {item}
        while (parent := items[item][3]) is not None and parent in items and parent not in seen:
            item = parent
            seen.add(item)
        return item

    several = len(frameworks) > 1
    own: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for link in theme_links(project):
        fw_name = f"{frameworks.get(link.framework_id, '')}: " if several else ""
        if link.cross_cutting:
            found = (f"{fw_name}cross-cutting (every priority)", "")
        else:
            _fw, ref, label, _p = items[top(link.item_id)]
            found = (f"{fw_name}{ref} {label}".strip(), link.strength)
        own[link.theme_id].append(found)
    out: dict[int, list[tuple[str, str]]] = {}
    for tid in parents:
        chain: list[int] = []
        at: int | None = tid
        while at is not None and at not in chain:
            chain.append(at)
            if own.get(at):
                break
            at = parents.get(at)
        out[tid] = own.get(chain[-1], [])
    return out, list(frameworks.values())


def _examples(project: Project, code_ids: list[int]) -> dict[int, tuple[str, str]]:
    """Code → (trimmed text, attribution): its first key extract, else its first coding."""
    out: dict[int, tuple[str, str]] = {}
    for code, quotes in key_quotes(project, code_ids).items():
        if quotes:
            out[code] = (trim_quote(quotes[0].text), quotes[0].attribution)
    with project.read() as s:
        # each code's first coding in document order, found in one unsorted scan (sorting
        # 200,000 codings joined with their documents in SQL took seconds)
        position = dict(s.execute(select(Document.id, Document.position)).all())
        earliest: dict[int, tuple[int, int, int, int]] = {}
        for coding, code, doc, start in s.execute(
            select(Coding.id, Coding.code_id, Coding.document_id, Coding.start)
        ):
            if code in out:
                continue
            key = (position[doc], doc, start, coding)
            if code not in earliest or key < earliest[code]:
                earliest[code] = key
        first = {code: key[3] for code, key in earliest.items()}
        texts: dict[int, str] = dict(
            s.execute(
                select(Coding.id, func.substr(Document.text, Coding.start + 1,
                                              Coding.end - Coding.start))
                .join(Document, Document.id == Coding.document_id)
                .where(Coding.id.in_(sorted(first.values())))
            ).all()
        )  # fmt: skip
    labels = attributions(project, first.values())
    for code, coding in first.items():
        out[code] = (trim_quote(texts.get(coding) or ""), labels.get(coding, ""))
    return out


def codebook_book(project: Project, by_attribute: str | None = None) -> cb.CodebookBook:
    """Everything the codebook workbook shows, in codebook order."""
    rows = code_rows(project)
    with project.read() as s:
        rules = {
            i: (inc or "", exc or "")
            for i, inc, exc in s.execute(select(Code.id, Code.inclusion, Code.exclusion))
        }
        informs: dict[int, list[tuple[str, str, int]]] = defaultdict(list)
        for code, tid, name, status in s.execute(
            select(ThemeCode.code_id, Theme.id, Theme.name, Theme.status)
            .join(Theme, Theme.id == ThemeCode.theme_id)
            .order_by(Theme.position, Theme.id)
        ):
            informs[code].append((name, status, tid))
    children: dict[int | None, list[int]] = defaultdict(list)
    for r in rows:
        children[r.parent_id if r.parent_id in rules else None].append(r.id)
    subtree = {r.id: code_subtree(children, r.id) for r in rows}
    scope, ordered, values = "", list[str](), dict[int, str]()
    if by_attribute:
        by_attribute, scope, ordered, values = attribute_values(project, by_attribute, None)
    people: dict[int, set[int]] = defaultdict(set)
    split: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _coding, code, doc, case, facilitator in evidence_rows(project, [r.id for r in rows]):
        if case is not None and not facilitator:
            people[code].add(case)
        if by_attribute:
            owner = case if scope == "case" else doc
            value = values.get(owner, NO_VALUE) if owner is not None else NO_VALUE
            split[code][NO_VALUE_LABEL if value == NO_VALUE else value] += 1
    columns = [*ordered, NO_VALUE_LABEL] if by_attribute else []
    priorities, frameworks = _priorities(project)
    examples = _examples(project, [r.id for r in rows])
    by_id = {r.id: r for r in rows}
    lines: list[cb.CodebookLine] = []

    def walk(parent: int | None, prefix: str, depth: int) -> None:
        for cid in children.get(parent, []):
            r = by_id[cid]
            path = f"{prefix} / {r.name}" if prefix else r.name
            inc, exc = rules.get(cid, ("", ""))
            definition = "\n".join(
                t for t in (r.definition.strip(), inc.strip() and f"Include: {inc.strip()}",
                            exc.strip() and f"Exclude: {exc.strip()}") if t
            )  # fmt: skip
            tree = subtree[cid]
            who = set().union(*(people.get(c, set()) for c in tree))
            by_value = {v: sum(split[c].get(v, 0) for c in tree) for v in columns}
            example = examples.get(cid, ("", ""))
            themes = informs.get(cid, [])
            reach = [p for _n, _s, tid in themes for p in priorities.get(tid, [])]
            lines.append(
                cb.CodebookLine(
                    r.name, path, depth, bool(children.get(cid)), definition,
                    [(n, st) for n, st, _t in themes], _primary_first(reach),
                    r.all_codings if r.all_codings is not None else r.codings, r.codings,
                    r.all_documents if r.all_documents is not None else r.documents,
                    len(who), by_value, example[0], example[1],
                )
            )  # fmt: skip
            walk(cid, path, depth + 1)

    walk(None, "", 0)
    notes = _notes(project, frameworks, by_attribute, scope)
    return cb.CodebookBook(project.path.stem, dt.datetime.now().replace(microsecond=0), lines,
                           notes, by_attribute, columns)  # fmt: skip


def _primary_first(found: list[tuple[str, str]]) -> list[str]:
    """Each priority once, as "P3 Label (primary)": primary where any link to it is."""
    strongest: dict[str, str] = {}
    for priority, strength in found:
        if strongest.get(priority) != "primary":
            strongest[priority] = strength
    ordered = sorted(strongest.items(), key=lambda p: p[1] != "primary")
    return [f"{p} ({s})" if s else p for p, s in ordered]


def _bases(project: Project) -> tuple[int, int]:
    with project.read() as s:
        docs = s.scalar(select(func.count()).select_from(Document)) or 0
        codings = s.scalar(select(func.count()).select_from(Coding)) or 0
    return docs, codings


def _notes(
    project: Project, frameworks: list[str], attribute: str | None, scope: str
) -> list[tuple[str, str]]:
    docs, codings = _bases(project)
    notes = [
        ("Data", f"{docs:,} documents; {codings:,} codings in all."),
        ("Code", "The code's name; sub-codes are indented under their parent, and parent codes "
         "are bold."),
        ("Definition", "What the code means, with its include and exclude rules when it has "
         "them."),
        ("Theme(s)", "The themes the code informs (a code may inform several), one per line."),
        ("Theme status", "Each theme's phase, on the same line as the theme: candidate, "
         "reviewed, defined or final."),
        ("Priorities (via its themes)", "The strategy priorities the code's themes are linked "
         "to" + (f" in {', '.join(frameworks)}" if frameworks else "") + ", with the link's "
         "strength: primary (the theme's main priority) or secondary. A sub-theme without "
         "links of its own takes its parent theme's. Empty: no theme, or a theme not linked."),
        ("Extracts (with sub-codes)", "Codings of the code and of all its sub-codes at any "
         "depth; each coding counts once. This is the number the app's codebook shows for a "
         "parent code."),
        ("Own extracts", "Codings of the code itself, without its sub-codes. Equal to the "
         "previous column for a code without sub-codes."),
        ("Documents", f"Distinct documents (of {docs:,}) holding at least one of those "
         "extracts."),
        ("Participants", "Distinct people speaking in the turn or answer where those extracts "
         "start; facilitators and interviewers are never counted, and extracts outside any "
         "turn or answer have no participant."),
    ]  # fmt: skip
    if attribute:
        whose = "speaker's case" if scope == "case" else "document"
        notes.append((
            f"{attribute}: …", f"Extracts (with sub-codes) under each value of '{attribute}', "
            f"by the {whose}'s value; '{NO_VALUE_LABEL}' where there is none.",
        ))  # fmt: skip
    notes += [
        ("Example quote", "A key extract chosen during analysis (its edited text, if any) where "
         "the code or a sub-code has one; otherwise the code's first coded passage in document "
         f"order. Cut to about {EXAMPLE_CHARS} characters at a sentence or word boundary "
         "(… marks a cut), followed by its attribution."),
        ("Counts are context", "Counts show how much of the data a code draws on; they are "
         "context for the reader, not a measure of how much something matters."),
    ]  # fmt: skip
    return notes


def export_codebook(project: Project, out: Path, by_attribute: str | None = None) -> int:
    """Write the codebook workbook to ``out``; returns the number of codes."""
    book = codebook_book(project, by_attribute)
    cb.write_codebook_workbook(Path(out), book)
    return len(book.lines)
