"""Before a quote bank or theme report is written: do real names still appear in its quotes?

A pseudonymised project can still leak a name: a quote edited by hand (``[Margaret] said…``), an
attribution template reading a case attribute, a name missed by the map. The export asks this
module which participants' names occur in the quotes it is about to write and warns before
writing. The names are the cases' own names (facilitators' left out) that look like personal
names (capitalised words, no digits, not a role such as "Participant 3" or "Respondent"), plus
any real strings the caller still holds from a pseudonymisation map (kept in memory only).

Matching is whole-word and case-sensitive, on the full name and on each of its words (a quote
says "Anne", the case is "Anne Smith"): a lower-case "will" is not the participant Will.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import select

from qualcode.services.protection.quotes import report_text
from qualcode.services.reports.attribution import attributions
from qualcode.storage.models import Case, Coding, Document, ThemeCode
from qualcode.storage.project import Project

if TYPE_CHECKING:
    from qualcode.services.frameworks.matrices import QuoteCell

ROLES = frozenset(
    (
        "participant",
        "respondent",
        "interviewee",
        "interviewer",
        "facilitator",
        "moderator",
        "speaker",
        "unknown",
        "group",
        "case",
        "service",
        "services",
        "user",
        "users",
        "staff",
        "member",
        "members",
        "client",
        "clients",
        "patient",
        "anonymous",
        "person",
        "people",
        "parent",
        "carer",
        "worker",
        "professional",
        "team",
        "other",
        "everyone",
        "all",
        "audience",
        "survey",
        "answer",
        "answers",
        "note",
        "notes",
        "withdrawn",
    )
)
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)*\.?")


def looks_like_name(name: str) -> bool:
    """Capitalised words only, no digits, not a role word: "Anne Smith", "Des", "O'Neill"."""
    words = name.split()
    if not 1 <= len(words) <= 4:
        return False
    return all(
        _NAME_WORD.fullmatch(w) is not None and w[0].isupper() and w.casefold() not in ROLES
        for w in words
    )


def personal_names(project: Project) -> list[str]:
    """The non-facilitator case names that look like personal names, in case order."""
    with project.read() as s:
        names = s.scalars(
            select(Case.name).where(Case.is_facilitator.is_(False)).order_by(Case.id)
        ).all()
    return [n for n in names if looks_like_name(n)]


def names_in(texts: Iterable[str], names: Iterable[str]) -> dict[str, int]:
    """Each form of ``names`` found in ``texts`` (a full name, or one word of it) → how many of
    the texts contain it; forms in the order of ``names``."""
    forms: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if not name:
            continue
        for form in (name, *(name.split() if " " in name else ())):
            if form not in forms and (form == name or len(form) > 1):
                forms.append(form)
    if not forms:
        return {}
    patterns = [(form, re.compile(rf"(?<!\w){re.escape(form)}(?!\w)")) for form in forms]
    found: Counter[str] = Counter()
    for text in texts:
        for form, pattern in patterns:
            if pattern.search(text):
                found[form] += 1
    return {form: found[form] for form in forms if found[form]}


def quote_texts(project: Project, quotes: str = "key") -> list[str]:
    """The quotes and attributions an export would write: the key quotes (their edited text when
    there is one), with ``quotes="all"`` every extract of the codes linked to a theme (a little
    more than a report of one framework prints: a warning too many is the safe side), or with
    ``quotes="register"`` what the recommendation register prints: each recommendation's title,
    text and owner, and its linked extracts with their attributions."""
    if quotes == "register":
        from qualcode.services.recommendations.register import recommendation_register

        register = recommendation_register(project, with_quotes=True, counts=False)
        return [
            t
            for section in register.sections
            for e in section.entries
            for t in (
                e.title,
                e.text,
                e.owner,
                *(x for q in e.quotes for x in (q.text, q.attribution)),
            )
        ]
    if quotes != "all":
        return [
            t for qs in _key_quotes(project).values() for q in qs for t in (q.text, q.attribution)
        ]
    with project.read() as s:
        rows = s.execute(
            select(Coding.id, report_text())
            .join(Document, Document.id == Coding.document_id)
            .where(Coding.code_id.in_(select(ThemeCode.code_id)))
        ).all()
    labels = attributions(project, [r[0] for r in rows])
    return [t for coding, text in rows for t in (text or "", labels.get(coding, ""))]


def names_before_export(
    project: Project, quotes: str = "key", extra: Iterable[str] = ()
) -> dict[str, int]:
    """Participants' names (and ``extra`` strings) in the quotes an export is about to write."""
    names = [*personal_names(project), *extra]
    return names_in(quote_texts(project, quotes), names) if names else {}


def _key_quotes(project: Project) -> dict[int, list[QuoteCell]]:
    from qualcode.services.frameworks.matrices import key_quotes  # pandas: only when checking

    return key_quotes(project)
