"""The strategy frameworks shipped with QualCode, found without loading anything heavy.

Kept apart from :mod:`frameworks` so the command line can offer their keys (``--bundled wirral``)
when it builds its help, without importing the database layer or the spreadsheet reader.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.domain.errors import NotFoundError

_HERE = Path(__file__).resolve()
_FOLDERS = (
    _HERE.parents[2] / "_resources" / "frameworks",  # installed wheel
    _HERE.parents[3] / "resources" / "frameworks",  # checkout
)
# key -> (file stem, display name) of the frameworks shipped with QualCode
_BUNDLED = {
    "wirral": ("wirral-drugs-strategy-2023-2027", "Wirral Drugs Strategy 2023-2027"),
    "harm-to-hope": ("from-harm-to-hope-2021", "From Harm to Hope (2021)"),
}


def frameworks_folder() -> Path:
    for folder in _FOLDERS:
        if folder.is_dir():
            return folder
    raise NotFoundError("The bundled frameworks are missing from this installation.")


def bundled_frameworks() -> list[tuple[str, str, Path]]:
    """(key, name, path) of each framework shipped with QualCode."""
    folder = frameworks_folder()
    return [(key, name, folder / f"{stem}.csv") for key, (stem, name) in _BUNDLED.items()]
