"""Quote editing: a quote keeps its verbatim extract and an edited version for reports.

The verbatim words are never changed here: they are the document's text under the quote's span.
The edited version (``Quote.edited_text``; empty means "quote it verbatim") is what the quote
bank and the theme report print. :func:`edit_quote` refuses an edit that puts words in a
participant's mouth (the rule is :func:`qualcode.domain.quote_edits.quote_edit_problem`), and is
one undoable action like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.domain.quote_edits import quote_edit_problem
from qualcode.services.undo.changes import Change
from qualcode.services.undo.reversal import Reversal, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Coding, Document, Quote
from qualcode.storage.project import Project


@dataclass(frozen=True)
class QuoteText:
    id: int
    coding_id: int | None
    document: str
    verbatim: str
    edited: str  # "" when the quote is printed verbatim
    attribution: str
    is_key: bool


def _one(s: Session, where: ColumnElement[bool]) -> QuoteText | None:
    row = s.execute(
        select(
            Quote.id,
            Quote.coding_id,
            Document.name,
            func.substr(Document.text, Quote.start + 1, Quote.end - Quote.start),
            Quote.edited_text,
            Quote.attribution,
            Quote.is_key,
        )
        .join(Document, Document.id == Quote.document_id)
        .where(where)
        .order_by(Quote.id)
    ).first()
    if row is None:
        return None
    qid, coding, doc, verbatim, edited, attribution, key = row
    return QuoteText(qid, coding, doc, verbatim or "", edited or "", attribution or "", bool(key))


def get_quote(project: Project, quote_id: int) -> QuoteText:
    with project.read() as s:
        quote = _one(s, Quote.id == quote_id)
    if quote is None:
        raise NotFoundError(f"There is no quote with id {quote_id}.")
    return quote


def quote_of_coding(project: Project, coding_id: int) -> QuoteText | None:
    """The quote made from a coding's extract (a key extract), if there is one."""
    with project.read() as s:
        return _one(s, Quote.coding_id == coding_id)


def report_text() -> ColumnElement[str]:
    """The text a report prints for a coding, as SQL over ``Coding`` and ``Document`` (both must
    be in the query): the edited version of its quote when there is one, else the coded words."""
    edited = (
        select(Quote.edited_text)
        .where(Quote.coding_id == Coding.id, Quote.edited_text != "")
        .order_by(Quote.id)
        .limit(1)
        .scalar_subquery()
    )
    return func.coalesce(
        edited, func.substr(Document.text, Coding.start + 1, Coding.end - Coding.start)
    )


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


@operation
def edit_quote(project: Project, quote_id: int, edited_text: str) -> Change:
    """Store ``edited_text`` as the quote's version for reports (empty, or the verbatim words
    themselves: quote it verbatim). Refused when it adds words outside square brackets."""
    with project.session() as s:
        quote = _one(s, Quote.id == quote_id)
        if quote is None:
            raise NotFoundError(f"There is no quote with id {quote_id}.")
        edited = edited_text.strip()
        if _same(edited, quote.verbatim):
            edited = ""
        problem = quote_edit_problem(quote.verbatim, edited)
        if problem is not None:
            raise ValidationError(problem, ("edited_text",))
        if edited == quote.edited:
            raise ValidationError("The quote is unchanged.", ("edited_text",))
        inverse = apply_steps(s, [Update("quote", {"id": quote_id}, {"edited_text": edited})])
    summary = "Edited a quote" if edited else "The quote is verbatim again"
    return Change("update", "quote", quote_id, summary, Reversal("edit quote", inverse))
