"""Category options in the order a reader expects: age and other numeric bands by number.

A survey export lists answers in the order respondents gave them, so a category's options come
out in order of first appearance: "35-44, 25-34, 45-54, 18-24, 65+". Tables and charts of such a
question read wrongly in a report. When every option starts with a number ("18-24", "65+",
"65 and over") or is a lower bound ("Under 18", "Less than 1 year"), the options are put in
numeric order; any other list keeps the order of first appearance (it may be the survey's own
order, which only the researcher knows).
"""

from __future__ import annotations

import re

_LOWER = re.compile(r"^\s*(?:under|less than|below|fewer than|up to|<)\s*£?(\d+(?:\.\d+)?)", re.I)
_LEADING = re.compile(r"^\s*£?(\d+(?:\.\d+)?)")


def _key(option: str) -> float | None:
    below = _LOWER.match(option)
    if below:
        return float(below.group(1)) - 0.5  # "Under 18" before "18-24"
    leading = _LEADING.match(option)
    return float(leading.group(1)) if leading else None


def natural_order(options: list[str]) -> list[str]:
    """``options`` in numeric order when every one is a numeric band, else unchanged."""
    keys = [_key(o) for o in options]
    if len(options) < 2 or any(k is None for k in keys):
        return options
    ranked = sorted(zip(keys, range(len(options)), options, strict=True))
    return [option for _key_value, _index, option in ranked]
