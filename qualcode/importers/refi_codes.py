"""Read a REFI-QDA codebook (codes and sets), from a .qdc or from inside a project.

Tolerates what vendors write: any namespace version, colours missing or in ``#RGB`` form, GUIDs
with braces or in upper case, hierarchies flattened into names (``Parent::Child``), the same GUID
twice (the second copy is dropped and reported).
"""

from __future__ import annotations

import re
import uuid

from lxml import etree  # type: ignore[import-untyped]

from qualcode.domain.refi import RefiCode, RefiSet
from qualcode.importers.refi_xml import guid_of, kid_text, kids, parse_bool, ref_guids

_COLOUR = re.compile(r"^#?([0-9A-Fa-f]{6}|[0-9A-Fa-f]{3})$")
_PATH_NAMESPACE = uuid.UUID("6f1c8a52-5b7e-4c1e-9d0a-3f2b8e41c7d5")
FLAT_SEPARATOR = "::"


def parse_colour(raw: str | None) -> str | None:
    """``#RRGGBB`` in upper case, or ``None`` for a missing or unreadable colour."""
    if not raw:
        return None
    found = _COLOUR.match(raw.strip())
    if not found:
        return None
    hexes = found.group(1)
    if len(hexes) == 3:
        hexes = "".join(ch * 2 for ch in hexes)
    return "#" + hexes.upper()


class CodeReader:
    """Reads Code elements; remembers what it had to repair for the report."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.seen: set[str] = set()
        self.duplicates = 0
        self.bad_colours = 0
        self.unflattened = 0

    def codes(self, holder: etree._Element | None) -> list[RefiCode]:
        if holder is None:
            return []
        out = [c for el in kids(holder, "Code") if (c := self._code(el)) is not None]
        return self._unflatten(out, "")

    def _code(self, el: etree._Element) -> RefiCode | None:
        guid = guid_of(el, self.file)
        if guid in self.seen:
            self.duplicates += 1
            return None
        self.seen.add(guid)
        raw_colour = el.get("color")
        colour = parse_colour(raw_colour)
        if raw_colour and colour is None:
            self.bad_colours += 1
        children = [c for child in kids(el, "Code") if (c := self._code(child)) is not None]
        name = " ".join((el.get("name") or "").split()) or "(unnamed code)"
        return RefiCode(
            guid=guid,
            name=name,
            colour=colour,
            description=kid_text(el, "Description").strip(),
            codable=parse_bool(el.get("isCodable"), True),
            children=self._unflatten(children, name),
            note_guids=ref_guids(el, "NoteRef"),
        )

    def _unflatten(self, codes: list[RefiCode], path: str) -> list[RefiCode]:
        """Nest ``A::B`` under a sibling ``A`` (made up when missing)."""
        if not any(FLAT_SEPARATOR in c.name for c in codes):
            return codes
        out: list[RefiCode] = []
        by_name: dict[str, RefiCode] = {}
        for code in codes:
            if FLAT_SEPARATOR not in code.name:
                out.append(code)
                by_name.setdefault(code.name, code)
        for code in codes:
            if FLAT_SEPARATOR not in code.name:
                continue
            head, _, rest = code.name.partition(FLAT_SEPARATOR)
            head, rest = head.strip(), rest.strip()
            if not head or not rest:
                code.name = (head or rest) or code.name
                out.append(code)
                continue
            parent = by_name.get(head)
            if parent is None:
                full = f"{path}{FLAT_SEPARATOR}{head}" if path else head
                parent = RefiCode(
                    guid=str(uuid.uuid5(_PATH_NAMESPACE, full)), name=head, codable=False
                )
                by_name[head] = parent
                out.append(parent)
            code.name = rest
            parent.children = self._unflatten([*parent.children, code], parent.name)
            self.unflattened += 1
        return out

    def report(self) -> list[str]:
        lines = []
        if self.unflattened:
            lines.append(
                f"{self.unflattened} code names written as 'Parent::Child' were nested under "
                "their parent."
            )
        if self.duplicates:
            lines.append(f"{self.duplicates} codes repeated a GUID already used; dropped them.")
        if self.bad_colours:
            lines.append(f"{self.bad_colours} code colours were unreadable; palette colours used.")
        return lines


def read_sets(holder: etree._Element | None, file: str) -> list[RefiSet]:
    """Sets of codes (and sources and notes); members by ``guid`` (.qdc) or ``targetGUID``."""
    if holder is None:
        return []
    out: list[RefiSet] = []
    for el in kids(holder, "Set"):
        out.append(
            RefiSet(
                guid=guid_of(el, file),
                name=" ".join((el.get("name") or "").split()) or "(unnamed set)",
                description=kid_text(el, "Description").strip(),
                code_guids=ref_guids(el, "MemberCode"),
                source_guids=ref_guids(el, "MemberSource"),
                note_guids=ref_guids(el, "MemberNote"),
            )
        )
    return out
