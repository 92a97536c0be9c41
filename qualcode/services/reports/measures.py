"""The measures a theme × priority matrix can show, in their order.

Apart from :mod:`reports` so the window's export dialogs can offer them without loading the
spreadsheet writer at start-up."""

from __future__ import annotations

MEASURES = ("extracts", "documents", "participants", "strength", "quotes")
