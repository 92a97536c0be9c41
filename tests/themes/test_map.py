"""The thematic map: default layout, saved positions with undo, named versions round-trip."""

from __future__ import annotations

import math

from qualcode.services.themes import thematic_map, themes
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.project import Project
from tests.helpers import dump
from tests.seed import seed


def test_default_layout_places_every_node_apart(project: Project) -> None:
    ids = seed(project)
    other = themes.create_theme(project, "Access").entity_id or 0
    themes.create_theme(project, "Call-backs", parent_id=other)
    themes.link_code(project, other, ids["support"])
    data = thematic_map.map_data(project)
    assert [t.name for t in data.themes] == ["Being heard", "Access", "Call-backs"]
    assert {c.id for c in data.codes} == {ids["nurse"], ids["waiting"], ids["support"]}
    assert {(lk.theme_id, lk.code_id) for lk in data.links} == {
        (ids["theme"], ids["nurse"]),
        (ids["theme"], ids["waiting"]),
        (other, ids["support"]),
    }
    points = [(n.x, n.y) for n in [*data.themes, *data.codes]]
    assert not any(n.placed for n in [*data.themes, *data.codes])
    for i, a in enumerate(points):
        for b in points[i + 1 :]:
            assert math.dist(a, b) > 40
    assert thematic_map.map_data(project) == data  # deterministic


def test_positions_are_saved_and_undone(project: Project) -> None:
    ids = seed(project)
    before = dump(project)
    change = thematic_map.set_positions(
        project, [("theme", ids["theme"], 10, 20), ("code", ids["nurse"], -5.5, 7)]
    )
    data = thematic_map.map_data(project)
    theme = next(t for t in data.themes if t.id == ids["theme"])
    code = next(c for c in data.codes if c.id == ids["nurse"])
    assert (theme.x, theme.y, theme.placed) == (10.0, 20.0, True)
    assert (code.x, code.y, code.placed) == (-5.5, 7.0, True)
    after = dump(project)
    redo = apply_reversal(project, change.reversal)
    assert dump(project) == before
    apply_reversal(project, redo.reversal, "redo")
    assert dump(project) == after
    one = thematic_map.set_position(project, "code", ids["waiting"], 1, 2)
    assert one.action == "move"


def test_versions_round_trip_and_survive_later_edits(project: Project) -> None:
    ids = seed(project)
    thematic_map.set_position(project, "theme", ids["theme"], 3, 4)
    saved = thematic_map.map_data(project)
    change = thematic_map.save_version(project, "First candidate map")
    vid = change.entity_id or 0
    themes.update_theme(project, ids["theme"], status="reviewed", name="Heard")
    themes.unlink_code(project, ids["theme"], ids["waiting"])
    assert thematic_map.version_data(project, vid) == saved
    assert thematic_map.map_data(project) != saved
    [info] = thematic_map.list_versions(project)
    assert (info.name, info.themes, info.codes, info.author) == (
        "First candidate map",
        1,
        2,
        "tester",
    )
    apply_reversal(project, change.reversal)
    assert thematic_map.list_versions(project) == []
