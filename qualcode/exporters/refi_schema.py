"""Find and load the REFI-QDA schemas (Codebook.xsd, Project.xsd) that exports are checked against.

In a checkout they sit in ``<repo>/resources/refi``; an installed wheel carries them as
``qualcode/_resources/refi`` (the build force-includes the folder). The schemas are published by
REFI under the MIT licence; the notice is kept in the files.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Literal

from lxml import etree  # type: ignore[import-untyped]

from qualcode.domain.errors import QualCodeError

SchemaName = Literal["Codebook", "Project"]

_HERE = Path(__file__).resolve()
_CANDIDATES = (
    _HERE.parents[1] / "_resources" / "refi",  # installed wheel
    _HERE.parents[2] / "resources" / "refi",  # checkout
)


def schema_path(name: SchemaName) -> Path:
    """The path of ``<name>.xsd``; :class:`QualCodeError` when neither location has it."""
    for folder in _CANDIDATES:
        path = folder / f"{name}.xsd"
        if path.is_file():
            return path
    raise QualCodeError(f"The REFI-QDA schema {name}.xsd is missing from this installation.")


@functools.cache
def load_schema(name: SchemaName) -> etree.XMLSchema:
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.XMLSchema(etree.parse(str(schema_path(name)), parser))


def schema_errors(document: etree._Element | bytes, name: SchemaName) -> list[str]:
    """Every schema violation in ``document`` as ``line N: message``; empty when valid."""
    if isinstance(document, bytes):
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
        document = etree.fromstring(document, parser)
    schema = load_schema(name)
    if schema.validate(document):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
