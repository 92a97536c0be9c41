"""Each theme-building step does what a researcher expects, is logged, and undoes exactly."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from qualcode.domain.errors import ValidationError
from qualcode.services.themes import themes
from qualcode.services.undo.changes import Change
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import ChangeLog, Code, Coding, Memo, Theme, ThemeCode
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.seed import seed


def _step(p: Project, fn: Callable[..., Change], *args: Any, **kwargs: Any) -> Change:
    """Run a step; its undo restores the dump before it, redo the dump after it."""
    before = dump(p)
    change = fn(p, *args, **kwargs)
    after = dump(p)
    assert after != before
    redo = apply_reversal(p, change.reversal)
    assert dump(p) == before
    apply_reversal(p, redo.reversal, "redo")
    assert dump(p) == after
    return change


def _last_log(p: Project) -> tuple[str, str, str]:
    with p.read() as s:
        row = s.execute(
            select(ChangeLog.action, ChangeLog.entity, ChangeLog.summary)
            .where(ChangeLog.action.not_in(["undo", "redo"]))
            .order_by(ChangeLog.id.desc())
        ).first()
    assert row is not None
    return (row[0], row[1], row[2])


def _links(p: Project) -> set[tuple[int, int]]:
    with p.read() as s:
        return {tuple(r) for r in s.execute(select(ThemeCode.theme_id, ThemeCode.code_id))}  # type: ignore[misc]


def test_create_update_and_the_final_rule(project: Project) -> None:
    before = dump(project)
    change = _step(project, themes.create_theme, " Being  believed ", colour="#aa0000")
    tid = change.entity_id
    assert tid is not None and _last_log(project)[0] == "create"
    sub = themes.create_theme(project, "Same worker", parent_id=tid).entity_id
    with pytest.raises(ValidationError, match="already exists"):
        themes.create_theme(project, "Being believed")
    with pytest.raises(ValidationError, match="no definition"):
        themes.update_theme(project, tid, status="final")
    with pytest.raises(ValidationError, match="not a theme status"):
        themes.update_theme(project, tid, status="done")
    with pytest.raises(ValidationError, match="no field"):
        themes.update_theme(project, tid, colourr="#000000")
    themes.update_theme(project, tid, definition="Being taken at one's word.")
    _step(project, themes.update_theme, tid, status="final")
    assert _last_log(project)[:2] == ("status", "theme")
    with pytest.raises(ValidationError, match="no definition"):
        themes.update_theme(project, tid, definition="  ")
    with project.read() as s:
        theme = s.get(Theme, tid)
        assert theme is not None and theme.colour == "#AA0000" and theme.name == "Being believed"
        assert s.get(Theme, sub) is not None
    assert before != dump(project)


def test_discard_and_restore_keep_the_previous_status(project: Project) -> None:
    tid = themes.create_theme(project, "Trust").entity_id or 0
    themes.update_theme(project, tid, status="reviewed")
    _step(project, themes.discard_theme, tid)
    with project.read() as s:
        t = s.get(Theme, tid)
        assert t is not None and (t.status, t.previous_status) == ("discarded", "reviewed")
    _step(project, themes.restore_theme, tid)
    with project.read() as s:
        t = s.get(Theme, tid)
        assert t is not None and (t.status, t.previous_status) == ("reviewed", None)
    with pytest.raises(ValidationError, match="not discarded"):
        themes.restore_theme(project, tid)


def test_link_unlink_promote(project: Project) -> None:
    ids = seed(project)
    tid = themes.create_theme(project, "Access").entity_id or 0
    change = _step(project, themes.link_code, tid, ids["waiting"])
    assert (tid, ids["waiting"]) in _links(project)
    # a code may inform several themes
    assert (ids["theme"], ids["waiting"]) in _links(project)
    with pytest.raises(ValidationError, match="already informs"):
        themes.link_code(project, tid, ids["waiting"])
    change = _step(project, themes.unlink_code, tid, ids["waiting"])
    assert (tid, ids["waiting"]) not in _links(project)
    assert _last_log(project)[0] == "unlink"
    change = _step(project, themes.promote_code, ids["support"])
    new = change.entity_id
    with project.read() as s:
        theme = s.get(Theme, new)
        assert theme is not None and theme.name == "Support" and theme.status == "candidate"
    assert (new, ids["support"]) in _links(project)
    with pytest.raises(ValidationError, match="already exists"):
        themes.promote_code(project, ids["support"])


def test_split_code_moves_the_chosen_codings(project: Project) -> None:
    ids = seed(project)
    extra = themes.promote_code(project, ids["nurse"]).entity_id
    with project.session() as s:
        s.add(Coding(document_id=ids["doc_a"], code_id=ids["nurse"], start=0, end=11))
    change = _step(project, themes.split_code, ids["nurse"], [ids["c1"]], "Nurses listening")
    new = change.entity_id
    with project.read() as s:
        code = s.get(Code, new)
        assert code is not None and code.parent_id == ids["support"]
        assert s.scalar(select(Coding.code_id).where(Coding.id == ids["c1"])) == new
        assert s.scalar(select(Coding.code_id).where(Coding.start == 0)) == ids["nurse"]
    assert {(ids["theme"], new), (extra, new)} <= _links(project)
    assert _last_log(project)[:2] == ("split", "code")
    with pytest.raises(ValidationError, match="not codings of"):
        themes.split_code(project, ids["nurse"], [ids["c2"]], "X")
    with pytest.raises(ValidationError, match="Choose"):
        themes.split_code(project, ids["nurse"], [], "X")


def test_merge_demote_and_delete(project: Project) -> None:
    ids = seed(project)
    other = themes.create_theme(project, "Waiting games").entity_id or 0
    child = themes.create_theme(project, "Call-backs", parent_id=other).entity_id or 0
    themes.link_code(project, other, ids["waiting"])  # also on "Being heard": not duplicated
    themes.link_code(project, other, ids["support"])
    with project.session() as s:
        s.add(Memo(text="why", theme_id=other))
    change = _step(project, themes.merge_themes, other, ids["theme"])
    with project.read() as s:
        assert s.get(Theme, other) is None
        assert s.scalar(select(Theme.parent_id).where(Theme.id == child)) == ids["theme"]
        assert s.scalar(select(Memo.theme_id).where(Memo.text == "why")) == ids["theme"]
    assert {c for t, c in _links(project) if t == ids["theme"]} == {
        ids["nurse"],
        ids["waiting"],
        ids["support"],
    }
    assert _last_log(project)[:2] == ("merge", "theme")
    apply_reversal(project, change.reversal)
    with pytest.raises(ValidationError, match="own sub-theme"):
        themes.merge_themes(project, other, child)

    _step(project, themes.demote_theme, ids["theme"], other)
    with project.read() as s:
        assert s.scalar(select(Theme.parent_id).where(Theme.id == ids["theme"])) == other
    with pytest.raises(ValidationError, match="of itself"):
        themes.demote_theme(project, other, child)

    apply_reversal(project, themes.demote_theme(project, ids["theme"], None).reversal)
    _step(project, themes.delete_theme, other)
    with project.read() as s:
        assert s.scalar(select(Theme.parent_id).where(Theme.id == child)) is None
        assert s.get(Code, ids["support"]) is not None


def test_deleting_a_linked_code_still_undoes(project: Project) -> None:
    ids = seed(project)
    from qualcode.services.coding import codes

    before = dump(project)
    change = codes.delete_code(project, ids["waiting"])
    apply_reversal(project, change.reversal)
    assert dump(project) == before


def test_final_without_definition_names_the_field(project: Project) -> None:
    theme = themes.create_theme(project, "Stigma").entity_id
    assert theme is not None
    with pytest.raises(ValidationError) as refused:
        themes.update_theme(project, theme, status="final")
    assert refused.value.fields == ("definition",)  # the editor marks this field
    with pytest.raises(ValidationError) as bad:
        themes.update_theme(project, theme, status="finished")
    assert bad.value.fields == ("status",)
