"""Who coded what: the project's coders with their coding counts, and counts per coder and code.

Every coding carries the coder who made it (``Project.coder_id`` when it was made, or the coder a
merge or REFI import carried over). A team lead uses these to show or hide one coder's layer, to
choose two coders to compare, and to see at a glance who has coded how much of each code.
Plain grouped queries: portable between SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.storage.models import Code, Coder, Coding, Document
from qualcode.storage.project import Project


@dataclass(frozen=True)
class CoderRow:
    id: int
    name: str
    codings: int
    documents: int


@dataclass(frozen=True)
class CoderCodeCount:
    code_id: int
    code_name: str
    coder_id: int | None
    coder_name: str  # "(unknown)" for codings whose coder was deleted
    codings: int
    documents: int


UNKNOWN = "(unknown)"


def coder_rows(project: Project) -> list[CoderRow]:
    """Every coder, by name, with how many codings (and documents) they made."""
    with project.read() as s:
        counts = {
            cid: (n, d)
            for cid, n, d in s.execute(
                select(
                    Coding.coder_id,
                    func.count(Coding.id),
                    func.count(func.distinct(Coding.document_id)),
                ).group_by(Coding.coder_id)
            )
        }
        rows = s.execute(select(Coder.id, Coder.name).order_by(Coder.name)).all()
    return [CoderRow(i, name, *counts.get(i, (0, 0))) for i, name in rows]


def coders_by_name(project: Project, names: list[str]) -> list[CoderRow]:
    """The coders called ``names`` (in that order); an unknown name is a one-line error listing
    who there is."""
    rows = coder_rows(project)
    by_name = {r.name.casefold(): r for r in rows}
    out: list[CoderRow] = []
    for name in names:
        row = by_name.get(name.strip().casefold())
        if row is None:
            known = ", ".join(r.name for r in rows) or "none"
            raise NotFoundError(f"There is no coder called '{name.strip()}' (coders: {known}).")
        if row in out:
            raise ValidationError(f"Coder '{row.name}' is named twice.")
        out.append(row)
    return out


def counts_by_coder(project: Project) -> list[CoderCodeCount]:
    """Codings and documents per code and coder (codes in codebook order, coders by name)."""
    with project.read() as s:
        rows = s.execute(
            select(
                Code.id,
                Code.name,
                Coding.coder_id,
                Coder.name,
                func.count(Coding.id),
                func.count(func.distinct(Coding.document_id)),
            )
            .join(Coding, Coding.code_id == Code.id)
            .outerjoin(Coder, Coder.id == Coding.coder_id)
            .group_by(Code.id, Code.name, Code.position, Coding.coder_id, Coder.name)
            .order_by(Code.position, Code.id, Coder.name)
        ).all()
    return [
        CoderCodeCount(code, name, coder, coder_name or UNKNOWN, n, d)
        for code, name, coder, coder_name, n, d in rows
    ]


def code_names(project: Project, ids: set[int]) -> dict[int, str]:
    with project.read() as s:
        return {
            i: n for i, n in s.execute(select(Code.id, Code.name).where(Code.id.in_(sorted(ids))))
        }


def document_choices(project: Project, coder_ids: list[int]) -> list[tuple[int, str]]:
    """Documents that every one of ``coder_ids`` coded (what a comparison can show), in order."""
    with project.read() as s:
        coded: dict[int, set[int | None]] = {}
        for doc, who in s.execute(
            select(Coding.document_id, Coding.coder_id)
            .distinct()
            .where(Coding.coder_id.in_(coder_ids))
        ):
            coded.setdefault(doc, set()).add(who)
        rows = s.execute(
            select(Document.id, Document.name).order_by(Document.position, Document.id)
        ).all()
    wanted: set[int | None] = set(coder_ids)
    return [(i, n) for i, n in rows if coded.get(i, set()) >= wanted]
