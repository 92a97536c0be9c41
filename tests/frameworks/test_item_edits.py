"""Retitling a framework item and rewriting a link's rationale: each is one logged, exactly
undoable step that says what it touched, refuses no-op and empty edits, and leaves nothing behind
when any of its writes fails."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.frameworks.framework_links import link_theme, set_cross_cutting, theme_links
from qualcode.services.frameworks.frameworks import add_bundled_framework, find_item
from qualcode.services.frameworks.item_edits import retitle_item, set_rationale
from qualcode.services.themes import themes
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import ChangeLog
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.undo.test_operations import all_or_nothing


@pytest.fixture
def setup(project: Project) -> tuple[int, int, int]:
    fw = add_bundled_framework(project, "wirral").entity_id or 0
    theme = themes.create_theme(project, "Being believed").entity_id or 0
    return fw, theme, find_item(project, fw, "P3.2").id


def _label(project: Project, fw: int, ref: str) -> str:
    return find_item(project, fw, ref).label


def test_retitle_changes_only_the_title_and_undoes_exactly(
    project: Project, setup: tuple[int, int, int]
) -> None:
    fw, _theme, item = setup
    before = dump(project)
    change = retitle_item(project, item, "  Raise   treatment quality ")
    assert _label(project, fw, "P3.2") == "Raise treatment quality"
    assert change.summary == (
        "Retitled P3.2 'Increase treatment quality.' to 'Raise treatment quality'"
    )
    assert change.changes.ids("framework_item") == frozenset({item})
    with project.read() as s:
        assert s.scalar(select(ChangeLog.summary).order_by(ChangeLog.id.desc())) == change.summary
    after = dump(project)
    redo = apply_reversal(project, change.reversal)
    assert dump(project) == before
    apply_reversal(project, redo.reversal, "redo")
    assert dump(project) == after


def test_retitle_refuses_empty_unchanged_and_unknown(
    project: Project, setup: tuple[int, int, int]
) -> None:
    _fw, _theme, item = setup
    before = dump(project, skip=())
    with pytest.raises(ValidationError, match="cannot be empty"):
        retitle_item(project, item, "   ")
    with pytest.raises(ValidationError, match="already called"):
        retitle_item(project, item, "Increase treatment quality.")
    with pytest.raises(NotFoundError):
        retitle_item(project, 99_999, "Anything")
    assert dump(project, skip=()) == before


def test_set_rationale_rewrites_and_clears_and_undoes(
    project: Project, setup: tuple[int, int, int]
) -> None:
    fw, theme, item = setup
    link_theme(project, theme, item, "secondary", "First thoughts")
    before = dump(project)
    change = set_rationale(project, theme, item, " Quality of care is what they describe ")
    [link] = theme_links(project, fw)
    assert (link.strength, link.rationale) == ("secondary", "Quality of care is what they describe")
    assert "theme_item" in change.changes.rows
    cleared = set_rationale(project, theme, item, "")
    assert cleared.summary == "Cleared the rationale of theme 'Being believed' for P3.2"
    assert theme_links(project, fw)[0].rationale == ""
    apply_reversal(project, cleared.reversal)
    apply_reversal(project, change.reversal)
    assert dump(project) == before


def test_set_rationale_needs_a_link_and_a_change(
    project: Project, setup: tuple[int, int, int]
) -> None:
    fw, theme, item = setup
    with pytest.raises(ValidationError, match="not linked"):
        set_rationale(project, theme, item, "Why")
    link_theme(project, theme, item, "primary", "Why")
    with pytest.raises(ValidationError, match="already has that rationale"):
        set_rationale(project, theme, item, " Why ")
    set_cross_cutting(project, theme, fw)
    cross = next(link for link in theme_links(project, fw) if link.cross_cutting)
    change = set_rationale(project, theme, cross.item_id, "Runs through everything")
    assert change.summary.endswith("for cross-cutting")


def test_item_edits_are_all_or_nothing(project: Project, setup: tuple[int, int, int]) -> None:
    _fw, theme, item = setup
    link_theme(project, theme, item, "primary", "Why")
    assert all_or_nothing(project, lambda p: retitle_item(p, item, "New title")) >= 2
    assert all_or_nothing(project, lambda p: set_rationale(p, theme, item, "Because")) >= 2
