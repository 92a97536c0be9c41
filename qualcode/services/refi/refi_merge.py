"""Merge a :class:`RefiProject` into the open project, inside the caller's one transaction.

Matching, so that re-importing (or importing ATLAS.ti's re-export with fresh GUIDs) adds to what we
have instead of duplicating it:
- coders by GUID, then by name; codes by GUID, then by name path (same name under the matched
  parent); themes likewise; documents by GUID with the same text, or by identical text; cases by
  normalised name; attributes by scope and name;
- a coding already present (same document, code, span and coder) is skipped; a memo whose GUID is
  already present is skipped; attribute values we already hold are kept.
Anything that cannot be carried is counted into the report rather than failing the import;
anything that would make the result wrong (a value outside its type) fails it whole.
"""

from __future__ import annotations

import json
from collections import Counter

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from qualcode.domain.refi import (
    MEMO_KIND_SET_PREFIX,
    PART_PREFIX,
    SET_PATH_SEPARATOR,
    RefiCode,
    RefiProject,
    split_description,
)
from qualcode.domain.values import palette_colour
from qualcode.domain.wording import plural
from qualcode.services.documents.documents import content_hash, word_count
from qualcode.services.refi.refi_merge_notes import merge_cases_and_values, merge_notes
from qualcode.services.refi.refi_recommendations import merge_recommendations
from qualcode.services.refi.refi_state import MergeState, RefiReport, user_id
from qualcode.services.undo.changes import log_change
from qualcode.storage.models import (
    Code,
    Coder,
    Coding,
    Document,
    Theme,
    ThemeCode,
    new_guid,
    utcnow,
)

_LISTED = 50  # skipped codings named one by one in the report, then counted
_BATCH = 5000  # coding rows inserted at once


def merge_refi(s: Session, data: RefiProject, coder_id: int | None, file: str) -> RefiReport:
    report = RefiReport(file, notes=list(data.warnings))
    st = MergeState(s, data, coder_id, report)
    _users(st)
    _codes(st)
    _themes(st)
    _documents(st)
    merge_cases_and_values(st)
    merge_recommendations(st)  # before the notes: these Notes are not memos
    merge_notes(st)
    log_change(
        s,
        coder_id,
        "import",
        "project",
        f"Imported REFI-QDA file {file}",
        None,
        {"created": report.created, "matched": report.matched},
    )
    return report


def _users(st: MergeState) -> None:
    by_guid = {g: i for i, g in st.s.execute(select(Coder.id, Coder.guid))}
    by_name = {n: i for i, n in st.s.execute(select(Coder.id, Coder.name))}
    for user in st.data.users:
        found = by_guid.get(user.guid) or by_name.get(user.name)
        if found is None:
            guid = user.guid if not st.taken(Coder, user.guid) else new_guid()
            found = st.insert_id(Coder, guid=guid, name=user.name, created_at=utcnow())
            by_name[user.name] = found
            st.report.add("coders")
        else:
            st.report.add("coders", matched=True)
        st.users[user.guid] = found


def _codes(st: MergeState) -> None:
    s = st.s
    by_guid = {g: i for i, g in s.execute(select(Code.id, Code.guid))}
    by_path = {(p, n): i for i, p, n in s.execute(select(Code.id, Code.parent_id, Code.name))}
    count = len(by_guid)
    position = s.scalar(select(func.max(Code.position))) or 0
    set_guids = {item.guid for item in st.data.sets}
    folders = mirrors = 0

    def visit(code: RefiCode, parent: int | None) -> None:
        nonlocal count, position, folders, mirrors
        if not code.codable and code.guid in set_guids:
            mirrors += 1  # a theme exported as a code (themes_as_codes): the Set carries it
            return
        found = by_guid.get(code.guid) or by_path.get((parent, code.name))
        if found is None:
            definition, inclusion, exclusion = split_description(code.description)
            position += 1
            found = st.insert_id(
                Code,
                guid=code.guid if code.guid not in by_guid else new_guid(),
                name=code.name,
                parent_id=parent,
                colour=code.colour or palette_colour(count),
                definition=definition,
                inclusion=inclusion,
                exclusion=exclusion,
                position=position,
                coder_id=st.coder_id,
                created_at=utcnow(),
            )
            count += 1
            by_guid[code.guid] = found
            by_path[(parent, code.name)] = found
            st.report.add("codes")
            folders += not code.codable
        else:
            st.report.add("codes", matched=True)
        st.codes[code.guid] = found
        for child in code.children:
            visit(child, found)

    for code in st.data.codes:
        visit(code, None)
    if folders:
        st.report.notes.append(
            f"{plural(folders, 'code')} not codable in the file (folders) became ordinary codes."
        )
    if mirrors:
        st.report.notes.append(f"{plural(mirrors, 'theme')} written as codes were read as themes.")


def _themes(st: MergeState) -> None:
    s = st.s
    by_guid = {g: i for i, g in s.execute(select(Theme.id, Theme.guid))}
    by_path = {(p, n): i for i, p, n in s.execute(select(Theme.id, Theme.parent_id, Theme.name))}
    links: set[tuple[int, int]] = {
        (t, c) for t, c in s.execute(select(ThemeCode.theme_id, ThemeCode.code_id))
    }
    position = s.scalar(select(func.max(Theme.position))) or 0
    sets = [x for x in st.data.sets if not x.name.startswith(MEMO_KIND_SET_PREFIX)]
    names = {x.name for x in sets}
    missing = source_sets = 0
    for item in sorted(sets, key=lambda x: x.name.count(SET_PATH_SEPARATOR)):
        if not item.code_guids and item.source_guids and not item.description:
            source_sets += 1
            continue
        parent_path, _, leaf = item.name.rpartition(SET_PATH_SEPARATOR)
        parent = None
        if parent_path and parent_path in names:
            parent = next(
                (st.themes[x.guid] for x in sets if x.name == parent_path and x.guid in st.themes),
                None,
            )
        else:
            leaf = item.name
        found = by_guid.get(item.guid) or by_path.get((parent, leaf))
        if found is None:
            position += 1
            found = st.insert_id(
                Theme,
                guid=item.guid if item.guid not in by_guid else new_guid(),
                name=leaf,
                parent_id=parent,
                definition=item.description,
                position=position,
            )
            by_guid[item.guid] = found
            by_path[(parent, leaf)] = found
            st.report.add("themes")
        else:
            st.report.add("themes", matched=True)
        st.themes[item.guid] = found
        for guid in item.code_guids:
            code_id = st.codes.get(guid)
            if code_id is None:
                missing += 1
            elif (found, code_id) not in links:
                links.add((found, code_id))
                s.execute(insert(ThemeCode).values(theme_id=found, code_id=code_id))
    if source_sets:
        st.report.notes.append(f"{plural(source_sets, 'set')} of documents not carried.")
    if missing:
        st.report.notes.append(
            f"{plural(missing, 'set member')} named codes not in the file; skipped."
        )


def _documents(st: MergeState) -> None:
    """Match or add each source's document, then its codings. Each source's text is released
    once its document is written (a large file's texts are 60 MB, needed no further)."""
    s = st.s
    by_guid = {
        g: (i, h)
        for i, g, h in s.execute(select(Document.id, Document.guid, Document.content_hash))
    }
    by_hash = {h: i for i, h in s.execute(select(Document.id, Document.content_hash))}
    position = s.scalar(select(func.max(Document.position))) or 0
    now = utcnow()
    for source in st.data.sources:
        digest = content_hash(source.text)
        known = by_guid.get(source.guid)
        found = known[0] if known and known[1] == digest else by_hash.get(digest)
        if known and known[1] != digest:
            st.report.notes.append(
                f"'{source.name}' has the GUID of a document with different text; added as new."
            )
        if found is None:
            position += 1
            found = st.insert_id(
                Document,
                guid=source.guid if source.guid not in by_guid else new_guid(),
                name=source.name[:500],
                kind="other",
                text=source.text,
                content_hash=digest,
                word_count=word_count(source.text),
                char_count=len(source.text),
                original_name=source.name[:500],
                provenance=json.dumps({"file": st.report.file, "refi_guid": source.guid}),
                imported_at=now,
                coder_id=user_id(st, source.user_guid),
                position=position,
            )
            by_guid.setdefault(source.guid, (found, digest))
            by_hash[digest] = found
            st.report.add("documents")
        else:
            st.report.add("documents", matched=True)
        st.documents[source.guid] = found
        source.text = ""  # written; a file's model is merged once, and its texts are its bulk
    _codings(st)


def _codings(st: MergeState) -> None:
    s = st.s
    # a coding is a duplicate only if the same coder made it: another coder's identical span is
    # a second reading of the passage, which coder layers and agreement need. The keys are kept
    # per document, and only while needed (a document can be named by two sources of the file)
    with_codings = set(s.scalars(select(Coding.document_id).distinct()))
    named = Counter(st.documents[source.guid] for source in st.data.sources)
    have: dict[int, set[tuple[int, int, int, int | None]]] = {}
    taken = _guids_taken(
        s, [c.guid for x in st.data.sources for y in x.selections for c in y.codings]
    )
    # only what later steps look up is remembered: selections that cases, notes or descriptions
    # refer to, codings that notes or links refer to (a large file has 200,000 of each)
    data = st.data
    case_selections = {g for case in data.cases for g in case.selection_guids}
    linked = {g for link in data.links for g in (link.origin_guid, link.target_guid) if g}
    rows: list[dict[str, object]] = []
    inserted: list[str] = []  # GUIDs of the codings inserted, in order
    wanted_sel: dict[str, list[int]] = {}  # selection GUID -> indexes into inserted
    wanted_coding: dict[str, int] = {}  # coding GUID -> index into inserted
    no_code: list[str] = []
    duplicates = 0
    now = utcnow()
    for source in data.sources:
        doc_id = st.documents[source.guid]
        if doc_id not in have:
            have[doc_id] = _coded(s, doc_id) if doc_id in with_codings else set()
        seen = have[doc_id]
        named[doc_id] -= 1
        if not named[doc_id]:
            del have[doc_id]
        for sel in source.selections:
            if sel.guid in case_selections and not sel.name.startswith(PART_PREFIX):
                st.selections[sel.guid] = (doc_id, sel.start, sel.end)  # parts: refi_parts
            keep_sel = bool(sel.note_guids or sel.description)
            for coding in sel.codings:
                code_id = st.codes.get(coding.code_guid)
                if code_id is None:
                    code = data.ids_as_written.get(coding.code_guid, coding.code_guid)
                    no_code.append(f"'{source.name}' {sel.start}-{sel.end} (code '{code}')")
                    continue
                coder = user_id(st, coding.user_guid or sel.user_guid)
                key = (code_id, sel.start, sel.end, coder)
                anonymous = not (coding.user_guid or sel.user_guid)
                if key in seen or (anonymous and (code_id, sel.start, sel.end, None) in seen):
                    duplicates += 1  # a coding of no one in the file is ours of no one
                    continue
                seen.add(key)
                guid = coding.guid if coding.guid not in taken else new_guid()
                taken.add(guid)
                rows.append(
                    {
                        "guid": guid,
                        "document_id": doc_id,
                        "code_id": code_id,
                        "start": sel.start,
                        "end": sel.end,
                        "coder_id": coder,
                        "created_at": coding.created or sel.created or now,
                    }
                )
                if keep_sel:
                    wanted_sel.setdefault(sel.guid, []).append(len(inserted))
                if coding.note_guids or coding.guid in linked:
                    wanted_coding[coding.guid] = len(inserted)
                inserted.append(guid)
                if len(rows) >= _BATCH:
                    st.insert_many(Coding, rows)
                    rows.clear()
    st.insert_many(Coding, rows)
    _resolve_coding_ids(st, inserted, wanted_sel, wanted_coding)
    st.report.add("codings", n=len(inserted))
    if duplicates:
        st.report.notes.append(f"{plural(duplicates, 'coding')} already in the project; skipped.")
    if no_code:
        shown = "; ".join(no_code[:_LISTED])
        more = f"; and {len(no_code) - _LISTED:,} more" if len(no_code) > _LISTED else ""
        st.report.notes.append(
            f"{len(no_code):,} coding(s) named a code not in the file; skipped: {shown}{more}."
        )


def _guids_taken(s: Session, guids: list[str]) -> set[str]:
    """Those of ``guids`` the project's codings already have (not every GUID it has: a large
    project has 200,000)."""
    out: set[str] = set()
    for at in range(0, len(guids), 900):
        out.update(s.scalars(select(Coding.guid).where(Coding.guid.in_(guids[at : at + 900]))))
    return out


def _coded(s: Session, doc_id: int) -> set[tuple[int, int, int, int | None]]:
    """(code, start, end, coder) of the codings a document already has."""
    rows = s.execute(
        select(Coding.code_id, Coding.start, Coding.end, Coding.coder_id).where(
            Coding.document_id == doc_id
        )
    )
    return {(c, a, b, who) for c, a, b, who in rows}


def _resolve_coding_ids(
    st: MergeState, inserted: list[str], by_sel: dict[str, list[int]], by_coding: dict[str, int]
) -> None:
    """Turn the indexes recorded while inserting into the ids of the codings remembered."""
    needed = sorted({i for v in by_sel.values() for i in v} | set(by_coding.values()))
    ids: dict[str, int] = {}
    for chunk in range(0, len(needed), 900):
        part = [inserted[i] for i in needed[chunk : chunk + 900]]
        ids.update(st.s.execute(select(Coding.guid, Coding.id).where(Coding.guid.in_(part))).all())
    st.codings = {k: [ids[inserted[i]] for i in v] for k, v in by_sel.items()}
    st.coding_ids = {k: ids[inserted[i]] for k, i in by_coding.items()}
