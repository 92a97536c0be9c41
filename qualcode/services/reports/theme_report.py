"""The Word theme report: themes placed under the strategy priorities, as the seed reports are.

Insight teams write "priority → theme → definition and narrative → attributed quotes". This
gathers that shape in one read and hands :mod:`qualcode.exporters.theme_report` plain data.

Placement rules (stated in the method appendix too): a top-level theme sits under the priority of
its primary link in the chosen framework (else of its first secondary link); a theme marked
cross-cutting goes to "Overarching themes"; an unlinked or miscellaneous theme to "Other themes".
Sub-themes stay nested under their theme. Every other priority a theme or sub-theme is linked to
lists it under "See also" instead of repeating it. Quotes appear once: under the first theme, in
report order, whose codes hold them; later themes say how many of theirs are shown elsewhere. Two
passages with the same words and the same attribution (a survey answer pasted twice) are one quote
to a reader, so they are shown once.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from qualcode.domain.errors import ValidationError
from qualcode.domain.quantifiers import DEFAULT_BANDS, Band, describe, quantifier
from qualcode.domain.values import kind_label
from qualcode.exporters import theme_report_model as tr
from qualcode.exporters.report_model import QuoteCell
from qualcode.exporters.theme_report import write_theme_report
from qualcode.importers.framework_file import RESERVED_REF
from qualcode.services.frameworks.frameworks import _item_tree, get_framework
from qualcode.services.frameworks.matrices import key_quotes, theme_nodes
from qualcode.services.protection.quotes import report_text
from qualcode.services.recommendations.register import recommendation_register
from qualcode.services.reports.attribution import attributions
from qualcode.services.reports.places import quote_places
from qualcode.services.survey.overview import sample_overview
from qualcode.services.themes.theme_counts import ThemeNode, reads_once
from qualcode.services.themes.themes import theme_details
from qualcode.storage.models import (
    Case,
    Code,
    Coding,
    Document,
    Framework,
    FrameworkItem,
    Part,
    ThemeItem,
)
from qualcode.storage.project import Project

OVERARCHING, OTHER = "__overarching__", "__other__"
COUNTING_RULE = (
    "A theme's extracts are the coded passages under its codes and its sub-themes' codes, each "
    "passage counted once even when several of those codes apply to it. Documents are the "
    "distinct documents those extracts come from. Participants are the distinct people speaking "
    "where an extract starts; facilitators and interviewers are left out. The bases are all the "
    "documents in the project and all the participants who speak in them. Counts show how much "
    "of the data a theme draws on; they are context, not a measure of importance."
)
STATUS_ORDER = ("candidate", "reviewed", "defined", "final")


@dataclass(frozen=True)
class _Place:
    section: str  # a priority's ref, OVERARCHING or OTHER
    also: list[tuple[str, str]]  # other priorities' refs, with the link's strength


def _bases(project: Project) -> tuple[int, int, list[tuple[str, int]], int, int]:
    with project.read() as s:
        kinds = s.execute(
            select(Document.kind, func.count()).group_by(Document.kind).order_by(Document.kind)
        ).all()
        people = s.scalar(
            select(func.count(func.distinct(Part.case_id)))
            .join(Case, Case.id == Part.case_id)
            .where(Case.is_facilitator.is_(False))
        )
        codes = s.scalar(select(func.count()).select_from(Code))
        codings = s.scalar(select(func.count()).select_from(Coding))
    by_kind = [(kind_label(k), n) for k, n in kinds]
    return sum(n for _k, n in kinds), people or 0, by_kind, codes or 0, codings or 0


def _all_extracts(project: Project, code_ids: list[int]) -> dict[int, list[QuoteCell]]:
    """Every coded passage of the codes, in document order (``--quotes all``)."""
    with project.read() as s:
        rows = s.execute(
            select(Coding.id, Coding.code_id, Document.name, report_text())  # edited if any
            .join(Document, Document.id == Coding.document_id)
            .where(Coding.code_id.in_(code_ids))
            .order_by(Document.position, Document.id, Coding.start, Coding.id)
        ).all()  # fmt: skip
    labels = attributions(project, [r[0] for r in rows])
    out: dict[int, list[QuoteCell]] = defaultdict(list)
    for coding, code, doc, text in rows:
        out[code].append(QuoteCell(" ".join((text or "").split()), labels.get(coding, ""), doc,
                                   str(coding)))  # fmt: skip
    return out


def _quotes_by_code(
    project: Project, which: str, code_ids: list[int]
) -> dict[int, list[QuoteCell]]:
    """Quotes by code with their place in words; ``place`` carries the coding id until then."""
    if which == "all":
        by_code = _all_extracts(project, code_ids)
    else:
        by_code = {
            code: [QuoteCell(q.text, q.attribution, q.document, str(q.coding_id)) for q in quotes]
            for code, quotes in key_quotes(project, code_ids).items()
        }
    places = quote_places(project, [int(q.place) for qs in by_code.values() for q in qs])
    return {
        code: [QuoteCell(q.text, q.attribution, q.document, places.get(int(q.place), q.document))
               for q in quotes]
        for code, quotes in by_code.items()
    }  # fmt: skip


def _placements(
    project: Project, framework: str | None, nodes: list[ThemeNode]
) -> tuple[str, list[tuple[str, str]], dict[int, _Place]]:
    """The framework's name, its priorities (ref, label) and where each theme goes."""
    with project.read() as s:
        if framework is None and not s.scalar(select(func.count(Framework.id))):
            # no strategy yet: every theme in one section, in the themes' own order
            return "", [], {n.id: _Place(OTHER, []) for n in nodes}
        fw = get_framework(s, framework)
        name = fw.name
        items = _item_tree(s, fw.id, hidden=True)
        links = s.execute(
            select(ThemeItem.theme_id, ThemeItem.item_id, ThemeItem.strength)
            .join(FrameworkItem, FrameworkItem.id == ThemeItem.item_id)
            .where(FrameworkItem.framework_id == fw.id)
            .order_by(FrameworkItem.position, FrameworkItem.id)
        ).all()
    ref = {i.id: i.ref for i in items}
    top = {i.id: ref[i.top_id] for i in items}
    priorities = [(i.ref, i.label) for i in items if i.depth == 0 and i.ref != RESERVED_REF]
    own: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for tid, iid, strength in sorted(links, key=lambda r: r[2] != "primary"):
        own[tid].append(("*" if ref[iid] == RESERVED_REF else top[iid], strength))
    placed: dict[int, _Place] = {}
    misc = {n.id for n in nodes if n.is_miscellaneous}
    for n in nodes:
        mine = list(dict.fromkeys(own.get(n.id, [])))
        if n.parent_id is not None and n.parent_id in placed:
            home = placed[n.parent_id].section
        elif n.id in misc:
            home = OTHER
        elif any(r == "*" for r, _s in mine):
            home = OVERARCHING
        elif mine:
            home = mine[0][0]
        else:
            home = OTHER
        seen: set[str] = {home}
        also: list[tuple[str, str]] = []
        for r, strength in mine:
            if r not in seen and r != "*":
                seen.add(r)
                also.append((r, strength))
        placed[n.id] = _Place(home, also)
    return name, priorities, placed


def theme_report(
    project: Project,
    framework: str | None = None,
    quotes: str = "key",
    quote_style: str = "italic",
    bands: tuple[Band, ...] = DEFAULT_BANDS,
) -> tr.ThemeReport:
    """Everything the Word report shows, in order."""
    if quotes not in ("key", "all"):
        raise ValidationError(f"'{quotes}' is not a quotes choice (key or all).")
    if quote_style not in tr.QUOTE_STYLES:
        raise ValidationError(
            f"'{quote_style}' is not a quote style ({', '.join(tr.QUOTE_STYLES)})."
        )
    nodes = theme_nodes(project, include_discarded=False)
    fw_name, priorities, placed = _placements(project, framework, nodes)
    details = theme_details(project)
    n_docs, n_people, by_kind, n_codes, n_codings = _bases(project)
    code_ids = sorted({c.id for n in nodes for c in n.codes})
    by_code = _quotes_by_code(project, quotes, code_ids) if code_ids else {}
    labels = dict(priorities)
    shown: set[tuple[str, str]] = set()  # a reader sees the words and the attribution

    def build(node: ThemeNode) -> tr.ReportTheme:
        d = details[node.id]
        mine: dict[tuple[str, str], QuoteCell] = {}
        for code in node.codes:
            for q in by_code.get(code.id, []):
                mine.setdefault((q.text.casefold(), q.attribution), q)
        fresh = [q for key, q in mine.items() if key not in shown]
        shown.update(mine)
        also = [f"{r} {labels.get(r, '')} ({how})" for r, how in placed[node.id].also]
        word = quantifier(node.participants, n_people, bands)
        evidence = tr.Evidence(
            node.extracts, node.documents, node.participants, n_docs, n_people, word
        )
        theme = tr.ReportTheme(
            node.name, node.status, d.definition, d.central_concept, d.narrative,
            evidence, also, fresh, len(mine) - len(fresh),
        )  # fmt: skip
        theme.subthemes = [build(child) for child in node.children if child.id in placed]
        return theme

    sections: dict[str, tr.ReportSection] = {
        r: tr.ReportSection(r, label, "", []) for r, label in priorities
    }
    sections[OVERARCHING] = tr.ReportSection(
        "", "Overarching themes", "Themes that run across every priority of the strategy.", []
    )
    sections[OTHER] = (
        tr.ReportSection("", "Other themes", "Themes not linked to a priority of the strategy.", [])
        if fw_name
        else tr.ReportSection("", "Themes", "", [])
    )
    ordered = [sections[k] for k in [*(r for r, _l in priorities), OVERARCHING, OTHER]]
    top_level = [n for n in nodes if n.depth == 0]
    order = {key: i for i, key in enumerate([*(r for r, _l in priorities), OVERARCHING, OTHER])}
    # in section order, so a quote shared by two themes lands under the first section
    for node in sorted(top_level, key=lambda n: order.get(placed[n.id].section, len(order))):
        sections[placed[node.id].section].themes.append(build(node))
    for n in nodes:
        for r, _strength in placed[n.id].also:
            where = sections[placed[n.id].section]
            home = f"{where.ref} {where.title}".strip()
            kind = "sub-theme" if n.depth else "theme"
            sections[r].see_also.append(f"{n.name} ({kind}, under {home})")
    for section in ordered:
        if not section.themes and section.ref:
            section.intro = "No theme has this priority as its main link."
    method = tr.Method(
        n_docs, by_kind, n_people, n_codes, n_codings,
        [(s.capitalize(), n) for s, n in _status_counts(nodes)],
        "Key extracts chosen during analysis" if quotes == "key"
        else "Every coded extract of each theme's codes",
        COUNTING_RULE, describe(bands),
        [n.name for n in nodes if not details[n.id].narrative.strip()],
        sample_overview(project),
    )  # fmt: skip
    # without its quotes: the themes above already show each quote once
    register = recommendation_register(project)
    return tr.ThemeReport(project.path.stem, fw_name, dt.datetime.now().replace(microsecond=0),
                          [s for s in ordered if s.ref or s.themes], method, quote_style,  # type: ignore[arg-type]
                          register if register.entries else None)  # fmt: skip


def _status_counts(nodes: list[ThemeNode]) -> list[tuple[str, int]]:
    counts = Counter(n.status for n in nodes)
    known = [(s, counts[s]) for s in STATUS_ORDER if counts[s]]
    return known + sorted((s, n) for s, n in counts.items() if s not in STATUS_ORDER)


@reads_once
def export_theme_report(
    project: Project,
    out: Path,
    framework: str | None = None,
    template: Path | None = None,
    quotes: str = "key",
    quote_style: str = "italic",
) -> tr.ThemeReport:
    """Write the Word theme report to ``out``; returns what it holds."""
    report = theme_report(project, framework, quotes, quote_style)
    write_theme_report(Path(out), report, template)
    return report
