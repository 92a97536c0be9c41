"""Random sequences of theme, map, review and phase operations, then every reversal in reverse
order: the project is exactly as it started; then every redo: exactly as it was after."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from qualcode.services.themes import phases, review, thematic_map, themes
from qualcode.services.undo.changes import Change
from qualcode.storage.models import Code, Coding, MapVersion, Theme
from qualcode.storage.project import Project
from tests.helpers import undo_redo_round_trip
from tests.seed import seed

OPS = [
    "create_theme",
    "update_theme",
    "link_code",
    "unlink_code",
    "promote_code",
    "split_code",
    "merge_themes",
    "demote_theme",
    "discard_theme",
    "restore_theme",
    "delete_theme",
    "set_position",
    "save_version",
    "delete_version",
    "move_coding",
    "uncode",
    "flag_key_extract",
    "set_phase",
    "set_checked",
    "add_decision",
]
NAMES = st.sampled_from(["Trust", "Stigma", "Access", "Hope", "Miscellaneous"])


def _ids(p: Project, model: type) -> list[int]:
    with p.read() as s:
        return list(s.scalars(select(model.id).order_by(model.id)))


def _run(p: Project, op: str, data: st.DataObject) -> Change | None:
    def pick(model: type) -> int | None:
        ids = _ids(p, model)
        return data.draw(st.sampled_from(ids)) if ids else None

    name = data.draw(NAMES)
    if op == "create_theme":
        parent = pick(Theme) if data.draw(st.booleans()) else None
        return themes.create_theme(p, name, parent, is_miscellaneous=name == "Miscellaneous")
    if op == "save_version":
        return thematic_map.save_version(p, name)
    if op == "set_phase":
        return phases.set_phase(p, data.draw(st.integers(1, 6)))
    if op == "set_checked":
        key = data.draw(st.sampled_from(["p1.1", "p4.2", "p6.15"]))
        return phases.set_checked(p, key, data.draw(st.booleans()))
    if op == "add_decision":
        return phases.add_decision(p, name)
    if op == "delete_version":
        version = pick(MapVersion)
        return thematic_map.delete_version(p, version) if version else None
    if op in ("move_coding", "uncode", "flag_key_extract"):
        coding = pick(Coding)
        if coding is None:
            return None
        if op == "uncode":
            return review.uncode(p, coding)
        if op == "flag_key_extract":
            return review.flag_key_extract(p, coding, data.draw(st.booleans()))
        code = pick(Code)
        return review.move_coding(p, coding, code) if code else None
    if op in ("promote_code", "split_code"):
        code = pick(Code)
        if code is None:
            return None
        if op == "promote_code":
            return themes.promote_code(p, code)
        with p.read() as s:
            mine = list(s.scalars(select(Coding.id).where(Coding.code_id == code)))
        return themes.split_code(p, code, mine[:1], name + " 2")
    theme = pick(Theme)
    if theme is None:
        return None
    if op == "update_theme":
        field = data.draw(st.sampled_from(["name", "definition", "status", "scope_out"]))
        value = {
            "name": name,
            "definition": data.draw(st.sampled_from(["", "What it is"])),
            "status": data.draw(st.sampled_from(["candidate", "reviewed", "final", "discarded"])),
            "scope_out": "not this",
        }[field]
        return themes.update_theme(p, theme, **{field: value})
    if op in ("link_code", "unlink_code"):
        code = pick(Code)
        if code is None:
            return None
        return (themes.link_code if op == "link_code" else themes.unlink_code)(p, theme, code)
    if op in ("merge_themes", "demote_theme"):
        other = pick(Theme)
        if op == "demote_theme":
            return themes.demote_theme(p, theme, other if data.draw(st.booleans()) else None)
        return themes.merge_themes(p, theme, other) if other is not None else None
    if op == "set_position":
        kind = data.draw(st.sampled_from(["theme", "code"]))
        ref = theme if kind == "theme" else pick(Code)
        return thematic_map.set_position(p, kind, ref or 0, 1.5, -2.0)
    if op == "discard_theme":
        return themes.discard_theme(p, theme)
    if op == "restore_theme":
        return themes.restore_theme(p, theme)
    return themes.delete_theme(p, theme)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_undo_all_restores_start_and_redo_all_restores_end(data: st.DataObject) -> None:
    undo_redo_round_trip(_run, seed, OPS, data, max_size=14)
