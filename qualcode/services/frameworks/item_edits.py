"""Small edits the Frameworks panel makes in place: an item's title and a link's rationale.

A strategy document is imported once, but its wording is often tidied afterwards (a typo, a
priority retitled in the final version), and a rationale written while linking is revised when
the lead signs the mapping off. Both were only reachable by re-importing or re-linking, and
:func:`~qualcode.services.frameworks.framework_links.link_theme` keeps an existing rationale when
given an empty one, so a rationale could never be cleared. Each edit here is one transaction
returning a :class:`Change` whose reversal restores the exact row, and writes a line to the change
log, like every other framework operation. Item refs (P3.2) are not editable: reports, aliases and
the CLI refer to items by them.
"""

from __future__ import annotations

from qualcode.domain.errors import NotFoundError, ValidationError
from qualcode.importers.framework_file import RESERVED_REF
from qualcode.services.themes.themes import get_theme
from qualcode.services.undo.changes import Change, log_change
from qualcode.services.undo.reversal import Reversal, Update, apply_steps
from qualcode.services.undo.tracking import operation
from qualcode.storage.models import Framework, FrameworkItem, ThemeItem
from qualcode.storage.project import Project


@operation
def retitle_item(project: Project, item_id: int, label: str) -> Change:
    """Give a framework item a new title (its ref stays); whitespace is collapsed."""
    label = " ".join(label.split())
    if not label:
        raise ValidationError("An item's title cannot be empty.", fields=("label",))
    with project.session() as s:
        item = s.get(FrameworkItem, item_id)
        if item is None or item.ref == RESERVED_REF:
            raise NotFoundError(f"There is no framework item with id {item_id}.")
        if item.label == label:
            raise ValidationError(f"{item.ref} is already called '{label}'.", fields=("label",))
        framework = s.get(Framework, item.framework_id)
        guid = framework.guid if framework is not None else None
        summary = f"Retitled {item.ref} '{item.label}' to '{label}'"
        s.expunge(item)
        inverse = apply_steps(s, [Update("framework_item", {"id": item_id}, {"label": label})])
        log_change(s, project.coder_id, "rename", "framework", summary, guid)
        return Change("rename", "framework_item", item_id, summary, Reversal(summary, inverse))


@operation
def set_rationale(project: Project, theme_id: int, item_id: int, rationale: str) -> Change:
    """Replace the rationale of an existing link (an empty text clears it)."""
    rationale = rationale.strip()
    with project.session() as s:
        theme = get_theme(s, theme_id)
        link = s.get(ThemeItem, (theme_id, item_id))
        item = s.get(FrameworkItem, item_id)
        if link is None or item is None:
            raise ValidationError(f"'{theme.name}' is not linked to that item.")
        if link.rationale == rationale:
            raise ValidationError("The link already has that rationale.", fields=("rationale",))
        what = "cross-cutting" if item.ref == RESERVED_REF else item.ref
        verb = "Cleared" if not rationale else "Changed"
        summary = f"{verb} the rationale of theme '{theme.name}' for {what}"
        guid = theme.guid
        s.expunge(link)
        key = {"theme_id": theme_id, "item_id": item_id}
        inverse = apply_steps(s, [Update("theme_item", key, {"rationale": rationale})])
        log_change(s, project.coder_id, "update", "theme", summary, guid)
        return Change("update", "theme", theme_id, summary, Reversal(summary, inverse))
