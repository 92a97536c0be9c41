"""``qualcode recommendations`` and ``qualcode export recommendations``: the register from scripts.

The listing shows the register as the panel does (numbered under the priorities, with owner,
timescale, status and the themes behind each) and ends with the check, so a team lead can see
what is not yet traceable; ``--json`` gives the same to scripts. It opens the project read-only.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.wording import plural

if TYPE_CHECKING:  # the services load when the command runs (see cli/frameworks.py)
    from qualcode.exporters.recommendations_model import Register
    from qualcode.services.recommendations.register import RegisterCheck


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("recommendations", help="the recommendation register and its check")
    p.add_argument("project", type=Path)
    p.add_argument("--json", action="store_true", help="machine-readable output")


def add_export_parser(formats: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """``export recommendations`` (under ``qualcode export``)."""
    e = formats.add_parser(
        "recommendations", help="the recommendation register (.docx report section or .xlsx)"
    )
    e.add_argument("project", type=Path)
    e.add_argument("out", type=Path, help="OUT.docx or OUT.xlsx")
    e.add_argument("--no-quotes", action="store_true", help="Word: leave out the linked extracts")


def as_dict(register: Register, check: RegisterCheck) -> dict[str, Any]:
    return {
        "project": register.project,
        "base": {"extracts": register.extracts_base, "participants": register.participants_base},
        "sections": [
            {
                "priority": s.ref if s.item_id is not None else None,
                "heading": s.heading,
                "framework": s.framework or None,
                "recommendations": [
                    {
                        "number": e.number,
                        "id": e.id,
                        "guid": e.guid,
                        "title": e.title,
                        "text": e.text,
                        "owner": e.owner,
                        "timescale": e.timescale,
                        "status": e.status,
                        "themes": [{"id": t.id, "name": t.name} for t in e.themes],
                        "extracts": list(e.extract_ids),
                        "theme_extracts": e.extracts,
                        "participants": e.participants,
                    }
                    for e in s.entries
                ],
            }
            for s in register.sections
        ],
        "check": {
            "without_theme": [e.number for e in check.without_theme],
            "unused_themes": [{"id": t.id, "name": t.name} for t in check.unused_themes],
        },
    }


def _lines(register: Register, check: RegisterCheck) -> list[str]:
    out: list[str] = []
    for section in register.sections:
        out.append(section.heading)
        for e in section.entries:
            out.append(f"  {e.number}. {e.title} [{e.status_label.lower()}]")
            who = ", ".join(x for x in (e.owner, e.timescale) if x.strip())
            if who:
                out.append(f"     {who}")
            themes = e.theme_names or "none"
            out.append(f"     based on themes: {themes}; {plural(e.extracts, 'extract')}, "
                       f"{plural(e.participants, 'participant')}")  # fmt: skip
    total = len(register.entries)
    out.append(f"{plural(total, 'recommendation')}. {register.base}")
    if check.without_theme:
        numbers = ", ".join(str(e.number) for e in check.without_theme)
        out.append(f"No supporting theme: {numbers}.")
    if check.unused_themes:
        names = "; ".join(t.name for t in check.unused_themes)
        out.append(f"Themes behind no recommendation: {names}.")
    return out


def run_recommendations(args: argparse.Namespace) -> int:
    from qualcode.services.recommendations.register import (
        recommendation_register,
        register_check,
    )
    from qualcode.storage.project import Project

    with Project.open(args.project, readonly=True) as project:
        register = recommendation_register(project)
        check = register_check(project, register)
    if args.json:
        print(json.dumps(as_dict(register, check), indent=2, ensure_ascii=False))
    else:
        print("\n".join(_lines(register, check)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    from qualcode.services.recommendations.export import export_recommendations
    from qualcode.storage.project import Project

    with Project.open(args.project, readonly=True) as project:
        register = export_recommendations(project, args.out, with_quotes=not args.no_quotes)
    print(f"Wrote {plural(len(register.entries), 'recommendation')} to {args.out}")
    return 0
