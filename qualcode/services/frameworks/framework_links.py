"""Links between themes and framework items: many-to-many, primary or secondary, with a rationale.

A theme can serve two priorities (one primarily), none ("Not mapped") or all of them
("Cross-cutting"). Cross-cutting is stored as a link to a hidden item with the reserved ref ``*``
in that framework, created on first use. That choice (rather than a setting) keeps it per
framework, makes it undoable and logged like any other link, and lets theme merges and deletes,
which already carry ``theme_item`` rows, carry it too.

Every public function is one transaction returning a :class:`Change` whose reversal restores the
exact rows; each writes a line to the change log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.importers.framework_file import RESERVED_REF
from qualcode.services.frameworks.frameworks import get_framework
from qualcode.services.themes.themes import get_theme
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Delete, Insert, Reversal, Step, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Framework, FrameworkItem, Theme, ThemeItem
from qualcode.storage.project import Project

Strength = Literal["primary", "secondary"]
STRENGTHS: tuple[str, ...] = ("primary", "secondary")
# The matrix editor's click order.
_CYCLE: dict[str | None, str | None] = {None: "secondary", "secondary": "primary", "primary": None}


@dataclass(frozen=True)
class ThemeLink:
    theme_id: int
    theme_name: str
    framework_id: int
    item_id: int
    ref: str
    label: str
    strength: str
    rationale: str

    @property
    def cross_cutting(self) -> bool:
        return self.ref == RESERVED_REF


def _item(s: Any, item_id: int) -> FrameworkItem:
    item = s.get(FrameworkItem, item_id)
    if item is None:
        raise NotFoundError(f"There is no framework item with id {item_id}.")
    return item  # type: ignore[no-any-return]


def _check_strength(strength: str) -> str:
    if strength not in STRENGTHS:
        raise ValidationError(f"'{strength}' is not a link strength (primary or secondary).")
    return strength


def _done(s: Any, project: Project, action: str, theme: Theme, summary: str, steps: Any) -> Change:
    inverse = apply_steps(s, steps)
    log_change(s, project.coder_id, action, "theme", summary, theme.guid)
    label = summary[0].lower() + summary[1:]
    return Change(action, "theme", theme.id, summary, Reversal(label, inverse))


def _what(item: FrameworkItem) -> str:
    return "cross-cutting" if item.ref == RESERVED_REF else item.ref


@operation
def link_theme(
    project: Project, theme_id: int, item_id: int, strength: str = "primary", rationale: str = ""
) -> Change:
    """Link a theme to an item; an existing link takes the new strength (and rationale, if one
    is given)."""
    _check_strength(strength)
    rationale = rationale.strip()
    with project.session() as s:
        theme, item = get_theme(s, theme_id), _item(s, item_id)
        old = s.get(ThemeItem, (theme_id, item_id))
        key = {"theme_id": theme_id, "item_id": item_id}
        step: Step
        if old is None:
            step = Insert("theme_item", (key | {"strength": strength, "rationale": rationale},))
            summary = f"Linked theme '{theme.name}' to {_what(item)} ({strength})"
            action = "link"
        else:
            values = {"strength": strength} | ({"rationale": rationale} if rationale else {})
            if all(getattr(old, k) == v for k, v in values.items()):
                raise ValidationError(f"'{theme.name}' is already linked to {_what(item)}.")
            step = Update("theme_item", key, values)
            summary = f"Changed the link of theme '{theme.name}' to {_what(item)} ({strength})"
            action = "update"
        return _done(s, project, action, theme, summary, [step])


@operation
def unlink_theme(project: Project, theme_id: int, item_id: int) -> Change:
    with project.session() as s:
        theme, item = get_theme(s, theme_id), _item(s, item_id)
        if s.get(ThemeItem, (theme_id, item_id)) is None:
            raise ValidationError(f"'{theme.name}' is not linked to {_what(item)}.")
        step = Delete("theme_item", ({"theme_id": theme_id, "item_id": item_id},))
        summary = f"Unlinked theme '{theme.name}' from {_what(item)}"
        return _done(s, project, "unlink", theme, summary, [step])


@operation
def set_link_strength(
    project: Project, theme_id: int, item_id: int, strength: str | None
) -> Change:
    """Set the link to ``primary``, ``secondary`` or ``None`` (no link)."""
    with project.session() as s:
        old = s.get(ThemeItem, (theme_id, item_id))
        current = None if old is None else old.strength
    if strength == current:
        raise ValidationError("The link already has that strength.")
    if strength is None:
        return unlink_theme(project, theme_id, item_id)
    return link_theme(project, theme_id, item_id, strength)


@operation
def cycle_link(project: Project, theme_id: int, item_id: int) -> Change:
    """The matrix editor's click: none → secondary → primary → none."""
    with project.session() as s:
        old = s.get(ThemeItem, (theme_id, item_id))
        current = None if old is None else old.strength
    return set_link_strength(project, theme_id, item_id, _CYCLE[current])


def _cross_item(s: Any, framework_id: int) -> int | None:
    return s.scalar(  # type: ignore[no-any-return]
        select(FrameworkItem.id).where(
            FrameworkItem.framework_id == framework_id, FrameworkItem.ref == RESERVED_REF
        )
    )


@operation
def set_cross_cutting(
    project: Project, theme_id: int, framework_id: int, cross_cutting: bool = True
) -> Change:
    """Mark (or unmark) a theme as cutting across every priority of the framework."""
    with project.session() as s:
        theme, fw = get_theme(s, theme_id), get_framework(s, framework_id)
        item_id = _cross_item(s, fw.id)
        steps: list[Step] = []
        linked = item_id is not None and s.get(ThemeItem, (theme_id, item_id)) is not None
        if cross_cutting == linked:
            state = "already" if linked else "not"
            raise ValidationError(f"'{theme.name}' is {state} cross-cutting in '{fw.name}'.")
        if item_id is None:
            item_id = (s.scalar(select(func.max(FrameworkItem.id))) or 0) + 1
            row = {"id": item_id, "framework_id": fw.id, "ref": RESERVED_REF, "parent_id": None,
                   "label": "Cross-cutting", "aliases": "", "position": 1_000_000}  # fmt: skip
            steps.append(Insert("framework_item", (row,)))
        key = {"theme_id": theme_id, "item_id": item_id}
        if cross_cutting:
            steps.append(Insert("theme_item", (key | {"strength": "primary", "rationale": ""},)))
            summary = f"Marked theme '{theme.name}' as cross-cutting in '{fw.name}'"
        else:
            steps.append(Delete("theme_item", (key,)))
            summary = f"Theme '{theme.name}' is no longer cross-cutting in '{fw.name}'"
        return _done(s, project, "link" if cross_cutting else "unlink", theme, summary, steps)


def cross_cutting_themes(project: Project, framework_id: int) -> set[int]:
    with project.read() as s:
        item_id = _cross_item(s, framework_id)
        if item_id is None:
            return set()
        return set(s.scalars(select(ThemeItem.theme_id).where(ThemeItem.item_id == item_id)))


def theme_links(project: Project, framework_id: int | None = None) -> list[ThemeLink]:
    """Every link (of one framework, or all), cross-cutting markers included."""
    with project.read() as s:
        stmt = (
            select(ThemeItem.theme_id, Theme.name, FrameworkItem.framework_id, ThemeItem.item_id,
                   FrameworkItem.ref, FrameworkItem.label, ThemeItem.strength, ThemeItem.rationale)
            .join(Theme, Theme.id == ThemeItem.theme_id)
            .join(FrameworkItem, FrameworkItem.id == ThemeItem.item_id)
            .join(Framework, Framework.id == FrameworkItem.framework_id)
            .order_by(Framework.id, Theme.position, Theme.id, FrameworkItem.position)
        )  # fmt: skip
        if framework_id is not None:
            stmt = stmt.where(FrameworkItem.framework_id == framework_id)
        return [ThemeLink(*r) for r in s.execute(stmt)]


def find_theme(project: Project, name: str) -> int:
    """A theme's id by its name (case-insensitive), for scripts and the CLI."""
    wanted = " ".join(name.split()).casefold()
    with project.read() as s:
        found = [
            tid
            for tid, tname in s.execute(select(Theme.id, Theme.name).order_by(Theme.id))
            if tname.casefold() == wanted
        ]
    if not found:
        raise NotFoundError(f"There is no theme called '{name}'.")
    if len(found) > 1:
        raise ValidationError(f"Several themes are called '{name}'; rename one first.")
    return found[0]
