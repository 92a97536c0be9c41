"""Every matrix cell against an independent count over the rows the test inserted.

Hypothesis draws codings, theme-code links and theme-item links; for each measure, at priority
and item level and by attribute, the cell must equal what plain Python counts from those rows.
"""

from __future__ import annotations

import itertools
import shutil
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qualcode.services.frameworks.framework_links import set_cross_cutting
from qualcode.services.frameworks.matrices import (
    CROSS_CUTTING,
    NO_VALUE,
    NOT_MAPPED,
    theme_attribute_matrix,
    theme_item_matrix,
    to_dataframe,
)
from qualcode.storage.project import Project
from tests.frameworks.world import (
    CODES,
    LINES,
    THEMES,
    World,
    add_codings,
    build,
    expected,
    link_codes,
    link_items,
)

REFS = ("P1", "P1.1", "P1.2", "P2", "P2.1")
RANK = {"primary": 2, "secondary": 1}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> World:
    folder = tmp_path_factory.mktemp("world")
    return build(folder / "base.qcproj", folder)


def _copy(base: World, folder: Path) -> World:
    path = folder / f"{uuid.uuid4().hex}.qcproj"
    shutil.copy(base.path, path)
    w = World(path, list(base.docs), dict(base.case_ids), base.role_attr, dict(base.speaker),
              list(base.codes), list(base.themes), dict(base.parent), base.framework,
              dict(base.items), dict(base.top))  # fmt: skip
    return w


picks = st.lists(
    st.tuples(st.integers(0, 2), st.integers(0, LINES - 1), st.integers(0, len(CODES) - 1)),
    max_size=40,
)
theme_code_links = st.sets(
    st.tuples(st.integers(0, len(THEMES) - 1), st.integers(0, len(CODES) - 1)), max_size=12
)
item_links = st.dictionaries(
    st.tuples(st.integers(0, len(THEMES) - 1), st.sampled_from(REFS)),
    st.sampled_from(("primary", "secondary")),
    max_size=8,
)


def _effective(
    w: World, own: dict[int, dict[int, str]], cross: set[int]
) -> dict[int, tuple[dict[int, str], bool]]:
    """Theme -> (item -> strength, cross-cutting); a theme without any link takes its parent's."""
    out: dict[int, tuple[dict[int, str], bool]] = {}
    for t in w.themes:
        parent = w.parent[t]
        if own.get(t) or t in cross or parent is None:
            out[t] = (own.get(t, {}), t in cross)
        else:
            out[t] = out[parent]
    return out


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(picks=picks, codes=theme_code_links, links=item_links, cross=st.sets(st.integers(0, 3)),
       key=st.sets(st.integers(0, 39), max_size=8))  # fmt: skip
def test_every_cell_matches_an_independent_count(
    base: World,
    tmp_path: Path,
    picks: list[tuple[int, int, int]],
    codes: set[tuple[int, int]],
    links: dict[tuple[int, str], str],
    cross: set[int],
    key: set[int],
) -> None:
    w = _copy(base, tmp_path)
    theme_codes = {(w.themes[t], w.codes[c]) for t, c in codes}
    own: dict[int, dict[int, str]] = {}
    for (t, ref), strength in links.items():
        own.setdefault(w.themes[t], {})[w.items[ref]] = strength
    cross_ids = {w.themes[t] for t in cross}
    with Project.open(w.path) as p:
        add_codings(p, w, picks, key)
        link_codes(p, theme_codes)
        link_items(p, {(t, i): s for t, m in own.items() for i, s in m.items()})
        for t in sorted(cross_ids):
            set_cross_cutting(p, t, w.framework)
        matrices = {
            level: theme_item_matrix(p, w.framework, level, quotes=True)
            for level in ("priority", "item")
        }
        by_role = theme_attribute_matrix(p, "role", quotes=True)
    effective = _effective(w, own, cross_ids)
    refs = {i: r for r, i in w.items.items()}
    for level, m in matrices.items():
        assert [r.theme_id for r in m.rows] == w.themes
        assert [r.depth for r in m.rows] == [0, 1, 0, 0]
        wanted_cols = [r for r in REFS if level == "item" or "." not in r]
        assert [c.key for c in m.columns] == [*wanted_cols, NOT_MAPPED, CROSS_CUTTING]
        for t in w.themes:
            ev = expected(w, theme_codes, t)
            for col in m.columns:
                items, is_cross = effective[t]
                if col.key == NOT_MAPPED:
                    linked, strength = not items and not is_cross, ""
                elif col.key == CROSS_CUTTING:
                    linked, strength = is_cross, "primary"
                else:
                    hits = [
                        s for i, s in items.items()
                        if (w.top[i] if level == "priority" else refs[i]) == col.key
                    ]  # fmt: skip
                    linked = bool(hits)
                    strength = max(hits, key=RANK.__getitem__) if hits else ""
                cell = m.cell(t, col.key)
                if linked:
                    got = (cell.extracts, cell.documents, cell.participants)
                    assert got == (ev.extracts, ev.documents, ev.participants), (level, t, col)
                    assert cell.strength == strength
                    assert {q.coding_id for q in cell.quotes} == set(ev.key)
                else:
                    assert (cell.extracts, cell.strength, cell.quotes) == (0, "", [])
    for t in w.themes:
        for value in ("Peer", "Staff", None):
            ev = expected(w, theme_codes, t, value)
            cell = by_role.cell(t, value or NO_VALUE)
            assert (cell.extracts, cell.documents, cell.participants) == (
                ev.extracts, ev.documents, ev.participants,
            )  # fmt: skip
            assert {q.coding_id for q in cell.quotes} == set(ev.key)
    assert [c.label for c in by_role.columns][:2] == ["Peer", "Staff"]


def test_not_mapped_nesting_and_dataframe(base: World, tmp_path: Path) -> None:
    w = _copy(base, tmp_path)
    trust, same, waiting, families = w.themes
    theme_codes = {(trust, w.codes[0]), (same, w.codes[1]), (waiting, w.codes[1])}
    with Project.open(w.path) as p:
        add_codings(p, w, [(0, 1, 0), (0, 2, 1), (1, 2, 1), (2, 3, 0), (2, 3, 1)], {1})
        link_codes(p, theme_codes)
        link_items(p, {(trust, w.items["P1.2"]): "secondary", (waiting, w.items["P2"]): "primary"})
        m = theme_item_matrix(p, "mini strategy")
        items = theme_item_matrix(p, w.framework, "item")
    # the parent's counts take in its sub-theme's codes, each coding once
    assert m.cell(trust, "P1").extracts == 5 and m.cell(trust, "P1").strength == "secondary"
    assert m.cell(same, "P1").extracts == 3  # inherits its parent's link
    assert items.cell(trust, "P1").extracts == 0 and items.cell(trust, "P1.2").extracts == 5
    assert m.cell(families, NOT_MAPPED).strength == "" and m.cell(families, "P1").extracts == 0
    assert m.cell(families, NOT_MAPPED) == m.cell(families, NOT_MAPPED)
    assert m.cell(waiting, NOT_MAPPED).extracts == 0
    assert [c.label for c in m.columns][-2:] == ["Not mapped", "Cross-cutting"]
    frame = to_dataframe(m, "strength")
    assert list(frame.index) == ["Trust", "    Same worker", "Waiting", "Families"]
    assert frame.loc["Trust", "P1 Culture"] == "secondary"
    counts = to_dataframe(m, "extracts")
    assert counts.loc["Waiting", "P2 Treatment"] == 3
    assert set(itertools.chain.from_iterable(counts.values.tolist())) <= set(range(6))
