"""Strategy frameworks (priorities and commitments) that themes are mapped onto.

Reports are written up under a strategy's priorities, whose names drift between documents, so
items keep the stable ids the strategy uses (P1, P3.2) and a list of aliases; ``find_item``
accepts any of them. A project may hold several frameworks (the local strategy and the national
one). Importing is one transaction and returns a :class:`Change` like any other action, so the
GUI can undo it; ``remove_framework`` takes one out again (its theme links too, undoably).

Each framework may also carry one hidden item with the reserved ref ``*``: the "Cross-cutting"
marker (see :mod:`qualcode.services.frameworks.framework_links`). It is never listed as an item.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.importers.framework_file import RESERVED_REF, read_framework
from qualcode.services.frameworks.bundled import bundled_frameworks
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Delete, Insert, Reversal, Step, apply_steps, keys_of
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Framework, FrameworkItem, ThemeItem, new_guid
from qualcode.storage.project import Project


@dataclass(frozen=True)
class FrameworkInfo:
    id: int
    name: str
    source: str | None
    items: int
    priorities: int
    links: int


@dataclass(frozen=True)
class ItemRow:
    """A framework item in tree order; ``top_id`` is its priority (itself when top-level)."""

    id: int
    ref: str
    label: str
    aliases: tuple[str, ...]
    parent_id: int | None
    depth: int
    top_id: int


def _aliases(raw: str) -> tuple[str, ...]:
    return tuple(a for a in raw.split("|") if a)


def get_framework(s: Any, framework: int | str | None) -> Framework:
    """By id or name (case-insensitive); ``None`` means the project's only framework."""
    if framework is None:
        found = list(s.scalars(select(Framework).order_by(Framework.id)))
        if len(found) == 1:
            return found[0]  # type: ignore[no-any-return]
        if not found:
            raise NotFoundError("The project has no framework yet; add one first.")
        names = ", ".join(f"'{f.name}'" for f in found)
        raise ValidationError(f"The project has several frameworks ({names}); choose one.")
    if isinstance(framework, int):
        row = s.get(Framework, framework)
    else:
        row = s.scalar(select(Framework).where(func.lower(Framework.name) == framework.lower()))
        if row is None:
            matches = [
                f for f in s.scalars(select(Framework)) if framework.casefold() in f.name.casefold()
            ]
            row = matches[0] if len(matches) == 1 else None
    if row is None:
        raise NotFoundError(f"There is no framework '{framework}'.")
    return row  # type: ignore[no-any-return]


@operation
def import_framework(project: Project, path: Path, name: str | None = None) -> Change:
    """Add the framework in ``path`` (CSV or XLSX) as one transaction; a bad file changes
    nothing and raises :class:`FileImportError` naming the file and row."""
    path = Path(path)
    rows = read_framework(path)
    title = " ".join((name or path.stem.replace("_", " ").replace("-", " ")).split())
    if not title:
        raise ValidationError("A framework needs a name.")
    with project.session() as s:
        if s.scalar(select(Framework.id).where(func.lower(Framework.name) == title.lower())):
            raise ValidationError(f"A framework called '{title}' already exists.")
        fid = (s.scalar(select(func.max(Framework.id))) or 0) + 1
        next_id = (s.scalar(select(func.max(FrameworkItem.id))) or 0) + 1
        guid = new_guid()
        framework = {"id": fid, "guid": guid, "name": title, "source": path.name}
        ids: dict[str, int] = {}
        positions: dict[int | None, int] = {}
        items = []
        for r in rows:
            ids[r.ref.casefold()] = next_id
            parent = ids[r.parent_ref.casefold()] if r.parent_ref else None
            positions[parent] = positions.get(parent, -1) + 1
            items.append(
                {"id": next_id, "framework_id": fid, "ref": r.ref, "parent_id": parent,
                 "label": r.label, "aliases": "|".join(r.aliases),
                 "position": positions[parent]}
            )  # fmt: skip
            next_id += 1
        steps: list[Step] = [
            Insert("framework", (framework,)),
            Insert("framework_item", tuple(items)),
        ]
        inverse = apply_steps(s, steps)
        tops = sum(1 for i in items if i["parent_id"] is None)
        summary = f"Added framework '{title}' ({tops} priorities, {len(items)} items)"
        log_change(s, project.coder_id, "import", "framework", summary, guid)
        return Change("import", "framework", fid, summary, Reversal(f"add '{title}'", inverse))


@operation
def add_bundled_framework(project: Project, key: str) -> Change:
    """Add one of :func:`bundled_frameworks` by key (``wirral``, ``harm-to-hope``)."""
    for k, name, path in bundled_frameworks():
        if k == key.strip().lower():
            return import_framework(project, path, name)
    keys = ", ".join(k for k, _n, _p in bundled_frameworks())
    raise ValidationError(f"There is no bundled framework '{key}' (choose from {keys}).")


@operation
def remove_framework(project: Project, framework_id: int) -> Change:
    """Take a framework out with its items and theme links (undo puts them all back)."""
    with project.session() as s:
        fw = get_framework(s, framework_id)
        name, guid = fw.name, fw.guid
        s.expunge(fw)
        items = _item_tree(s, framework_id, hidden=True)
        item_ids = [r.id for r in items]
        steps: list[Step] = [
            Delete("theme_item", keys_of(s, "theme_item", ThemeItem.item_id.in_(item_ids))),
            Delete("framework_item", tuple({"id": r.id} for r in reversed(items))),
            Delete("framework", ({"id": framework_id},)),
        ]
        inverse = apply_steps(s, steps)
        summary = f"Removed framework '{name}'"
        log_change(s, project.coder_id, "delete", "framework", summary, guid)
        return Change("delete", "framework", framework_id, summary, Reversal(summary, inverse))


def list_frameworks(project: Project) -> list[FrameworkInfo]:
    with project.read() as s:
        out = []
        for fw in s.scalars(select(Framework).order_by(Framework.id)):
            items = _item_tree(s, fw.id)
            links = s.scalar(
                select(func.count())
                .select_from(ThemeItem)
                .join(FrameworkItem, FrameworkItem.id == ThemeItem.item_id)
                .where(FrameworkItem.framework_id == fw.id, FrameworkItem.ref != RESERVED_REF)
            )
            tops = sum(1 for i in items if i.parent_id is None)
            out.append(FrameworkInfo(fw.id, fw.name, fw.source, len(items), tops, links or 0))
        return out


def _item_tree(s: Any, framework_id: int, hidden: bool = False) -> list[ItemRow]:
    rows = s.execute(
        select(FrameworkItem.id, FrameworkItem.ref, FrameworkItem.label, FrameworkItem.aliases,
               FrameworkItem.parent_id)
        .where(FrameworkItem.framework_id == framework_id)
        .order_by(FrameworkItem.position, FrameworkItem.id)
    ).all()  # fmt: skip
    children: dict[int | None, list[Any]] = {}
    for r in rows:
        if hidden or r.ref != RESERVED_REF:
            children.setdefault(r.parent_id, []).append(r)
    out: list[ItemRow] = []

    def walk(parent: int | None, depth: int, top: int | None) -> None:
        for r in children.get(parent, []):
            out.append(
                ItemRow(r.id, r.ref, r.label, _aliases(r.aliases), r.parent_id, depth, top or r.id)
            )
            walk(r.id, depth + 1, top or r.id)

    walk(None, 0, None)
    return out


def framework_items(project: Project, framework_id: int) -> list[ItemRow]:
    """The framework's items, depth first (priorities, each followed by its commitments)."""
    with project.read() as s:
        get_framework(s, framework_id)
        return _item_tree(s, framework_id)


def resolve_item(s: Any, framework_id: int, query: str) -> ItemRow:
    """An item by id ("P3.2"), alias or label, case-insensitively; a unique part of a label
    also matches. Ambiguous or unknown queries raise with the candidates."""
    wanted = " ".join(query.split()).casefold().rstrip(".")
    items = _item_tree(s, framework_id)
    for test in (
        lambda i: i.ref.casefold() == wanted,
        lambda i: any(a.casefold().rstrip(".") == wanted for a in i.aliases),
        lambda i: i.label.casefold().rstrip(".") == wanted,
        lambda i: bool(wanted) and wanted in i.label.casefold(),
    ):
        found = [i for i in items if test(i)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            refs = ", ".join(i.ref for i in found[:8])
            raise ValidationError(f"'{query}' matches several items ({refs}); use the id.")
    raise NotFoundError(f"No item of the framework matches '{query}'.")


def find_item(project: Project, framework: int | str | None, query: str) -> ItemRow:
    """See :func:`resolve_item`; ``framework`` is an id, a name or ``None`` (the only one)."""
    with project.read() as s:
        fw = get_framework(s, framework)
        return resolve_item(s, fw.id, query)


def framework_id(project: Project, framework: int | str | None) -> int:
    """The id of a framework given by id, name or ``None`` (the project's only one)."""
    with project.read() as s:
        return get_framework(s, framework).id
