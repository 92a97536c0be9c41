"""The register's services: numbering across priorities, moves, edits, links, undo, the check."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from qualcode.domain.errors import ValidationError
from qualcode.services.recommendations import edits, links
from qualcode.services.recommendations.register import recommendation_register, register_check
from qualcode.services.themes.themes import delete_theme, discard_theme
from qualcode.services.undo.history import apply_reversal
from qualcode.storage.models import Coding, Recommendation, RecommendationTheme
from qualcode.storage.project import Project
from tests.frameworks.world import expected
from tests.recommendations.world import RegisterWorld, build_register


@pytest.fixture
def world(tmp_path: Path) -> RegisterWorld:
    return build_register(tmp_path / "r.qcproj", tmp_path)


def _order(p: Project) -> list[tuple[int, str, str]]:
    return [(e.number, s.ref, e.title) for s in recommendation_register(p).sections
            for e in s.entries]  # fmt: skip


def test_register_numbers_across_priorities_in_framework_order(world: RegisterWorld) -> None:
    with Project.open(world.w.path) as p:
        assert _order(p) == [
            (1, "P1", "Peer support in every team"),
            (2, "P1", "Train staff on stigma"),
            (3, "P2", "Publish waiting times"),
        ]
        register = recommendation_register(p, include_empty=True)
    # every priority is a section for the panel, and the unassigned ones come last
    assert [s.heading for s in register.sections] == [
        "P1 Culture", "P2 Treatment", "Other recommendations"
    ]  # fmt: skip


def test_evidence_counts_match_an_independent_count(world: RegisterWorld) -> None:
    w = world.w
    trust = w.themes[0]
    with Project.open(w.path) as p:
        entry = next(e for e in recommendation_register(p).entries if e.title.startswith("Peer"))
    want = expected(w, world.theme_codes, trust)  # Trust with its sub-theme "Same worker"
    assert (entry.extracts, entry.participants) == (want.extracts, want.participants)
    assert want.extracts == 3


def test_move_renumbers_and_is_one_undo_step(world: RegisterWorld) -> None:
    w, recs = world.w, world.recs
    with Project.open(w.path) as p:
        before = _order(p)
        change = edits.move_recommendation(p, recs["Publish waiting times"], w.items["P1"], 0)
        assert [t for _n, _r, t in _order(p)] == [
            "Publish waiting times", "Peer support in every team", "Train staff on stigma"
        ]  # fmt: skip
        with p.read() as s:
            positions = s.scalars(select(Recommendation.position)).all()
        assert sorted(positions) == [1, 2, 3]  # no gaps, no ties under P1
        apply_reversal(p, change.reversal)
        assert _order(p) == before
        # within a priority: the second goes first
        edits.move_recommendation(p, recs["Train staff on stigma"], w.items["P1"], 0)
        assert [t for _n, _r, t in _order(p)][:2] == [
            "Train staff on stigma", "Peer support in every team"
        ]  # fmt: skip
        with pytest.raises(ValidationError, match="already there"):
            edits.move_recommendation(p, recs["Train staff on stigma"], w.items["P1"], 0)


def test_delete_closes_the_gap_and_undo_restores_links(world: RegisterWorld) -> None:
    w, recs = world.w, world.recs
    with Project.open(w.path) as p:
        links.link_extracts(p, recs["Peer support in every team"], [w.codings[0][0]])
        change = edits.delete_recommendation(p, recs["Peer support in every team"])
        assert _order(p) == [(1, "P1", "Train staff on stigma"), (2, "P2", "Publish waiting times")]
        apply_reversal(p, change.reversal)
        entry = recommendation_register(p).entries[0]
    assert entry.title == "Peer support in every team"
    assert [t.name for t in entry.themes] == ["Trust"]
    assert entry.extract_ids == (w.codings[0][0],)


def test_edit_validates_and_undoes(world: RegisterWorld) -> None:
    w, recs = world.w, world.recs
    rid = recs["Train staff on stigma"]
    with Project.open(w.path) as p:
        with pytest.raises(ValidationError, match="not a status"):
            edits.update_recommendation(p, rid, status="finished")
        with pytest.raises(ValidationError, match="cannot be empty"):
            edits.update_recommendation(p, rid, title="  ")
        change = edits.update_recommendation(
            p, rid, title="Train every frontline worker", status="In progress", owner="HR",
            item_id=w.items["P2"],
        )  # fmt: skip
        entry = recommendation_register(p).entries[-1]
        assert (entry.title, entry.status_label, entry.owner, entry.number) == (
            "Train every frontline worker", "In progress", "HR", 3
        )  # fmt: skip
        apply_reversal(p, change.reversal)
        assert _order(p)[1] == (2, "P1", "Train staff on stigma")


def test_theme_links_set_at_once_and_deleted_theme_comes_back_with_its_links(
    world: RegisterWorld,
) -> None:
    w, recs = world.w, world.recs
    trust, _same, waiting, families = w.themes
    rid = recs["Train staff on stigma"]
    with Project.open(w.path) as p:
        links.set_recommendation_themes(p, rid, [families, waiting])
        entry = next(e for e in recommendation_register(p).entries if e.id == rid)
        assert entry.theme_names == "Waiting; Families"
        # deleting a theme elsewhere in the app drops the link; undoing it restores the link
        change = delete_theme(p, waiting)
        with p.session() as s:
            left = s.scalars(select(RecommendationTheme.recommendation_id)
                             .where(RecommendationTheme.theme_id == waiting)).all()  # fmt: skip
        assert left == []
        apply_reversal(p, change.reversal)
        entry = next(e for e in recommendation_register(p).entries if e.id == rid)
        assert entry.theme_names == "Waiting; Families"
        links.unlink_theme(p, rid, families)
        with pytest.raises(ValidationError):
            links.unlink_theme(p, rid, families)
        assert trust not in {t.id for t in entry.themes}


def test_deleted_coding_comes_back_with_its_evidence_link(world: RegisterWorld) -> None:
    from qualcode.services.coding.codings import remove_coding

    w, recs = world.w, world.recs
    rid = recs["Publish waiting times"]
    coding = w.codings[3][0]
    with Project.open(w.path) as p:
        links.link_extracts(p, rid, [coding])
        change = remove_coding(p, coding)
        assert recommendation_register(p).entries[-1].extract_ids == ()
        apply_reversal(p, change.reversal)
        assert recommendation_register(p).entries[-1].extract_ids == (coding,)
        with p.session() as s:
            assert s.get(Coding, coding) is not None


def test_check_lists_unsupported_recommendations_and_unused_themes(world: RegisterWorld) -> None:
    w = world.w
    trust, same, waiting, families = w.themes
    with Project.open(w.path) as p:
        check = register_check(p)
        assert [e.title for e in check.without_theme] == ["Train staff on stigma"]
        # "Same worker" is under Trust, which is linked; Families supports nothing
        assert [t.name for t in check.unused_themes] == ["Families"]
        discard_theme(p, families)
        assert register_check(p).unused_themes == []
        # unlinking Trust leaves it and its sub-theme unused
        links.unlink_theme(p, world.recs["Peer support in every team"], trust)
        assert [t.id for t in register_check(p).unused_themes] == [trust, same]
    assert waiting


def test_renumber_closes_gaps(world: RegisterWorld) -> None:
    w = world.w
    with Project.open(w.path) as p:
        with pytest.raises(ValidationError, match="already numbered"):
            edits.renumber_recommendations(p)
        with p.session() as s:
            for r in s.scalars(select(Recommendation)):
                r.position *= 10
        change = edits.renumber_recommendations(p)
        with p.read() as s:
            assert sorted(s.scalars(select(Recommendation.position))) == [1, 1, 2]
        apply_reversal(p, change.reversal)
        with p.read() as s:
            assert sorted(s.scalars(select(Recommendation.position))) == [10, 10, 20]


def test_removing_the_framework_leaves_them_unassigned_until_undone(world: RegisterWorld) -> None:
    from qualcode.services.frameworks.frameworks import remove_framework

    w = world.w
    with Project.open(w.path) as p:
        before = _order(p)
        change = remove_framework(p, w.framework)
        sections = recommendation_register(p).sections
        assert [s.heading for s in sections] == ["Other recommendations"]
        assert len(sections[0].entries) == 3
        apply_reversal(p, change.reversal)
        assert _order(p) == before


def test_merging_themes_keeps_the_recommendations_based_on_them(world: RegisterWorld) -> None:
    from qualcode.services.themes.themes import merge_themes

    w, recs = world.w, world.recs
    _trust, _same, waiting, families = w.themes
    rid = recs["Train staff on stigma"]
    with Project.open(w.path) as p:
        links.set_recommendation_themes(p, rid, [families])
        change = merge_themes(p, families, waiting)
        entry = next(e for e in recommendation_register(p).entries if e.id == rid)
        assert entry.theme_names == "Waiting"
        apply_reversal(p, change.reversal)
        entry = next(e for e in recommendation_register(p).entries if e.id == rid)
        assert entry.theme_names == "Families"
