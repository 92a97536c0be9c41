"""Closed survey columns into typed case attributes, multiple choice included.

A case holds one value per attribute, so a multiple-choice (checkbox) question cannot be one
attribute. It becomes one boolean attribute per option, named "Question - Option": true when the
respondent ticked it, false when they answered the question without ticking it, empty when they
skipped the question. That is the form researchers compare by ("everyone who used the food bank"),
it needs no new attribute type, and it reads the same whether the tool wrote one column per option
(SurveyMonkey, LimeSurvey, Qualtrics numeric exports) or one column of joined choices (Google Forms
", ", Qualtrics ",", Microsoft Forms ";"). A joined choice given by only one respondent and longer
than a few words is taken for an "Other" text and kept, in full, in a text attribute
"Question - Other".

Single-choice columns become categories with their options in order of first appearance (numeric
bands such as age groups in numeric order: :mod:`option_order`), or numbers, dates and yes/no where
every value fits.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from qualcode.domain.errors import ValidationError
from qualcode.domain.values import AttributeType, canonical_value
from qualcode.importers.option_order import natural_order

MAX_CATEGORIES = 12
MAX_OPTIONS = 24
_TICKED = frozenset({"y", "yes", "1", "true", "x", "checked", "selected", "ticked"})
_SEPARATORS = (";", ", ", ",")
_OTHER_WORDS = 4


@dataclass
class AttributeColumn:
    """One attribute made from one or more columns: a value per row ("" for none)."""

    name: str
    kind: AttributeType
    values: list[str]
    options: list[str] = field(default_factory=list)  # for categories


def infer_attribute_type(values: list[str]) -> AttributeType:
    """The narrowest type every non-empty value fits: boolean, number, date, category, text."""
    present = [v for v in values if v.strip()]
    if not present:
        return AttributeType.TEXT
    if all(v.strip().casefold() in {"yes", "no", "y", "n", "true", "false"} for v in present):
        return AttributeType.BOOLEAN
    for kind in (AttributeType.NUMBER, AttributeType.DATE):
        if _all_fit(kind, present):
            return kind
    distinct = {v.strip() for v in present}
    if len(distinct) <= MAX_CATEGORIES and max(len(v) for v in distinct) <= 150:
        return AttributeType.CATEGORY
    return AttributeType.TEXT


def _all_fit(kind: AttributeType, values: list[str]) -> bool:
    for value in values:
        if kind is AttributeType.NUMBER and not any(c.isdigit() for c in value):
            return False  # float() also takes "nan" and "infinity"
        try:
            canonical_value(kind, value)
        except ValidationError:
            return False
    return True


def split_choices(values: list[str]) -> tuple[str, list[str]] | None:
    """(separator, options in order of first appearance) when ``values`` are joined choices of a
    checkbox question, else ``None``. An option must turn up inside at least two different answers
    ("A, B" and "A"), so "Yes, definitely" / "No, not at all" stay single choices."""
    present = [v.strip() for v in values if v.strip()]
    if len(present) < 2:
        return None
    for sep in _SEPARATORS:
        lists = [[p.strip() for p in v.split(sep) if p.strip()] for v in present]
        if not any(len(parts) > 1 for parts in lists):
            continue
        distinct = list(dict.fromkeys(present))
        shared: Counter[str] = Counter()
        for whole in distinct:
            shared.update(list(dict.fromkeys(p.strip() for p in whole.split(sep) if p.strip())))
        options = list(shared)
        if len(options) > MAX_OPTIONS or any(len(p) > 150 for p in options):
            continue
        recurring = sum(1 for p in options if shared[p] >= 2)
        if recurring and recurring * 2 >= len(options):
            return sep, options
    return None


def _ticked_value(name: str, values: list[str]) -> bool:
    """A column of one option: every answer is the option's label (or a tick such as "Y")."""
    present = {v.strip().casefold() for v in values if v.strip()}
    if len(present) != 1:
        return False
    (value,) = present
    label = name.casefold()
    return value in _TICKED or label.endswith(value) or label.endswith(f"[{value}]")


def attribute_columns(
    names: list[str], columns: dict[str, list[str]], groups: dict[str, str]
) -> list[AttributeColumn]:
    """The attributes the chosen closed columns make, in column order.

    ``columns`` holds each column's values, ``groups`` the question each column belongs to."""
    members: dict[str, list[str]] = {}
    for name in names:
        members.setdefault(groups.get(name, name), []).append(name)
    out: list[AttributeColumn] = []
    for name in names:
        values = columns[name]
        group = members[groups.get(name, name)]
        if len(group) > 1 and all(_ticked_value(n, columns[n]) for n in group):
            answered = [any(columns[n][r].strip() for n in group) for r in range(len(values))]
            ticks = [
                "true" if v.strip() else ("false" if answered[r] else "")
                for r, v in enumerate(values)
            ]
            out.append(AttributeColumn(name, AttributeType.BOOLEAN, ticks))
            continue
        choices = split_choices(values)
        if choices is not None:
            out += _option_attributes(name, values, *choices)
            continue
        kind = infer_attribute_type(values)
        canonical = [canonical_value(kind, v) if v.strip() else "" for v in values]
        options = natural_order(list(dict.fromkeys(v for v in canonical if v)))
        out.append(
            AttributeColumn(
                name, kind, canonical, options if kind is AttributeType.CATEGORY else []
            )
        )
    return out


def _option_attributes(
    name: str, values: list[str], sep: str, options: list[str]
) -> list[AttributeColumn]:
    chosen = [{p.strip() for p in v.split(sep) if p.strip()} for v in values]
    count = Counter(p for picks in chosen for p in picks)
    other = {p for p in options if count[p] == 1 and len(p.split()) > _OTHER_WORDS}
    out = [
        AttributeColumn(
            f"{name} - {option}",
            AttributeType.BOOLEAN,
            ["true" if option in picks else ("false" if picks else "") for picks in chosen],
        )
        for option in options
        if option not in other
    ]
    if other:
        texts = ["; ".join(p.strip() for p in v.split(sep) if p.strip() in other) for v in values]
        out.append(AttributeColumn(f"{name} - Other", AttributeType.TEXT, texts))
    return out
