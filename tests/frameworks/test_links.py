"""Theme links: every step is logged and undoes exactly; the matrix editor's click cycles
none -> secondary -> primary -> none; cross-cutting marks survive a theme merge."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.services.frameworks.framework_links import (
    cross_cutting_themes,
    cycle_link,
    find_theme,
    link_theme,
    set_cross_cutting,
    set_link_strength,
    theme_links,
    unlink_theme,
)
from qualcode.services.frameworks.frameworks import (
    add_bundled_framework,
    find_item,
    list_frameworks,
)
from qualcode.services.themes import themes
from qualcode.services.undo.changes import Change
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import ChangeLog, ThemeItem
from qualcode.storage.project import Project
from tests.helpers import dump


def _step(p: Project, fn: Callable[..., Change], *args: Any) -> Change:
    before = dump(p)
    change = fn(p, *args)
    after = dump(p)
    assert after != before
    redo = apply_reversal(p, change.reversal)
    assert dump(p) == before
    apply_reversal(p, redo.reversal, "redo")
    assert dump(p) == after
    return change


def _strength(p: Project, theme: int, item: int) -> str | None:
    with p.read() as s:
        return s.scalar(
            select(ThemeItem.strength).where(ThemeItem.theme_id == theme, ThemeItem.item_id == item)
        )


@pytest.fixture
def setup(project: Project) -> tuple[int, int, int, int]:
    fw = add_bundled_framework(project, "wirral").entity_id or 0
    theme = themes.create_theme(project, "Being believed").entity_id or 0
    other = themes.create_theme(project, "Trust").entity_id or 0
    return fw, theme, other, find_item(project, fw, "P3.2").id


def test_link_unlink_strength_and_log(project: Project, setup: tuple[int, int, int, int]) -> None:
    fw, theme, _other, item = setup
    _step(project, link_theme, theme, item, "secondary", "Trust in workers is treatment quality")
    [link] = theme_links(project, fw)
    assert (link.ref, link.strength, link.rationale) == ("P3.2", "secondary", link.rationale)
    assert link.rationale.startswith("Trust")
    _step(project, link_theme, theme, item, "primary")
    assert _strength(project, theme, item) == "primary"
    assert theme_links(project)[0].rationale.startswith("Trust")  # kept when none is given
    with pytest.raises(ValidationError, match="already linked"):
        link_theme(project, theme, item, "primary")
    with pytest.raises(ValidationError, match="not a link strength"):
        link_theme(project, theme, item, "strong")
    with pytest.raises(NotFoundError):
        link_theme(project, theme, 9999)
    _step(project, set_link_strength, theme, item, "secondary")
    _step(project, unlink_theme, theme, item)
    with pytest.raises(ValidationError, match="not linked"):
        unlink_theme(project, theme, item)
    with project.read() as s:
        actions = list(s.scalars(select(ChangeLog.action).where(ChangeLog.entity == "theme")))
    assert {"link", "update", "unlink"} <= set(actions)
    assert list_frameworks(project)[0].links == 0


def test_cycle_link_goes_round(project: Project, setup: tuple[int, int, int, int]) -> None:
    _fw, theme, _other, item = setup
    seen = []
    for _ in range(3):
        _step(project, cycle_link, theme, item)
        seen.append(_strength(project, theme, item))
    assert seen == ["secondary", "primary", None]


def test_cross_cutting_is_a_link_and_survives_a_merge(
    project: Project, setup: tuple[int, int, int, int]
) -> None:
    fw, theme, other, _item = setup
    before = dump(project)
    change = _step(project, set_cross_cutting, theme, fw)
    assert cross_cutting_themes(project, fw) == {theme}
    with pytest.raises(ValidationError, match="already cross-cutting"):
        set_cross_cutting(project, theme, fw)
    apply_reversal(project, change.reversal)
    assert dump(project) == before  # the hidden item goes too
    set_cross_cutting(project, other, fw)
    assert list_frameworks(project)[0].items == 33  # the marker is not an item
    themes.merge_themes(project, other, theme)
    assert cross_cutting_themes(project, fw) == {theme}
    assert [link.cross_cutting for link in theme_links(project, fw)] == [True]
    _step(project, set_cross_cutting, theme, fw, False)
    assert find_theme(project, "being BELIEVED") == theme
    with pytest.raises(NotFoundError):
        find_theme(project, "Trust")
