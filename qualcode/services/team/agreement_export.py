"""Agreement results out of the app: the Excel workbook, JSON for scripts, lines for a terminal.

One place turns an :class:`~qualcode.services.team.agreement.AgreementResult` into each form, so the
CLI, the dialog's Export… and the tests read the same figures the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qualcode.domain.wording import plural
from qualcode.exporters.agreement_book import (
    AgreementBook,
    DisagreementRow,
    FigureRow,
    write_agreement_book,
)
from qualcode.services.team.agreement import CAUTION, AgreementResult, CodeAgreement

UNIT_WORDS = {"character": "characters", "turn": "turns and answers"}


def _row(c: CodeAgreement) -> FigureRow:
    f = c.figures
    return FigureRow(c.code_name, f.units, f.coded, f.agreed_yes, f.percent, f.kappa, f.alpha)


def agreement_book(result: AgreementResult, project_name: str) -> AgreementBook:
    coders = [c.name for c in result.coders]
    return AgreementBook(
        f"Coder agreement — {project_name}",
        coders,
        UNIT_WORDS[result.unit],
        [CAUTION, f"Documents compared: {', '.join(result.documents) or 'none'}", *result.notes],
        [*(_row(c) for c in result.codes), _row(result.overall)],
        [
            DisagreementRow(
                d.document_name,
                d.start,
                d.end,
                d.code_name,
                ", ".join(d.applied_by),
                ", ".join(d.not_by),
                d.excerpt,
            )
            for d in result.disagreements
        ],
    )


def export_agreement(result: AgreementResult, path: Path, project_name: str) -> Path:
    return write_agreement_book(Path(path), agreement_book(result, project_name))


def _rounded(x: float | None) -> float | None:
    return None if x is None else round(x, 6)


def as_json(result: AgreementResult) -> dict[str, Any]:
    def code(c: CodeAgreement) -> dict[str, Any]:
        f = c.figures
        return {
            "code": c.code_name,
            "units": f.units,
            "coded": dict(zip([x.name for x in result.coders], f.coded, strict=True)),
            "coded_by_all": f.agreed_yes,
            "percent": _rounded(f.percent),
            "kappa": _rounded(f.kappa),
            "alpha": _rounded(f.alpha),
        }

    return {
        "coders": [c.name for c in result.coders],
        "unit": result.unit,
        "documents": result.documents,
        "left_out": result.left_out,
        "codes": [code(c) for c in result.codes],
        "overall": code(result.overall),
        "disagreements": [
            {
                "document": d.document_name,
                "start": d.start,
                "end": d.end,
                "code": d.code_name,
                "applied_by": list(d.applied_by),
                "not_by": list(d.not_by),
                "text": d.excerpt,
            }
            for d in result.disagreements
        ],
        "disagreement_count": result.disagreement_count,
        "notes": result.notes,
    }


def _fmt(x: float | None, places: int) -> str:
    return "—" if x is None else f"{x:.{places}f}"


def as_lines(result: AgreementResult) -> list[str]:
    """A plain table for the terminal: one row per code, then all codes pooled."""
    names = ", ".join(c.name for c in result.coders)
    out = [f"Agreement between {names} ({UNIT_WORDS[result.unit]})", ""]
    width = max([len(c.code_name) for c in result.codes] + [9])
    out.append(f"{'Code':<{width}}  {'Agree %':>8}  {'Kappa':>7}  {'Alpha':>7}")
    for c in [*result.codes, result.overall]:
        f = c.figures
        out.append(
            f"{c.code_name:<{width}}  {_fmt(f.percent, 1):>8}  {_fmt(f.kappa, 3):>7}  "
            f"{_fmt(f.alpha, 3):>7}"
        )
    out += ["", f"{plural(result.disagreement_count, 'disagreement')} to discuss."]
    out += [f"Note: {n}" for n in result.notes]
    return out
