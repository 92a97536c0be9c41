"""Export the register to Word or Excel: the service gathers, the pure writers lay out.

The format follows the file's suffix, as the other exports do; anything else is refused before
the project is read, naming the file, so a typo never leaves a half-written file.
"""

from __future__ import annotations

from pathlib import Path

from qualcode.domain.errors import ValidationError
from qualcode.exporters.recommendations_docx import write_register_docx
from qualcode.exporters.recommendations_model import Register
from qualcode.exporters.recommendations_xlsx import write_register_xlsx
from qualcode.services.recommendations.register import recommendation_register
from qualcode.storage.project import Project

SUFFIXES = (".docx", ".xlsx")


def export_recommendations(project: Project, out: Path, with_quotes: bool = True) -> Register:
    """Write the register to ``out`` (.docx: the report section, with the linked extracts as
    quotes unless ``with_quotes`` is off; .xlsx: the action-tracking sheet)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(
            f"{out}: the register is written as .docx (Word) or .xlsx (Excel), not "
            f"'{out.suffix or 'no suffix'}'."
        )
    register = recommendation_register(project, with_quotes=with_quotes and suffix == ".docx")
    if suffix == ".docx":
        write_register_docx(out, register)
    else:
        write_register_xlsx(out, register)
    return register
