"""The order of a merge and the steps that need more than a key: documents with their turns,
attribute values, theme-code links, codings (kept per coder) and memos.

See :mod:`qualcode.services.team.merge_steps` for the matching rules and the bulk inserts.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import insert, select

from qualcode.domain.wording import plural
from qualcode.services.team.merge_steps import Merger, Row
from qualcode.storage.models import AttributeValue, Coder, Coding, Document, Memo, ThemeCode

_MEMO_TARGETS = ("document_id", "code_id", "theme_id", "case_id", "coding_id")


def merge_rows(m: Merger, source: str) -> None:
    m.by_key("coder", ("name",))
    m.by_key("case", ("name",))
    m.by_key("attribute", ("scope", "name"))
    m.by_key("question", ("instrument", "label"))
    _documents(m)
    _values(m, source)
    m.tree("code")
    m.tree("theme")
    _theme_codes(m)
    _codings(m)
    _memos(m)


def _documents(m: Merger) -> None:
    by_hash: dict[str, int] = {}
    for doc_id, digest in m.s.execute(
        select(Document.id, Document.content_hash).order_by(Document.position, Document.id)
    ):
        by_hash.setdefault(digest, doc_id)
    position = m.next_position("document")
    new: list[tuple[int, Row]] = []
    for row in sorted(m.src["document"], key=lambda r: (r["position"], r["id"])):
        found = by_hash.get(row["content_hash"])
        if found == -1:
            continue  # a second copy in the source: it matches the first, once added
        if found is not None:
            m.ids["document"][row["id"]] = found
            m.matched("documents")
            continue
        position += 1
        copy = m.copy(
            "document", row, position=position, coder_id=m.ref("coder_id", row["coder_id"])
        )
        new.append((row["id"], copy))
        by_hash[row["content_hash"]] = -1  # a second copy in the source matches the first
    found_ids = m.bulk("document", [r for _i, r in new])
    fresh = {}
    for src_id, r in new:
        fresh[src_id] = found_ids[r["guid"]]
        by_hash[r["content_hash"]] = found_ids[r["guid"]]
    for row in m.src["document"]:  # the second copies
        if row["id"] not in m.ids["document"] and row["id"] not in fresh:
            m.ids["document"][row["id"]] = by_hash[row["content_hash"]]
    m.ids["document"].update(fresh)
    parts = [
        {
            "document_id": fresh[p["document_id"]],
            "kind": p["kind"],
            "start": p["start"],
            "end": p["end"],
            "case_id": m.ref("case_id", p["case_id"]),
            "question_id": m.ref("question_id", p["question_id"]),
            "speaker_label": p["speaker_label"],
            "time_ms": p["time_ms"],
        }
        for p in m.src["part"]
        if p["document_id"] in fresh
    ]
    m.insert("part", parts)


def _values(m: Merger, source: str) -> None:
    have: dict[tuple[int | None, int | None, int | None], str] = {
        (a, c, d): v
        for a, c, d, v in m.s.execute(
            select(
                AttributeValue.attribute_id,
                AttributeValue.case_id,
                AttributeValue.document_id,
                AttributeValue.value,
            )
        )
    }
    rows: list[Row] = []
    differ = 0
    for v in m.src["attribute_value"]:
        key = (
            m.ref("attribute_id", v["attribute_id"]),
            m.ref("case_id", v["case_id"]),
            m.ref("document_id", v["document_id"]),
        )
        if key in have:
            differ += have[key] != v["value"]
            m.matched("attribute values")
            continue
        have[key] = v["value"]
        rows.append(
            {"attribute_id": key[0], "case_id": key[1], "document_id": key[2], "value": v["value"]}
        )
    m.insert("attribute_value", rows)
    if differ:
        m.counts.notes.append(
            f"{source}: {plural(differ, 'attribute value')} differed from the project's; "
            "the project's were kept."
        )


def _theme_codes(m: Merger) -> None:
    have = {(t, c) for t, c in m.s.execute(select(ThemeCode.theme_id, ThemeCode.code_id))}
    rows = []
    for link in m.src["theme_code"]:
        key = (m.ids["theme"][link["theme_id"]], m.ids["code"][link["code_id"]])
        if key not in have:
            have.add(key)
            rows.append({"theme_id": key[0], "code_id": key[1]})
    if rows:
        m.s.execute(insert(ThemeCode), rows)
        m.added["theme_code"].extend(rows)
        m.counts.added["theme-code links"] += len(rows)


def _codings(m: Merger) -> None:
    docs = sorted(set(m.ids["document"].values()))
    have: dict[tuple[int, int, int, int, int | None], int] = {}
    for chunk in range(0, len(docs), 500):
        for cid, d, code, a, b, who in m.s.execute(
            select(
                Coding.id,
                Coding.document_id,
                Coding.code_id,
                Coding.start,
                Coding.end,
                Coding.coder_id,
            ).where(Coding.document_id.in_(docs[chunk : chunk + 500]))
        ):
            have[(d, code, a, b, who)] = cid
    names: dict[int, str] = {i: n for i, n in m.s.execute(select(Coder.id, Coder.name))}
    rows: list[Row] = []
    src_of: list[int] = []
    per_coder: dict[str, int] = defaultdict(int)
    for row in m.src["coding"]:
        coder = m.ref("coder_id", row["coder_id"])
        key = (
            m.ids["document"][row["document_id"]],
            m.ids["code"][row["code_id"]],
            row["start"],
            row["end"],
            coder,
        )
        if key in have:
            if have[key] > 0:
                m.ids["coding"][row["id"]] = have[key]
            m.counts.skipped["codings"] += 1
            continue
        have[key] = -1
        rows.append(m.copy("coding", row, document_id=key[0], code_id=key[1], coder_id=coder))
        src_of.append(row["id"])
        per_coder[names.get(coder, "(unknown)") if coder is not None else "(unknown)"] += 1
    found = m.bulk("coding", rows)
    for src_id, r in zip(src_of, rows, strict=True):
        m.ids["coding"][src_id] = found[r["guid"]]
    for coder_name, n in per_coder.items():
        m.counts.codings_by_coder[coder_name] += n


def _memos(m: Merger) -> None:
    have = set(m.s.scalars(select(Memo.guid)))
    rows: list[Row] = []
    for memo in m.src["memo"]:
        if memo["guid"] in have:
            m.counts.skipped["memos"] += 1
            continue
        refs = {k: m.ref(k, memo[k]) for k in _MEMO_TARGETS}
        if any(memo[k] is not None and refs[k] is None for k in _MEMO_TARGETS):
            m.counts.skipped["memos"] += 1  # what it annotates was not carried
            continue
        have.add(memo["guid"])
        rows.append(m.copy("memo", memo, coder_id=m.ref("coder_id", memo["coder_id"]), **refs))
    m.bulk("memo", rows)
