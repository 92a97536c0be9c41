"""Every ``qualcode`` call builds the whole argument parser, so building it must not load the
database layer, spreadsheets, XML or language tools: ``qualcode --help`` stays instant."""

from __future__ import annotations

import json
import os
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


WINDOW_PROBE = """
import json, sys
import qualcode.ui.shell.main_window
print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & set(HEAVY))))
"""


def test_opening_the_window_loads_no_export_library() -> None:
    """The window's module tree pays only for what it shows at start: spreadsheets, Word, XML,
    pandas and matplotlib come in when an export, an import or the Counts tab first needs them."""
    heavy = ("openpyxl", "lxml", "pandas", "docx", "matplotlib", "spacy", "numpy")
    done = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {heavy!r}\n{WINDOW_PROBE}"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert json.loads(done.stdout) == []
