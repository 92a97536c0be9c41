"""Project health for the window: the checks ``qualcode check`` runs, the counts ``qualcode info``
shows, in words a researcher can act on.

The CLI's lines are written for someone who knows the tables ("coding 12: span 5-9999 is outside
document 3 (length 4000)"). The window's Check project dialog runs the very same
:func:`~qualcode.services.project.inspect.check_project` (so the two can never disagree about what
is wrong) and rewrites each line it recognises with the document's name and plain nouns; a line it
does not recognise is shown as the check wrote it, never dropped. It reads only, and is meant to
run off the GUI thread (it reads every text and every span).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from qualcode.domain.wording import noun
from qualcode.services.project.inspect import check_project, project_info
from qualcode.storage.models import Document
from qualcode.storage.project import Project

# (table, singular, plural) in the order the dialog lists them
_COUNTED: tuple[tuple[str, str, str], ...] = (
    ("document", "document", "documents"),
    ("case", "case", "cases"),
    ("part", "turn or answer", "turns or answers"),
    ("code", "code", "codes"),
    ("coding", "coding", "codings"),
    ("theme", "theme", "themes"),
    ("quote", "quote", "quotes"),
    ("memo", "memo", "memos"),
    ("attribute", "attribute", "attributes"),
    ("framework", "framework", "frameworks"),
    ("map_version", "saved map version", "saved map versions"),
    ("change_log", "logged change", "logged changes"),
)
_WHAT = {"coding": "A coding", "part": "A turn or answer", "quote": "A quote"}
_NOUNS = {"coding": ("coding", "codings"), "part": ("turn or answer", "turns or answers")}
_SPAN = re.compile(
    r"^(coding|part|quote) (\d+): span (-?\d+)-(-?\d+) is outside document (\d+) \(length (\w+)\)$"
)
_LENGTH = re.compile(r"^document (\d+): stored length (\d+) but the text has (\d+)$")
_CONTROL = re.compile(r"^document (\d+): a control character \((U\+[0-9A-F]+)\) at position (\d+)$")
_MORE = re.compile(r"^\.\.\. and (\d+) more (coding|part|quote) problems$")


@dataclass(frozen=True)
class Health:
    """What the Check project dialog shows."""

    path: str
    words: int
    counts: list[tuple[int, str]] = field(default_factory=list)  # (count, noun in its form)
    problems: list[str] = field(default_factory=list)  # plain sentences; empty: all well


def project_health(project: Project, cancelled: Callable[[], bool] = lambda: False) -> Health:
    """Counts and problems of ``project``; ``cancelled`` is checked between the two reads."""
    info = project_info(project)
    counts = [
        (info.counts.get(t, 0), noun(info.counts.get(t, 0), one, many)) for t, one, many in _COUNTED
    ]
    if cancelled():
        return Health(info.path, info.words, counts)
    found = check_project(project)
    with project.read() as s:
        names: dict[int, str] = {i: n for i, n in s.execute(select(Document.id, Document.name))}
    return Health(info.path, info.words, counts, [plain(line, names) for line in found])


def plain(line: str, names: dict[int, str]) -> str:
    """One ``check_project`` line in plain words, naming the document."""

    def doc(i: str) -> str:
        name = names.get(int(i))
        return f"document '{name}'" if name is not None else f"document {i}, which does not exist"

    if m := _SPAN.match(line):
        kind, rid, start, end, doc_id, length = m.groups()
        if not length.isdigit():
            return f"{_WHAT[kind]} (#{rid}) belongs to document {doc_id}, which does not exist."
        what = f"{_WHAT[kind]} (#{rid}) in {doc(doc_id)}"
        if int(end) <= int(start) or int(start) < 0:
            return f"{what} has an empty or reversed span (characters {start} to {end})."
        return (
            f"{what} runs to character {int(end):,}, past the end of the document "
            f"({int(length):,} characters)."
        )
    if m := _LENGTH.match(line):
        doc_id, stored, real = m.groups()
        return (
            f"The {doc(doc_id)} is recorded as {int(stored):,} characters long but its text has "
            f"{int(real):,}."
        )
    if m := _CONTROL.match(line):
        doc_id, char, at = m.groups()
        return f"The {doc(doc_id)} holds a control character ({char}) at character {int(at):,}."
    if m := _MORE.match(line):
        n, kind = m.groups()
        one, many = _NOUNS.get(kind, (kind, kind + "s"))
        return f"…and {int(n):,} more {noun(int(n), one, many)} with a span outside their document."
    if line.startswith("integrity: "):
        return f"The project file is damaged (SQLite integrity check: {line[11:]})."
    if line.startswith("foreign key: "):
        return f"A row refers to something missing ({line[13:]})."
    return line
