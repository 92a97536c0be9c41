"""What the thematic map draws, as plain data, and where nodes go when they have no position yet.

The map widget receives these dataclasses from its owner (who builds them from the theme
service) and never reads the project itself. Nothing here imports Qt, so the automatic layout is
deterministic, testable headless and cheap enough to run on every refresh.

Layout: each theme is the centre of a *cluster*: its box with the codes it is home to placed in
the nearest free slots of a grid around it, so links stay short and radial. A code linked to
several themes lives in the cluster of the first of them (in the order of ``MapData.themes``).
Clusters without stored positions are packed in rows, each sub-theme right after its parent; codes
in no theme are laid out in a block below everything else. Stored positions are always kept.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache

STATUSES = ("candidate", "reviewed", "defined", "final", "discarded")

# Node sizes the layout reserves room for; the items never draw larger than these.
THEME_MAX_W, THEME_MAX_H = 200.0, 72.0
# a code pill is one line (CODE_LINE_H) or, for a long name, two: the layout leaves room for two
CODE_MAX_W, CODE_LINE_H, CODE_H = 170.0, 22.0, 38.0
SLOT_W, SLOT_H = CODE_MAX_W + 12.0, CODE_H + 8.0
CLUSTER_GAP, ROW_GAP = 70.0, 70.0


@dataclass(frozen=True)
class MapTheme:
    id: int
    name: str
    parent_id: int | None
    status: str
    colour: str
    is_miscellaneous: bool = False
    x: float | None = None
    y: float | None = None


@dataclass(frozen=True)
class MapCode:
    id: int
    name: str
    colour: str
    x: float | None = None
    y: float | None = None


@dataclass(frozen=True)
class MapData:
    themes: list[MapTheme] = field(default_factory=list)
    codes: list[MapCode] = field(default_factory=list)
    links: list[tuple[int, int]] = field(default_factory=list)  # (theme id, code id)


Key = tuple[str, int]  # ("theme" | "code", id)
Point = tuple[float, float]


def theme_order(themes: list[MapTheme]) -> list[MapTheme]:
    """Themes depth-first: each top-level theme (in list order) followed by its sub-themes."""
    ids = {t.id for t in themes}
    children: dict[int | None, list[MapTheme]] = {}
    for t in themes:
        parent = t.parent_id if t.parent_id in ids and t.parent_id != t.id else None
        children.setdefault(parent, []).append(t)
    ordered: list[MapTheme] = []
    seen: set[int] = set()
    stack = list(reversed(children.get(None, [])))
    while stack:
        t = stack.pop()
        if t.id in seen:
            continue
        seen.add(t.id)
        ordered.append(t)
        stack.extend(reversed(children.get(t.id, [])))
    ordered.extend(t for t in themes if t.id not in seen)  # parent cycles: keep them visible
    return ordered


def home_themes(data: MapData) -> dict[int, int]:
    """code id -> the theme whose cluster it sits in (its first linked theme in theme order)."""
    rank = {t.id: i for i, t in enumerate(theme_order(data.themes))}
    home: dict[int, int] = {}
    for theme_id, code_id in data.links:
        if theme_id not in rank:
            continue
        current = home.get(code_id)
        if current is None or rank[theme_id] < rank[current]:
            home[code_id] = theme_id
    return home


@cache
def _slots(count: int) -> tuple[tuple[int, int], ...]:
    """The first ``count`` grid slots (column, row) around a theme box, nearest first."""
    reach = int(math.sqrt(count)) + 3
    free_x = THEME_MAX_W / 2 + 8 + CODE_MAX_W / 2
    free_y = THEME_MAX_H / 2 + 6 + CODE_H / 2
    cells = []
    for c in range(-reach, reach + 1):
        for r in range(-reach * 3, reach * 3 + 1):
            x, y = c * SLOT_W, r * SLOT_H
            if abs(x) < free_x and abs(y) < free_y:
                continue  # under the theme box
            # Slightly favour columns beside the box so clusters come out round, not tall.
            cells.append((math.hypot(x * 0.8, y), math.atan2(y, x), c, r))
    cells.sort()
    return tuple((c, r) for _, _, c, r in cells[:count])


def _slots_for(count: int) -> tuple[tuple[int, int], ...]:
    size = 16
    while size < count:
        size *= 2
    return _slots(size)[:count]


def _bbox(points: list[Point], half_w: float, half_h: float) -> tuple[float, float, float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return min(xs) - half_w, min(ys) - half_h, max(xs) + half_w, max(ys) + half_h


Block = tuple[float, float, list[tuple[int, float, float]]]  # width, height, theme centres


def _cluster_box(offsets: list[Point]) -> tuple[float, float, float, float]:
    """A theme's cluster extent around its centre: the box plus its code slots."""
    x0, y0, x1, y1 = _bbox([(0.0, 0.0), *offsets], CODE_MAX_W / 2, CODE_H / 2)
    return (
        min(x0, -THEME_MAX_W / 2),
        min(y0, -THEME_MAX_H / 2),
        max(x1, THEME_MAX_W / 2),
        max(y1, THEME_MAX_H / 2),
    )


def _block(theme_id: int, offsets: dict[int, list[Point]], kids: dict[int, list[int]]) -> Block:
    """A theme's cluster with its sub-themes' blocks side by side beneath it."""
    x0, y0, x1, y1 = _cluster_box(offsets[theme_id])
    below = [_block(k, offsets, kids) for k in kids.get(theme_id, [])]
    kids_w = sum(w for w, _, _ in below) + CLUSTER_GAP * max(len(below) - 1, 0)
    width = max(x1 - x0, kids_w)
    places = [(theme_id, (width - (x1 - x0)) / 2 - x0, -y0)]
    height = y1 - y0
    x = (width - kids_w) / 2
    for w, _h, inner in below:
        places += [(t, x + cx, y1 - y0 + ROW_GAP + cy) for t, cx, cy in inner]
        x += w + CLUSTER_GAP
    if below:
        height += ROW_GAP + max(h for _, h, _ in below)
    return width, height, places


def auto_layout(data: MapData) -> dict[Key, Point]:
    """A centre position for every node: stored ones kept, the rest placed deterministically."""
    pos: dict[Key, Point] = {}
    for t in data.themes:
        if t.x is not None and t.y is not None:
            pos["theme", t.id] = (t.x, t.y)
    for c in data.codes:
        if c.x is not None and c.y is not None:
            pos["code", c.id] = (c.x, c.y)

    home = home_themes(data)
    members: dict[int, list[MapCode]] = {}
    homeless: list[MapCode] = []
    for c in data.codes:
        if ("code", c.id) in pos:
            continue
        if c.id in home:
            members.setdefault(home[c.id], []).append(c)
        else:
            homeless.append(c)

    # Each theme's cluster, relative to the theme's centre: slot offsets for its unplaced codes.
    ordered = theme_order(data.themes)
    offsets: dict[int, list[Point]] = {}
    for t in ordered:
        taken: set[tuple[int, int]] = set()
        if ("theme", t.id) in pos:
            tx, ty = pos["theme", t.id]
            for c in data.codes:
                if home.get(c.id) == t.id and ("code", c.id) in pos:
                    cx, cy = pos["code", c.id]
                    taken.add((round((cx - tx) / SLOT_W), round((cy - ty) / SLOT_H)))
        mine = members.get(t.id, [])
        slots = [s for s in _slots_for(len(mine) + len(taken)) if s not in taken][: len(mine)]
        offsets[t.id] = [(c * SLOT_W, r * SLOT_H) for c, r in slots]

    # Pack the clusters of unplaced themes in rows, below anything already placed; each theme's
    # unplaced sub-themes hang beneath it, so parent lines stay short.
    start_x, start_y = 0.0, 0.0
    if pos:
        left, _, _, bottom = _bbox(list(pos.values()), SLOT_W / 2, SLOT_H / 2)
        start_x, start_y = left, bottom + ROW_GAP * 2
    unplaced = [t for t in ordered if ("theme", t.id) not in pos]
    rank = {t.id: i for i, t in enumerate(unplaced)}
    kids: dict[int, list[int]] = {}
    roots: list[int] = []
    for t in unplaced:
        if t.parent_id in rank and rank[t.parent_id] < rank[t.id]:
            kids.setdefault(t.parent_id, []).append(t.id)
        else:
            roots.append(t.id)
    blocks = [_block(r, offsets, kids) for r in roots]
    if blocks:
        area = sum((w + CLUSTER_GAP) * (h + ROW_GAP) for w, h, _ in blocks)
        row_width = max(math.sqrt(area) * 1.4, max(w for w, _, _ in blocks))
        x, y, row_h = start_x, start_y, 0.0
        for width, height, places in blocks:
            if x > start_x and x + width > start_x + row_width:
                x, y, row_h = start_x, y + row_h + ROW_GAP, 0.0
            for theme_id, cx, cy in places:
                pos["theme", theme_id] = (x + cx, y + cy)
            x += width + CLUSTER_GAP
            row_h = max(row_h, height)
        start_y = y + row_h + ROW_GAP * 2

    for t in ordered:
        tx, ty = pos["theme", t.id]
        for c, (dx, dy) in zip(members.get(t.id, []), offsets[t.id], strict=True):
            pos["code", c.id] = (tx + dx, ty + dy)

    if homeless:
        if pos:
            left, _, right, bottom = _bbox(list(pos.values()), SLOT_W / 2, SLOT_H / 2)
            start_x, start_y = left, max(start_y, bottom + ROW_GAP * 2)
            columns = max(4, int((right - left) // SLOT_W))
        else:
            columns = max(4, int(math.sqrt(len(homeless) * SLOT_H / SLOT_W) * 2))
        for i, c in enumerate(homeless):
            row, col = divmod(i, columns)
            pos["code", c.id] = (
                start_x + SLOT_W / 2 + col * SLOT_W,
                start_y + SLOT_H / 2 + row * SLOT_H,
            )
    return pos


def unthemed_origin(data: MapData, pos: dict[Key, Point]) -> Point | None:
    """Top-left corner of the block of codes in no theme (for its caption), or None."""
    home = home_themes(data)
    loose = [
        pos["code", c.id] for c in data.codes if c.id not in home and (c.x is None or c.y is None)
    ]
    if not loose:
        return None
    left, top, _, _ = _bbox(loose, CODE_MAX_W / 2, CODE_H / 2)
    return left, top
