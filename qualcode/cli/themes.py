"""``qualcode themes``: the theme tree with statuses, definitions, codes and counts.

For team leads checking the evidence behind each theme without opening the app, and for scripts
(``--json``). Opens the project read-only, so it can run while someone else has it open.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.wording import plural

if TYPE_CHECKING:  # the services load when the command runs (see cli/frameworks.py)
    from qualcode.services.themes.theme_counts import ThemeNode


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("themes", help="the theme tree with statuses, codes and counts")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true", help="machine-readable output")


def _as_dict(node: ThemeNode) -> dict[str, Any]:
    return {
        "id": node.id,
        "name": node.name,
        "status": node.status,
        "miscellaneous": node.is_miscellaneous,
        "definition": node.definition,
        "central_concept": node.central_concept,
        "extracts": node.extracts,
        "documents": node.documents,
        "participants": node.participants,
        "codes": [
            {
                "id": c.id,
                "name": c.name,
                "extracts": c.extracts,
                "documents": c.documents,
                "participants": c.participants,
            }
            for c in node.codes
        ],
        "subthemes": [_as_dict(child) for child in node.children],
    }


def _lines(node: ThemeNode) -> list[str]:
    pad = "  " * node.depth
    flag = ", miscellaneous" if node.is_miscellaneous else ""
    counts = ", ".join(
        (
            plural(node.extracts, "extract"),
            plural(node.documents, "document"),
            plural(node.participants, "participant"),
        )
    )
    out = [f"{pad}{node.name} [{node.status}{flag}]  {counts}"]
    if node.definition.strip():
        out.append(f"{pad}    definition: {' '.join(node.definition.split())}")
    for c in node.codes:
        out.append(
            f"{pad}    - {c.name}: {plural(c.extracts, 'extract')}, "
            f"{plural(c.documents, 'doc')}, {plural(c.participants, 'participant')}"
        )
    for child in node.children:
        out += _lines(child)
    return out


def run_themes(args: argparse.Namespace) -> int:
    from qualcode.services.themes.theme_counts import theme_tree
    from qualcode.storage.project import Project

    with Project.open(args.project, readonly=True) as project:
        tree = theme_tree(project)
    if args.json:
        print(json.dumps({"themes": [_as_dict(n) for n in tree]}, indent=2, ensure_ascii=False))
        return 0
    if not tree:
        print(f"{args.project}: no themes yet")
        return 0
    for node in tree:
        print("\n".join(_lines(node)))
    return 0
