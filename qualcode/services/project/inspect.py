"""Read-only views of a project: counts (``qualcode info``) and checks (``qualcode check``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from qualcode.importers.boundary import CONTROL
from qualcode.services.coding.compound import half_applied_codes
from qualcode.storage.models import COUNTED_TABLES, Base, Coding, Document, Part, Quote
from qualcode.storage.project import Project, check_sqlite


@dataclass
class ProjectInfo:
    path: str
    revision: str | None
    counts: dict[str, int] = field(default_factory=dict)
    words: int = 0


def project_info(project: Project) -> ProjectInfo:
    info = ProjectInfo(project.location, project.revision())
    with project.read() as s:
        for name in COUNTED_TABLES:
            table = Base.metadata.tables[name]
            info.counts[name] = s.scalar(select(func.count()).select_from(table)) or 0
        info.words = s.scalar(select(func.coalesce(func.sum(Document.word_count), 0))) or 0
    return info


def check_project(project: Project, limit: int = 50) -> list[str]:
    """Every problem found: SQLite integrity, foreign keys, spans outside their document.

    Document lengths are counted once per document, in code points as the importers count them
    (SQLite's ``length()`` stops at a NUL character), and spans are checked in Python: joining
    ``length(text)`` to 200,000 codings would count characters 200,000 times. Texts must hold no
    control characters (the importers' rule), and no code may be left half-made by a compound
    action (see :mod:`qualcode.services.coding.compound`).
    """
    problems = check_sqlite(project.engine)
    with project.read() as s:
        lengths: dict[int, int] = {}
        texts = s.execute(
            select(Document.id, Document.text, Document.char_count).execution_options(yield_per=200)
        )
        for doc_id, text, stored in texts:
            real = len(text)
            lengths[doc_id] = real
            if real != stored:
                problems.append(
                    f"document {doc_id}: stored length {stored} but the text has {real}"
                )
            bad = CONTROL.search(text)
            if bad is not None:
                problems.append(
                    f"document {doc_id}: a control character (U+{ord(bad.group()):04X}) at "
                    f"position {bad.start()}"
                )
        for code_id, name, action in half_applied_codes(s):
            problems.append(
                f"code {code_id} ('{name}'): created by '{action}', which never finished "
                "(a half-applied action)"
            )

        for model in (Coding, Part, Quote):
            name = model.__tablename__
            found = 0
            rows = s.execute(select(model.id, model.document_id, model.start, model.end))
            for rid, doc, start, end in rows:
                n = lengths.get(doc)
                if n is None or start < 0 or end > n or end <= start:
                    found += 1
                    if found <= limit:
                        problems.append(
                            f"{name} {rid}: span {start}-{end} is outside "
                            f"document {doc} (length {n})"
                        )
            if found > limit:
                problems.append(f"... and {found - limit} more {name} problems")
    return problems
