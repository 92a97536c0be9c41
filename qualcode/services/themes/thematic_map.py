"""The thematic map's data: themes, the codes that inform them, links and node positions.

The map *is* the structure: editing it calls the theme services, so the map only adds positions
(saved on the theme and code rows, undoable but not logged as structural changes) and named
versions (a JSON snapshot, so an earlier map can be shown beside the current one even after the
themes in it were merged away). Nodes never placed get a deterministic default layout: top-level
themes on a circle, sub-themes around their parent, codes in a small spiral around their theme.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from sqlalchemy import func, select

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.values import clean_name
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Delete, Insert, Reversal, Step, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Code, Coder, MapVersion, Theme, ThemeCode, new_guid, utcnow
from qualcode.storage.project import Project

_GOLDEN = math.pi * (3 - math.sqrt(5))
SNAPSHOT_FORMAT = 1


@dataclass(frozen=True)
class MapTheme:
    id: int
    name: str
    parent_id: int | None
    status: str
    colour: str
    is_miscellaneous: bool
    x: float
    y: float
    placed: bool = True  # False: x, y come from the default layout


@dataclass(frozen=True)
class MapCode:
    id: int
    name: str
    colour: str
    x: float
    y: float
    placed: bool = True


@dataclass(frozen=True)
class MapLink:
    theme_id: int
    code_id: int


@dataclass(frozen=True)
class MapData:
    themes: list[MapTheme]
    codes: list[MapCode]
    links: list[MapLink]


@dataclass(frozen=True)
class MapVersionInfo:
    id: int
    name: str
    created_at: dt.datetime
    author: str | None
    themes: int
    codes: int


def _spiral(cx: float, cy: float, i: int, inner: float = 80.0) -> tuple[float, float]:
    r = inner + 22.0 * math.sqrt(i)
    return cx + r * math.cos(i * _GOLDEN), cy + r * math.sin(i * _GOLDEN)


def _layout(
    themes: list[tuple[int, int | None, float | None, float | None]],
    first_theme: dict[int, int],
) -> dict[int, tuple[float, float]]:
    """Default centres of every theme: top level on a circle sized to their code clouds."""
    per_theme: dict[int, int] = {}
    for t in first_theme.values():
        per_theme[t] = per_theme.get(t, 0) + 1
    tops = [t for t, parent, _x, _y in themes if parent is None]
    cloud = max((80 + 22 * math.sqrt(n) for n in per_theme.values()), default=80.0)
    radius = max(260.0, len(tops) * (2 * cloud + 60) / (2 * math.pi))
    centres: dict[int, tuple[float, float]] = {}
    for i, t in enumerate(tops):
        angle = 2 * math.pi * i / max(1, len(tops)) - math.pi / 2
        centres[t] = (radius * math.cos(angle), radius * math.sin(angle))
    known = {t: (x, y) for t, _p, x, y in themes if x is not None and y is not None}
    children: dict[int, list[int]] = {}
    for t, parent, _x, _y in themes:
        if parent is not None:
            children.setdefault(parent, []).append(t)
    frontier = list(tops)
    while frontier:
        nxt: list[int] = []
        for parent in frontier:
            px, py = known.get(parent, centres.get(parent, (0.0, 0.0)))
            kids = children.get(parent, [])
            for j, kid in enumerate(kids):
                angle = 2 * math.pi * j / len(kids) + math.pi / 4
                centres[kid] = (px + 2 * cloud * math.cos(angle), py + 2 * cloud * math.sin(angle))
            nxt += kids
        frontier = nxt
    return centres


def map_data(project: Project) -> MapData:
    """Themes (discarded ones too: the GUI greys them), the codes linked to any theme, links."""
    with project.read() as s:
        trows = s.execute(
            select(
                Theme.id,
                Theme.name,
                Theme.parent_id,
                Theme.status,
                Theme.colour,
                Theme.is_miscellaneous,
                Theme.map_x,
                Theme.map_y,
            ).order_by(Theme.position, Theme.id)
        ).all()
        links = [
            MapLink(t, c)
            for t, c in s.execute(
                select(ThemeCode.theme_id, ThemeCode.code_id).order_by(
                    ThemeCode.theme_id, ThemeCode.code_id
                )
            )
        ]
        crows = s.execute(
            select(Code.id, Code.name, Code.colour, Code.map_x, Code.map_y)
            .where(Code.id.in_(select(ThemeCode.code_id)))
            .order_by(Code.position, Code.id)
        ).all()
    order = {r[0]: i for i, r in enumerate(trows)}
    first_theme: dict[int, int] = {}
    for link in sorted(links, key=lambda lk: order.get(lk.theme_id, 0)):
        first_theme.setdefault(link.code_id, link.theme_id)
    centres = _layout([(r[0], r[2], r[6], r[7]) for r in trows], first_theme)
    themes: list[MapTheme] = []
    where: dict[int, tuple[float, float]] = {}
    for tid, name, parent, status, colour, misc, x, y in trows:
        placed = x is not None and y is not None
        pos = (float(x), float(y)) if x is not None and y is not None else centres[tid]
        where[tid] = pos
        themes.append(MapTheme(tid, name, parent, status, colour, bool(misc), *pos, placed))
    codes: list[MapCode] = []
    ring: dict[int, int] = {}
    for cid, name, colour, x, y in crows:
        if x is not None and y is not None:
            codes.append(MapCode(cid, name, colour, float(x), float(y)))
            continue
        theme = first_theme[cid]
        i = ring[theme] = ring.get(theme, -1) + 1
        codes.append(MapCode(cid, name, colour, *_spiral(*where[theme], i), False))
    return MapData(themes, codes, links)


@operation
def set_positions(project: Project, moves: Sequence[tuple[str, int, float, float]]) -> Change:
    """Save where nodes were dropped: ``(kind, id, x, y)`` with kind ``theme`` or ``code``.
    One undo step however many nodes moved together."""
    steps: list[Update] = []
    for kind, ref_id, x, y in moves:
        if kind not in ("theme", "code"):
            raise ValidationError(f"Only themes and codes sit on the map, not '{kind}'.")
        steps.append(Update(kind, {"id": ref_id}, {"map_x": float(x), "map_y": float(y)}))
    with project.session() as s:
        for step in steps:
            model = Theme if step.table == "theme" else Code
            if s.scalar(select(model.id).where(model.id == step.key["id"])) is None:
                raise NotFoundError(f"There is no {step.table} with id {step.key['id']}.")
        inverse = apply_steps(s, list[Step](steps))
    label = "move map node" if len(steps) == 1 else f"move {len(steps)} map nodes"
    first = moves[0][1] if moves else None
    return Change("move", "map", first, label.capitalize(), Reversal(label, inverse))


@operation
def set_position(project: Project, kind: str, ref_id: int, x: float, y: float) -> Change:
    return set_positions(project, [(kind, ref_id, x, y)])


@operation
def save_version(project: Project, name: str) -> Change:
    """Keep the current map (as drawn, defaults resolved) under ``name``."""
    name = clean_name(name, "map version name")
    data = map_data(project)
    snapshot = json.dumps({"format": SNAPSHOT_FORMAT, **asdict(data)})
    with project.session() as s:
        vid, guid = (s.scalar(select(func.max(MapVersion.id))) or 0) + 1, new_guid()
        row = {
            "id": vid,
            "guid": guid,
            "name": name,
            "created_at": utcnow(),
            "coder_id": project.coder_id,
            "snapshot": snapshot,
        }
        inverse = apply_steps(s, [Insert("map_version", (row,))])
        summary = f"Saved map version '{name}' ({len(data.themes)} themes)"
        log_change(s, project.coder_id, "save", "map_version", summary, guid)
        return Change("create", "map_version", vid, summary, Reversal(f"save '{name}'", inverse))


@operation
def delete_version(project: Project, version_id: int) -> Change:
    with project.session() as s:
        version = s.get(MapVersion, version_id)
        if version is None:
            raise NotFoundError(f"There is no map version with id {version_id}.")
        name, guid = version.name, version.guid
        s.expunge(version)
        inverse = apply_steps(s, [Delete("map_version", ({"id": version_id},))])
        summary = f"Deleted map version '{name}'"
        log_change(s, project.coder_id, "delete", "map_version", summary, guid)
        return Change("delete", "map_version", version_id, summary, Reversal(summary, inverse))


def list_versions(project: Project) -> list[MapVersionInfo]:
    with project.read() as s:
        rows = s.execute(
            select(
                MapVersion.id,
                MapVersion.name,
                MapVersion.created_at,
                Coder.name,
                MapVersion.snapshot,
            )
            .outerjoin(Coder, Coder.id == MapVersion.coder_id)
            .order_by(MapVersion.created_at, MapVersion.id)
        ).all()
    out = []
    for vid, name, at, author, snapshot in rows:
        data = json.loads(snapshot)
        out.append(MapVersionInfo(vid, name, at, author, len(data["themes"]), len(data["codes"])))
    return out


def version_data(project: Project, version_id: int) -> MapData:
    """The map as it was saved, in the same shape as :func:`map_data`."""
    with project.read() as s:
        snapshot = s.scalar(select(MapVersion.snapshot).where(MapVersion.id == version_id))
    if snapshot is None:
        raise NotFoundError(f"There is no map version with id {version_id}.")
    data = json.loads(snapshot)
    return MapData(
        [MapTheme(**t) for t in data["themes"]],
        [MapCode(**c) for c in data["codes"]],
        [MapLink(**lk) for lk in data["links"]],
    )
