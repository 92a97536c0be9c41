"""Building themes (phase 3) and refining them (phases 4-5), each step undoable and logged.

Themes are kept apart from codes: a code may inform several themes, and nothing is thrown away
(a discarded theme stays, greyed, and can be restored to the status it had). Every public function
is one transaction returning a :class:`Change` whose reversal restores the exact rows, and writes a
line to the change log so the evolution of the themes can be traced in the decision log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import ThemeStatus, clean_name, normalise_colour, palette_colour
from qualcode.domain.wording import plural
from qualcode.services.recommendations.links import theme_merge_steps
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import (
    Delete,
    Insert,
    Reversal,
    Step,
    Update,
    apply_steps,
    keys_of,
)
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Code, Coding, Memo, Theme, ThemeCode, ThemeItem, new_guid
from qualcode.storage.project import Project

MISCELLANEOUS = "Miscellaneous"
# Fields update_theme accepts; anything else is refused.
EDITABLE = (
    "name",
    "status",
    "colour",
    "central_concept",
    "definition",
    "scope",
    "scope_out",
    "narrative",
    "is_miscellaneous",
    "position",
)


def get_theme(s: Session, theme_id: int) -> Theme:
    theme = s.get(Theme, theme_id)
    if theme is None:
        raise NotFoundError(f"There is no theme with id {theme_id}.")
    return theme


def theme_subtree(s: Any, theme_id: int) -> list[int]:
    """The theme and all its sub-themes, parents before children."""
    ordered, frontier = [theme_id], [theme_id]
    while frontier:
        frontier = list(
            s.scalars(
                select(Theme.id)
                .where(Theme.parent_id.in_(frontier))
                .order_by(Theme.position, Theme.id)
            )
        )
        ordered += frontier
    return ordered


def _check_name(s: Any, name: str, parent_id: int | None, exclude: int | None) -> None:
    level = Theme.parent_id.is_(None) if parent_id is None else Theme.parent_id == parent_id
    if s.scalar(select(Theme.id).where(level, Theme.name == name, Theme.id != (exclude or -1))):
        raise ValidationError(f"A theme called '{name}' already exists at that level.")


def _code_name(s: Any, code_id: int) -> str:
    name = s.scalar(select(Code.name).where(Code.id == code_id))
    if name is None:
        raise NotFoundError(f"There is no code with id {code_id}.")
    return str(name)


def _done(
    s: Session, project: Project, action: str, theme_id: int, guid: str, summary: str, steps: Any
) -> Change:
    inverse = apply_steps(s, steps)
    log_change(s, project.coder_id, action, "theme", summary, guid)
    return Change(
        action, "theme", theme_id, summary, Reversal(summary[0].lower() + summary[1:], inverse)
    )


def _new_theme_row(s: Any, name: str, parent_id: int | None, colour: str | None) -> dict[str, Any]:
    count = s.scalar(select(func.count(Theme.id))) or 0
    return {
        "id": (s.scalar(select(func.max(Theme.id))) or 0) + 1,
        "guid": new_guid(),
        "name": name,
        "parent_id": parent_id,
        "status": ThemeStatus.CANDIDATE.value,
        "is_miscellaneous": False,
        "central_concept": "",
        "definition": "",
        "scope": "",
        "scope_out": "",
        "narrative": "",
        "colour": normalise_colour(colour) if colour else palette_colour(count + 9),
        "position": (s.scalar(select(func.max(Theme.position))) or 0) + 1,
        "previous_status": None,
        "map_x": None,
        "map_y": None,
    }


@operation
def create_theme(
    project: Project,
    name: str,
    parent_id: int | None = None,
    colour: str | None = None,
    is_miscellaneous: bool = False,
) -> Change:
    """A new candidate theme (a sub-theme when ``parent_id`` is given)."""
    name = clean_name(name, "theme name")
    with project.session() as s:
        if parent_id is not None:
            get_theme(s, parent_id)
        _check_name(s, name, parent_id, None)
        row = _new_theme_row(s, name, parent_id, colour) | {"is_miscellaneous": is_miscellaneous}
        what = "holding theme" if is_miscellaneous else "sub-theme" if parent_id else "theme"
        return _done(
            s,
            project,
            "create",
            row["id"],
            row["guid"],
            f"Created {what} '{name}'",
            [Insert("theme", (row,))],
        )


def _check_final(theme: Theme, values: dict[str, Any]) -> None:
    status = values.get("status", theme.status)
    definition = str(values.get("definition", theme.definition) or "").strip()
    if status == ThemeStatus.FINAL and not definition:
        raise ValidationError(
            f"'{values.get('name', theme.name)}' cannot be final yet: it has no definition. "
            "Write what the theme is about (its definition) first.",
            fields=("definition",),
        )


@operation
def update_theme(project: Project, theme_id: int, **fields: Any) -> Change:
    """Change any of :data:`EDITABLE`; a status of ``final`` needs a definition, and
    ``discarded`` remembers the status to restore."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Themes have no field {', '.join(sorted(unknown))}.")
    values = dict(fields)
    if "name" in values:
        values["name"] = clean_name(values["name"], "theme name")
    if "colour" in values:
        values["colour"] = normalise_colour(values["colour"])
    if "status" in values:
        try:
            values["status"] = ThemeStatus(values["status"]).value
        except ValueError:
            choices = ", ".join(s.value for s in ThemeStatus)
            raise ValidationError(
                f"'{fields['status']}' is not a theme status ({choices}).", fields=("status",)
            ) from None
    with project.session() as s:
        theme = get_theme(s, theme_id)
        if "name" in values:
            _check_name(s, values["name"], theme.parent_id, theme_id)
        _check_final(theme, values)
        new_status = values.get("status", theme.status)
        if new_status != theme.status:
            if new_status == ThemeStatus.DISCARDED:
                values["previous_status"] = theme.status
            elif theme.status == ThemeStatus.DISCARDED:
                values["previous_status"] = None
        name, guid, old_status = theme.name, theme.guid, theme.status
        s.expunge(theme)
        if set(values) == {"status"} or set(values) == {"status", "previous_status"}:
            action, summary = "status", f"Theme '{name}': {old_status} → {new_status}"
        elif "name" in values and values["name"] != name:
            action, summary = "rename", f"Renamed theme '{name}' to '{values['name']}'"
        else:
            action, summary = "update", f"Edited theme '{name}' ({', '.join(sorted(fields))})"
        return _done(
            s, project, action, theme_id, guid, summary, [Update("theme", {"id": theme_id}, values)]
        )


@operation
def discard_theme(project: Project, theme_id: int) -> Change:
    """Set aside without deleting: kept, greyed, restorable."""
    return update_theme(project, theme_id, status=ThemeStatus.DISCARDED)


@operation
def restore_theme(project: Project, theme_id: int) -> Change:
    """Back to the status the theme had when it was discarded (candidate if unknown)."""
    with project.session() as s:
        theme = get_theme(s, theme_id)
        if theme.status != ThemeStatus.DISCARDED:
            raise ValidationError(f"'{theme.name}' is not discarded.")
        previous = theme.previous_status or ThemeStatus.CANDIDATE.value
        if previous == ThemeStatus.FINAL and not theme.definition.strip():
            previous = ThemeStatus.DEFINED.value
    return update_theme(project, theme_id, status=previous)


@operation
def link_code(project: Project, theme_id: int, code_id: int) -> Change:
    """Let a code inform a theme (a code may inform several)."""
    with project.session() as s:
        theme = get_theme(s, theme_id)
        code = _code_name(s, code_id)
        link = s.get(ThemeCode, (theme_id, code_id))
        if link is not None:
            raise ValidationError(f"'{code}' already informs '{theme.name}'.")
        step = Insert("theme_code", ({"theme_id": theme_id, "code_id": code_id},))
        summary = f"Linked code '{code}' to theme '{theme.name}'"
        return _done(s, project, "link", theme_id, theme.guid, summary, [step])


@operation
def unlink_code(project: Project, theme_id: int, code_id: int) -> Change:
    with project.session() as s:
        theme = get_theme(s, theme_id)
        code = _code_name(s, code_id)
        if s.get(ThemeCode, (theme_id, code_id)) is None:
            raise ValidationError(f"'{code}' does not inform '{theme.name}'.")
        step = Delete("theme_code", ({"theme_id": theme_id, "code_id": code_id},))
        summary = f"Unlinked code '{code}' from theme '{theme.name}'"
        return _done(s, project, "unlink", theme_id, theme.guid, summary, [step])


@operation
def promote_code(project: Project, code_id: int, parent_id: int | None = None) -> Change:
    """A new candidate theme named (and coloured) after the code, linked to it."""
    with project.session() as s:
        code = s.get(Code, code_id)
        if code is None:
            raise NotFoundError(f"There is no code with id {code_id}.")
        if parent_id is not None:
            get_theme(s, parent_id)
        _check_name(s, code.name, parent_id, None)
        row = _new_theme_row(s, code.name, parent_id, code.colour)
        steps: list[Step] = [
            Insert("theme", (row,)),
            Insert("theme_code", ({"theme_id": row["id"], "code_id": code_id},)),
        ]
        summary = f"Promoted code '{code.name}' to a theme"
        return _done(s, project, "promote", row["id"], row["guid"], summary, steps)


@operation
def split_code(project: Project, code_id: int, coding_ids: list[int], new_name: str) -> Change:
    """Move the chosen codings of a code into a new sibling code. The new code informs the same
    themes as the old one until the researcher relinks it; ``entity_id`` is the new code."""
    new_name = clean_name(new_name, "code name")
    if not coding_ids:
        raise ValidationError("Choose the codings to move into the new code.")
    with project.session() as s:
        code = s.get(Code, code_id)
        if code is None:
            raise NotFoundError(f"There is no code with id {code_id}.")
        wanted = sorted(set(coding_ids))
        found = set(
            s.scalars(select(Coding.id).where(Coding.id.in_(wanted), Coding.code_id == code_id))
        )
        if len(found) != len(wanted):
            raise ValidationError(f"Some of the chosen codings are not codings of '{code.name}'.")
        level = (
            Code.parent_id.is_(None) if code.parent_id is None else Code.parent_id == code.parent_id
        )
        if s.scalar(select(Code.id).where(level, Code.name == new_name)):
            raise ValidationError(f"A code called '{new_name}' already exists at that level.")
        new_id = (s.scalar(select(func.max(Code.id))) or 0) + 1
        row = {
            "id": new_id,
            "guid": new_guid(),
            "name": new_name,
            "parent_id": code.parent_id,
            "colour": palette_colour(new_id),
            "definition": "",
            "inclusion": "",
            "exclusion": "",
            "position": (s.scalar(select(func.max(Code.position))) or 0) + 1,
            "coder_id": project.coder_id,
            "map_x": None,
            "map_y": None,
        }
        themes = list(s.scalars(select(ThemeCode.theme_id).where(ThemeCode.code_id == code_id)))
        steps: list[Step] = [Insert("code", (row,))]
        steps += [Update("coding", {"id": cid}, {"code_id": new_id}) for cid in wanted]
        if themes:
            links = tuple({"theme_id": t, "code_id": new_id} for t in themes)
            steps.append(Insert("theme_code", links))
        name, guid = code.name, code.guid
        s.expunge(code)
        inverse = apply_steps(s, steps)
        summary = f"Split {len(wanted)} codings of '{name}' into new code '{new_name}'"
        log_change(s, project.coder_id, "split", "code", summary, guid, {"new_code": row["guid"]})
        return Change("split", "code", new_id, summary, Reversal(f"split '{name}'", inverse))


# what a theme says about itself, kept from both sides when two themes are merged
_TEXTS = ("central_concept", "definition", "scope", "scope_out", "narrative")


def _merged_texts(source: Theme, target: Theme) -> dict[str, str]:
    """The target's text fields that change when ``source`` is merged into it."""
    out: dict[str, str] = {}
    for name in _TEXTS:
        theirs, ours = getattr(source, name).strip(), getattr(target, name).strip()
        if not theirs or theirs == ours:
            continue
        out[name] = (
            f"{ours}\n\n— from the merged theme '{source.name}' —\n{theirs}" if ours else theirs
        )
    return out


def _added(texts: dict[str, str]) -> str:
    """ "; its definition and scope added", for the merge's summary."""
    fields = [name.replace("_", " ").replace("scope out", "out-of-scope note") for name in texts]
    if not fields:
        return ""
    listed = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " and " + fields[-1]
    return f"; its {listed} added"


@operation
def merge_themes(project: Project, source_id: int, target_id: int) -> Change:
    """Merge ``source`` into ``target``: its codes, sub-themes, memos and framework links move
    across; ``source`` is deleted (undo restores it with its own id and guid).

    Nothing the researcher wrote is lost: ``source``'s definition, central concept, scope and
    narrative are added to ``target``'s (under a line naming ``source`` when both have text).
    ``target`` keeps its own status, and the summary says so when the two differed."""
    if source_id == target_id:
        raise ValidationError("A theme cannot be merged into itself.")
    with project.session() as s:
        source, target = get_theme(s, source_id), get_theme(s, target_id)
        if target_id in theme_subtree(s, source_id):
            raise ValidationError(f"'{source.name}' cannot be merged into its own sub-theme.")
        names = (source.name, target.name, source.guid)
        texts = _merged_texts(source, target)
        status_note = (
            f"; '{target.name}' stays {target.status} ('{source.name}' was {source.status})"
            if source.status != target.status
            else ""
        )
        s.expunge(source)
        s.expunge(target)
        have = set(s.scalars(select(ThemeCode.code_id).where(ThemeCode.theme_id == target_id)))
        moved = [
            {"theme_id": target_id, "code_id": c}
            for c in s.scalars(select(ThemeCode.code_id).where(ThemeCode.theme_id == source_id))
            if c not in have
        ]
        items = set(s.scalars(select(ThemeItem.item_id).where(ThemeItem.theme_id == target_id)))
        item_rows = [
            dict(r)
            for r in s.execute(
                select(ThemeItem.item_id, ThemeItem.strength, ThemeItem.rationale).where(
                    ThemeItem.theme_id == source_id
                )
            ).mappings()
        ]
        steps: list[Step] = []
        if texts:
            steps.append(Update("theme", {"id": target_id}, texts))
        if moved:
            steps.append(Insert("theme_code", tuple(moved)))
        new_items = [r | {"theme_id": target_id} for r in item_rows if r["item_id"] not in items]
        if new_items:
            steps.append(Insert("theme_item", tuple(new_items)))
        steps.append(
            Delete("theme_item", keys_of(s, "theme_item", ThemeItem.theme_id == source_id))
        )
        steps.append(
            Delete("theme_code", keys_of(s, "theme_code", ThemeCode.theme_id == source_id))
        )
        for key in keys_of(s, "theme", Theme.parent_id == source_id):
            steps.append(Update("theme", key, {"parent_id": target_id}))
        for key in keys_of(s, "memo", Memo.theme_id == source_id):
            steps.append(Update("memo", key, {"theme_id": target_id}))
        steps += theme_merge_steps(s, source_id, target_id)  # recommendations based on it
        steps.append(Delete("theme", ({"id": source_id},)))
        inverse = apply_steps(s, steps)
        summary = (
            f"Merged theme '{names[0]}' into '{names[1]}' ({plural(len(moved), 'code')} moved"
            f"{_added(texts)}){status_note}"
        )
        log_change(s, project.coder_id, "merge", "theme", summary, names[2], {"into": target_id})
        return Change(
            "merge", "theme", target_id, summary, Reversal(f"merge '{names[0]}'", inverse)
        )


@operation
def demote_theme(project: Project, theme_id: int, new_parent_id: int | None) -> Change:
    """Make a theme a sub-theme of another (or, with ``None``, a top-level theme again)."""
    with project.session() as s:
        theme = get_theme(s, theme_id)
        parent_name = None
        if new_parent_id is not None:
            parent_name = get_theme(s, new_parent_id).name
            if new_parent_id in theme_subtree(s, theme_id):
                raise ValidationError(f"'{theme.name}' cannot become a sub-theme of itself.")
        if new_parent_id == theme.parent_id:
            raise ValidationError(f"'{theme.name}' is already there.")
        _check_name(s, theme.name, new_parent_id, theme_id)
        name, guid = theme.name, theme.guid
        s.expunge(theme)
        step = Update("theme", {"id": theme_id}, {"parent_id": new_parent_id})
        if parent_name is None:
            summary, action = f"Made '{name}' a top-level theme", "move"
        else:
            summary, action = f"Made '{name}' a sub-theme of '{parent_name}'", "demote"
        return _done(s, project, action, theme_id, guid, summary, [step])


@operation
def delete_theme(project: Project, theme_id: int) -> Change:
    """Delete a theme; its sub-themes move up to its parent, its codes stay in the codebook."""
    with project.session() as s:
        theme = get_theme(s, theme_id)
        name, guid, parent = theme.name, theme.guid, theme.parent_id
        s.expunge(theme)
        steps: list[Step] = [
            Delete("memo", keys_of(s, "memo", Memo.theme_id == theme_id)),
            Delete("theme_item", keys_of(s, "theme_item", ThemeItem.theme_id == theme_id)),
            Delete("theme_code", keys_of(s, "theme_code", ThemeCode.theme_id == theme_id)),
        ]
        for key in keys_of(s, "theme", Theme.parent_id == theme_id):
            steps.append(Update("theme", key, {"parent_id": parent}))
        steps.append(Delete("theme", ({"id": theme_id},)))
        return _done(s, project, "delete", theme_id, guid, f"Deleted theme '{name}'", steps)


def theme_code_ids(s: Any, theme_id: int, with_subthemes: bool = True) -> list[int]:
    """Codes linked to the theme (and its sub-themes), each once, theme's own first."""
    themes = theme_subtree(s, theme_id) if with_subthemes else [theme_id]
    out: dict[int, None] = {}
    for t in themes:
        for c in s.scalars(
            select(ThemeCode.code_id)
            .join(Code, Code.id == ThemeCode.code_id)
            .where(ThemeCode.theme_id == t)
            .order_by(Code.position, Code.id)
        ):
            out[c] = None
    return list(out)


@dataclass(frozen=True)
class ThemeDetails:
    """Every editable field of a theme, for the editor and the themes panel."""

    id: int
    name: str
    parent_id: int | None
    status: str
    colour: str
    is_miscellaneous: bool
    central_concept: str
    definition: str
    scope: str
    scope_out: str
    narrative: str


def theme_details(project: Project) -> dict[int, ThemeDetails]:
    with project.read() as s:
        return {
            t.id: ThemeDetails(
                t.id,
                t.name,
                t.parent_id,
                t.status,
                t.colour,
                t.is_miscellaneous,
                t.central_concept,
                t.definition,
                t.scope,
                t.scope_out,
                t.narrative,
            )
            for t in s.scalars(select(Theme).order_by(Theme.position, Theme.id))
        }
