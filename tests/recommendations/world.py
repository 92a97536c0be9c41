"""A small register over the frameworks test world: three recommendations under two priorities."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qualcode.services.recommendations.edits import create_recommendation
from qualcode.storage.project import Project
from tests.frameworks.world import World, add_codings, build, link_codes


@dataclass
class RegisterWorld:
    w: World
    recs: dict[str, int]
    theme_codes: set[tuple[int, int]]


def build_register(path: Path, tmp: Path) -> RegisterWorld:
    w = build(path, tmp)
    trust, same, waiting, _families = w.themes
    theme_codes = {(trust, w.codes[0]), (same, w.codes[1]), (waiting, w.codes[2])}
    with Project.open(path) as p:
        add_codings(p, w, [(0, 1, 0), (1, 2, 0), (0, 3, 1), (2, 1, 2), (2, 4, 2), (1, 5, 3)],
                    key={0, 3})  # fmt: skip
        link_codes(p, theme_codes)
        recs = {}
        for title, ref, themes in (
            ("Peer support in every team", "P1", [trust]),
            ("Publish waiting times", "P2", [waiting]),
            ("Train staff on stigma", "P1", []),
        ):
            change = create_recommendation(
                p, title, f"{title}, across the borough.", w.items[ref], "Public health",
                "12 months", theme_ids=themes,
            )  # fmt: skip
            recs[title] = change.entity_id or 0
    return RegisterWorld(w, recs, theme_codes)
