"""The codebook: create, rename, recolour, define, move, merge and delete codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import clean_name, normalise_colour, palette_colour
from qualcode.services.coding.compound import mark_compound
from qualcode.services.undo.changes import Change, combine, log_change
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
from qualcode.storage.models import Code, Coding, Memo, Quote, ThemeCode
from qualcode.storage.project import Project


def _code(s: Session, code_id: int) -> Code:
    code = s.get(Code, code_id)
    if code is None:
        raise NotFoundError(f"There is no code with id {code_id}.")
    return code


def _check_sibling_name(s: Any, name: str, parent_id: int | None, exclude: int | None) -> None:
    parent_clause = Code.parent_id.is_(None) if parent_id is None else Code.parent_id == parent_id
    clash = s.scalar(
        select(Code.id).where(parent_clause, Code.name == name, Code.id != (exclude or -1))
    )
    if clash is not None:
        raise ValidationError(f"A code called '{name}' already exists at that level.")


def subtree_ids(s: Any, code_id: int) -> list[int]:
    """The code and all its descendants, parents before children."""
    ordered = [code_id]
    frontier = [code_id]
    while frontier:
        children = list(
            s.scalars(
                select(Code.id).where(Code.parent_id.in_(frontier)).order_by(Code.position, Code.id)
            )
        )
        ordered += children
        frontier = children
    return ordered


@operation
def create_code(
    project: Project,
    name: str,
    parent_id: int | None = None,
    colour: str | None = None,
    definition: str = "",
) -> Change:
    name = clean_name(name, "code name")
    with project.session() as s:
        if parent_id is not None:
            _code(s, parent_id)
        _check_sibling_name(s, name, parent_id, None)
        count = s.scalar(select(func.count(Code.id))) or 0
        position = (s.scalar(select(func.max(Code.position))) or 0) + 1
        code = Code(
            name=name,
            parent_id=parent_id,
            definition=definition,
            position=position,
            colour=normalise_colour(colour) if colour else palette_colour(count),
            coder_id=project.coder_id,
        )
        s.add(code)
        s.flush()
        log_change(s, project.coder_id, "create", "code", f"Created code '{name}'", code.guid)
        return Change(
            "create",
            "code",
            code.id,
            f"Created code '{name}'",
            Reversal(f"create code '{name}'", (Delete("code", ({"id": code.id},)),)),
        )


def _update(
    project: Project,
    code_id: int,
    values: dict[str, Any],
    action: str,
    describe: Callable[[str], str],
) -> Change:
    with project.session() as s:
        code = _code(s, code_id)
        if "name" in values:
            _check_sibling_name(s, values["name"], code.parent_id, code_id)
        summary = describe(code.name)
        guid = code.guid
        s.expunge(code)
        inverse = apply_steps(s, [Update("code", {"id": code_id}, values)])
        log_change(s, project.coder_id, action, "code", summary, guid)
        return Change(action, "code", code_id, summary, Reversal(summary, inverse))


@operation
def rename_code(project: Project, code_id: int, name: str) -> Change:
    name = clean_name(name, "code name")
    return _update(
        project, code_id, {"name": name}, "rename", lambda old: f"Renamed code '{old}' to '{name}'"
    )


@operation
def recolour_code(project: Project, code_id: int, colour: str) -> Change:
    value = normalise_colour(colour)
    return _update(
        project,
        code_id,
        {"colour": value},
        "recolour",
        lambda old: f"Recoloured code '{old}' to {value}",
    )


@operation
def define_code(
    project: Project, code_id: int, definition: str, inclusion: str = "", exclusion: str = ""
) -> Change:
    return _update(
        project,
        code_id,
        {"definition": definition, "inclusion": inclusion, "exclusion": exclusion},
        "define",
        lambda old: f"Defined code '{old}'",
    )


@operation
def move_code(
    project: Project, code_id: int, new_parent_id: int | None, position: int | None = None
) -> Change:
    """Nest a code under another (or at the top with ``None``) at sibling index ``position``
    (the end when None); refuses cycles. Siblings are renumbered, all undoable."""
    with project.session() as s:
        code = _code(s, code_id)
        if new_parent_id is not None:
            _code(s, new_parent_id)
            if new_parent_id in subtree_ids(s, code_id):
                raise ValidationError(f"'{code.name}' cannot be moved inside itself.")
        _check_sibling_name(s, code.name, new_parent_id, code_id)
        parent_clause = (
            Code.parent_id.is_(None) if new_parent_id is None else Code.parent_id == new_parent_id
        )
        siblings = list(
            s.execute(
                select(Code.id, Code.position)
                .where(parent_clause, Code.id != code_id)
                .order_by(Code.position, Code.id)
            )
        )
        at = len(siblings) if position is None else max(0, min(position, len(siblings)))
        order = [sid for sid, _pos in siblings]
        order.insert(at, code_id)
        old_positions = {sid: pos for sid, pos in siblings}
        steps: list[Step] = [
            Update("code", {"id": sid}, {"position": i})
            for i, sid in enumerate(order)
            if sid != code_id and old_positions.get(sid) != i
        ]
        steps.append(Update("code", {"id": code_id}, {"parent_id": new_parent_id, "position": at}))
        name, guid = code.name, code.guid
        s.expunge(code)
        inverse = apply_steps(s, steps)
        summary = f"Moved code '{name}'"
        log_change(
            s,
            project.coder_id,
            "move",
            "code",
            summary,
            guid,
            {"parent_id": new_parent_id, "position": at},
        )
        return Change("move", "code", code_id, summary, Reversal(f"move '{name}'", inverse))


def _delete_steps(s: Any, ids: list[int]) -> list[Step]:
    """Steps deleting the codes ``ids`` (parents first) and everything that hangs off them."""
    codings = select(Coding.id).where(Coding.code_id.in_(ids))
    quotes = keys_of(s, "quote", Quote.coding_id.in_(codings))
    return [
        *[Update("quote", k, {"coding_id": None}) for k in quotes],
        Delete("memo", keys_of(s, "memo", Memo.coding_id.in_(codings) | Memo.code_id.in_(ids))),
        Delete("theme_code", keys_of(s, "theme_code", ThemeCode.code_id.in_(ids))),
        Delete("coding", keys_of(s, "coding", Coding.code_id.in_(ids))),
        Delete("code", tuple({"id": i} for i in reversed(ids))),
    ]


@operation
def delete_code(project: Project, code_id: int) -> Change:
    """Delete a code, its sub-codes and their codings (all restored by undo)."""
    with project.session() as s:
        code = _code(s, code_id)
        name, guid = code.name, code.guid
        s.expunge(code)
        ids = subtree_ids(s, code_id)
        n_codings = s.scalar(select(func.count(Coding.id)).where(Coding.code_id.in_(ids))) or 0
        inverse = apply_steps(s, _delete_steps(s, ids))
        summary = f"Deleted code '{name}' ({len(ids) - 1} sub-codes, {n_codings} codings)"
        log_change(s, project.coder_id, "delete", "code", summary, guid)
        return Change("delete", "code", code_id, summary, Reversal(f"delete '{name}'", inverse))


@operation
def merge_codes(project: Project, source_id: int, target_id: int) -> Change:
    """Merge ``source`` into ``target``: codings, sub-codes, theme links and memos move across;
    a coding the target already has on the same span is dropped; ``source`` is deleted."""
    if source_id == target_id:
        raise ValidationError("A code cannot be merged into itself.")
    with project.session() as s:
        source, target = _code(s, source_id), _code(s, target_id)
        if target_id in subtree_ids(s, source_id):
            raise ValidationError(f"'{source.name}' cannot be merged into its own sub-code.")
        names = (source.name, target.name, source.guid)
        s.expunge(source)
        s.expunge(target)
        have: set[tuple[int, int, int]] = set(
            s.execute(
                select(Coding.document_id, Coding.start, Coding.end).where(
                    Coding.code_id == target_id
                )
            )
        )
        steps: list[Step] = []
        duplicates: list[dict[str, Any]] = []
        moved = 0
        for cid, doc, start, end in s.execute(
            select(Coding.id, Coding.document_id, Coding.start, Coding.end).where(
                Coding.code_id == source_id
            )
        ):
            if (doc, start, end) in have:
                duplicates.append({"id": cid})
            else:
                have.add((doc, start, end))
                steps.append(Update("coding", {"id": cid}, {"code_id": target_id}))
                moved += 1
        if duplicates:
            dup_ids = [d["id"] for d in duplicates]
            quotes = keys_of(s, "quote", Quote.coding_id.in_(dup_ids))
            steps += [Update("quote", k, {"coding_id": None}) for k in quotes]
            steps.append(Delete("memo", keys_of(s, "memo", Memo.coding_id.in_(dup_ids))))
            steps.append(Delete("coding", tuple(duplicates)))
        for (child,) in s.execute(select(Code.id).where(Code.parent_id == source_id)):
            steps.append(Update("code", {"id": child}, {"parent_id": target_id}))
        target_themes = set(
            s.scalars(select(ThemeCode.theme_id).where(ThemeCode.code_id == target_id))
        )
        for (theme_id,) in s.execute(
            select(ThemeCode.theme_id).where(ThemeCode.code_id == source_id)
        ):
            if theme_id not in target_themes:
                steps.append(Insert("theme_code", ({"theme_id": theme_id, "code_id": target_id},)))
        steps.append(Delete("theme_code", keys_of(s, "theme_code", ThemeCode.code_id == source_id)))
        for key in keys_of(s, "memo", Memo.code_id == source_id):
            steps.append(Update("memo", key, {"code_id": target_id}))
        steps.append(Delete("code", ({"id": source_id},)))
        inverse = apply_steps(s, steps)
        summary = (
            f"Merged code '{names[0]}' into '{names[1]}' ({moved} codings moved, "
            f"{len(duplicates)} duplicates dropped)"
        )
        log_change(s, project.coder_id, "merge", "code", summary, names[2], {"into": target_id})
        return Change(
            "merge",
            "code",
            target_id,
            summary,
            Reversal(f"merge '{names[0]}' into '{names[1]}'", inverse),
        )


def find_code(project: Project, name: str) -> int | None:
    """The id of the code called ``name`` (case-insensitive), or of the path "Parent > Child";
    None when there is none; a ValidationError when the name is ambiguous."""
    with project.read() as s:
        rows = s.execute(select(Code.id, Code.name, Code.parent_id)).all()
    by_id = {i: (n, p) for i, n, p in rows}

    def path(i: int) -> str:
        names = []
        cur: int | None = i
        while cur is not None:
            names.append(by_id[cur][0])
            cur = by_id[cur][1]
        return " > ".join(reversed(names))

    wanted = " > ".join(p.strip() for p in name.split(">")).casefold()
    hits = [i for i in by_id if path(i).casefold() == wanted]
    if not hits:
        hits = [i for i, (n, _p) in by_id.items() if n.casefold() == name.strip().casefold()]
    if len(hits) > 1:
        raise ValidationError(
            f"Several codes are called '{name}': name one by its path, e.g. "
            f"'{path(hits[0])}' or '{path(hits[1])}'."
        )
    return hits[0] if hits else None


def ensure_code_path(project: Project, path: str) -> tuple[int, list[Change]]:
    """The code at "Parent > Child" (or a plain name), creating whatever part of the path is
    missing, each under its parent: (code id, the creations, to undo if what follows fails)."""
    names = [n.strip() for n in path.split(">")]
    if not all(names):
        raise ValidationError(f"'{path}' has an empty code name in it.")
    existing = find_code(project, path)
    if existing is not None:
        return existing, []
    created: list[Change] = []
    parent: int | None = None
    for depth, name in enumerate(names):
        found = find_code(project, " > ".join(names[: depth + 1]))
        if found is not None and _parent_of(project, found) == parent:
            parent = found
            continue
        change = create_code(project, name, parent)
        created.append(change)
        parent = change.entity_id
    assert parent is not None
    return parent, created


def _parent_of(project: Project, code_id: int) -> int | None:
    with project.read() as s:
        return s.scalar(select(Code.parent_id).where(Code.id == code_id))


@operation
def create_then(project: Project, name: str, apply: Callable[[int], Change], label: str) -> Change:
    """Create the code ``name`` and ``apply`` it (code a span, autocode hits...) in one
    transaction and one undo step: if applying fails, the code was never created.

    The code's creation is logged as part of ``label`` and marked pending until applying is
    done, both inside the transaction: a pending mark can only outlive it if the action was ever
    split across transactions, and ``qualcode check`` reports such a code as half-applied."""
    created = create_code(project, name)
    assert created.entity_id is not None
    code_id = created.entity_id
    mark_compound(project, code_id, label, done=False)
    applied = apply(code_id)
    mark_compound(project, code_id, label, done=True)
    return combine([created, applied], label)
