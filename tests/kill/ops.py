"""Random real operations for the kill test, chosen deterministically from (seed, step) and the
project's state, so the test can replay them on a reference project and compare.

Each operation is one user action through the same service the window calls: quick code (create
a code and code spans with it), code more spans, rename, merge, delete a code, import a
transcript, write a memo, create a theme, link a code to a theme, undo the round's last action.
Backups and .qdpx exports run too: they change nothing in the project, but a kill during them
must leave no temporary copy behind that the next writer does not clear. An action the services
refuse (a code linked twice) is refused whole, on the writer and the reference alike.
"""

from __future__ import annotations

import random
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from qualcode.domain.errors import QualCodeError
from qualcode.importers.detect import load_file
from qualcode.importers.model import ImportBatch
from qualcode.services.coding import codes, codings, memos
from qualcode.services.documents.imports import import_batches
from qualcode.services.refi.refi import export_qdpx
from qualcode.services.themes import themes
from qualcode.services.undo.changes import Change
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import ChangeLog, Code, Coding, Document, Memo, Part, Theme, ThemeCode
from qualcode.storage.project import Project

ROOT = Path(__file__).resolve().parents[2]
TRANSCRIPT = ROOT / "samples" / "focus-group-40-55.txt"


@cache
def _batch() -> ImportBatch:
    return load_file(TRANSCRIPT)


def _state(project: Project) -> tuple[list[int], list[tuple[int, int]]]:
    with project.read() as s:
        code_ids = list(s.scalars(select(Code.id).order_by(Code.id)))
        docs = [(i, n) for i, n in s.execute(select(Document.id, Document.char_count))]
    return code_ids, docs


def _spans(rng: random.Random, docs: list[tuple[int, int]], k: int) -> list[codings.Span]:
    doc_id, length = rng.choice(docs)
    starts = sorted(rng.sample(range(0, max(1, length - 20)), k))
    return [codings.Span(doc_id, a, a + rng.randint(3, 15)) for a in starts]


def run(
    project: Project, seed: int, step: int, history: list[Change], folder: Path, side: bool
) -> str:
    """Perform step ``step``; ``side``: also run the side-effect-only operations (the writer
    does, the reference does not). Returns the operation's name."""
    rng = random.Random(f"{seed}-{step}")
    code_ids, docs = _state(project)
    choices = ["quick"] * 4 + ["code"] * 2 + ["import", "memo", "theme", "link", "undo", "backup"]
    if len(code_ids) >= 2:
        choices += ["rename", "merge", "delete", "export"]
    op = rng.choice(choices)
    try:
        change = _perform(project, op, rng, step, code_ids, docs, history, folder, side)
    except QualCodeError:  # refused as a whole (linked twice, undo of a deleted code): no change
        return f"{op} (refused)"
    if change is not None:
        history.append(change)
    return op


def _perform(
    project: Project,
    op: str,
    rng: random.Random,
    step: int,
    code_ids: list[int],
    docs: list[tuple[int, int]],
    history: list[Change],
    folder: Path,
    side: bool,
) -> Change | None:
    change: Change | None = None
    if op == "quick":
        spans = _spans(rng, docs, rng.randint(1, 6))
        change = codes.create_then(
            project, f"q-{step}", lambda cid: codings.add_codings(project, cid, spans), "quick"
        )
    elif op == "code" and code_ids:
        change = codings.add_codings(project, rng.choice(code_ids), _spans(rng, docs, 3))
    elif op == "rename":
        change = codes.rename_code(project, rng.choice(code_ids), f"r-{step}")
    elif op == "merge":
        a, b = rng.sample(code_ids, 2)
        change = codes.merge_codes(project, a, b)
    elif op == "delete":
        change = codes.delete_code(project, rng.choice(code_ids))
    elif op == "import":
        import_batches(project, [_batch()], allow_duplicates=True)
    elif op == "memo":
        change = memos.add_memo(project, f"memo {step} " + "words " * rng.randint(1, 400))
    elif op == "theme":
        change = themes.create_theme(project, f"t-{step}")
    elif op == "link" and code_ids:
        with project.read() as s:
            theme_ids = list(s.scalars(select(Theme.id).order_by(Theme.id)))
        if theme_ids:
            change = themes.link_code(project, rng.choice(theme_ids), rng.choice(code_ids))
    elif op == "undo" and history:
        apply_reversal(project, history.pop().reversal)
    elif op == "backup" and side:
        project.backup(folder / "backup.qcproj")
    elif op == "export" and side:
        export_qdpx(project, folder / "out.qdpx")
    return change


def summary(project: Project) -> dict[str, Any]:
    """What a user would see, without ids, GUIDs or times: equal summaries, equal projects."""
    with project.read() as s:
        code_names = dict(s.execute(select(Code.id, Code.name)).all())
        counted = dict(
            s.execute(select(Coding.code_id, func.count()).group_by(Coding.code_id)).all()
        )
        parts = dict(
            s.execute(select(Part.document_id, func.count()).group_by(Part.document_id)).all()
        )
        links: dict[str, list[str]] = {}
        for theme, code_id in s.execute(
            select(Theme.name, ThemeCode.code_id).join(ThemeCode, ThemeCode.theme_id == Theme.id)
        ):
            links.setdefault(theme, []).append(code_names[code_id])
        return {
            "codes": sorted((n, counted.get(i, 0)) for i, n in code_names.items()),
            "documents": sorted(
                (n, c, parts.get(i, 0))
                for i, n, c in s.execute(select(Document.id, Document.name, Document.char_count))
            ),
            "memos": sorted(s.scalars(select(Memo.text))),
            "themes": sorted(s.scalars(select(Theme.name))),
            "links": {k: sorted(v) for k, v in links.items()},
            "log": Counter(s.scalars(select(ChangeLog.action))),
        }
