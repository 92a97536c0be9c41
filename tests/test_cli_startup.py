"""Every ``qualcode`` call builds the whole argument parser, so building it must not load the
database layer, spreadsheets, XML or language tools: ``qualcode --help`` stays instant."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sqlalchemy", "openpyxl", "lxml", "pandas", "spacy", "docx", "PySide6", "matplotlib")

PROBE = """
import json, sys
from qualcode.cli import _parser
_parser()
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in HEAVY)))
"""


def test_building_the_parser_loads_nothing_heavy() -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(done.stdout) == []


def test_the_autocode_units_offered_are_the_services_units() -> None:
    from qualcode.cli.search import UNITS
    from qualcode.services.search.autocode import UNITS as SERVICE_UNITS

    assert UNITS == SERVICE_UNITS
