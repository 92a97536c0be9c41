"""Plain data for the recommendation register (issue 19): sections by priority, numbered entries.

A needs assessment ends with numbered recommendations grouped under the strategy's priorities,
each traceable to the themes and evidence behind it. The service
(:mod:`qualcode.services.recommendations.register`) decides the order, the numbers and every
word; the Word and Excel writers and the CLI only lay these dataclasses out, so they always agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Final

from qualcode.domain.wording import plural
from qualcode.exporters.report_model import QuoteCell

# status key -> what a reader sees
STATUSES: Final[dict[str, str]] = {
    "proposed": "Proposed",
    "agreed": "Agreed",
    "in_progress": "In progress",
    "done": "Done",
    "dropped": "Dropped",
}
OTHER_SECTION: Final = "Other recommendations"


@dataclass(frozen=True)
class ThemeLink:
    id: int
    name: str
    status: str


@dataclass(frozen=True)
class RegisterEntry:
    """One recommendation with its number in the register and the evidence behind it."""

    id: int
    guid: str
    number: int
    title: str
    text: str
    item_id: int | None
    owner: str
    timescale: str
    status: str  # a key of STATUSES
    themes: tuple[ThemeLink, ...] = ()
    extract_ids: tuple[int, ...] = ()  # linked codings, in their order
    extracts: int = 0  # distinct coded extracts under the linked themes (with sub-themes)
    participants: int = 0  # distinct participants those extracts come from
    quotes: tuple[QuoteCell, ...] = ()  # the linked extracts as quotes, when asked for

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)

    @property
    def theme_names(self) -> str:
        return "; ".join(t.name for t in self.themes)


@dataclass
class RegisterSection:
    """A priority (``ref`` "P1" and its label) or, with no item, the unassigned recommendations."""

    item_id: int | None
    ref: str
    label: str
    framework: str
    entries: list[RegisterEntry] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.ref} {self.label}".strip() if self.item_id is not None else OTHER_SECTION


@dataclass
class Register:
    project: str
    generated: dt.datetime
    sections: list[RegisterSection]
    with_quotes: bool = False
    extracts_base: int = 0  # every coded extract in the project
    participants_base: int = 0  # every participant speaking in the documents (no facilitators)

    @property
    def base(self) -> str:
        """What the evidence counts are out of, stated beside them."""
        return (
            f"Base: {plural(self.extracts_base, 'coded extract')} and "
            f"{plural(self.participants_base, 'participant')} in the project."
        )

    @property
    def entries(self) -> list[RegisterEntry]:
        return [e for s in self.sections for e in s.entries]
