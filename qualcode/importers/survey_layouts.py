"""Recognise the header layout of a survey tool's export, before any row is read as a respondent.

Every tool writes its own preamble: Qualtrics three header rows (short ids, question texts, JSON
import ids) or, in its legacy export, two (``V1..V10,Q1..`` then labels); SurveyMonkey a question
row and a sub-answer row; Google Forms, Microsoft Forms, LimeSurvey and JotForm one row but their
own metadata columns (times, IP addresses, languages) and their own respondent id, or none. Getting
this wrong turns header rows into respondents and metadata into "questions", so it is decided here
once, from the first rows alone, and passed on as plain facts: how many rows are header, what each
column is called and what short code the tool gave it, which question each column belongs to,
which columns are metadata, and which one (if any) identifies the respondent.

Recognition is deliberately conservative: a table that matches no tool is "plain" and keeps the
one-header-row reading, so quote sheets and hand-made tables are read as before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Columns SurveyMonkey puts before the questions. Compared case-insensitively.
SURVEYMONKEY_METADATA = frozenset(
    {
        "respondent id",
        "collector id",
        "start date",
        "end date",
        "ip address",
        "email address",
        "first name",
        "last name",
        "custom data 1",
    }
)
WHOLE_ANSWER_LABELS = frozenset({"response", "open-ended response"})
QUALTRICS_METADATA = frozenset(
    {
        "startdate",
        "enddate",
        "status",
        "ipaddress",
        "progress",
        "duration (in seconds)",
        "finished",
        "recordeddate",
        "responseid",
        "recipientlastname",
        "recipientfirstname",
        "recipientemail",
        "externalreference",
        "externaldatareference",
        "locationlatitude",
        "locationlongitude",
        "locationaccuracy",
        "distributionchannel",
        "userlanguage",
    }
)
GOOGLE_METADATA = frozenset({"timestamp", "email address", "score", "total score"})
MICROSOFT_METADATA = frozenset(
    {
        "id",
        "start time",
        "completion time",
        "email",
        "name",
        "last modified time",
        "total points",
        "quiz feedback",
    }
)
LIMESURVEY_METADATA = frozenset(
    {
        "id",
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "token",
        "interviewtime",
        "response id",
        "date submitted",
        "last page",
        "start language",
        "date started",
        "date last action",
        "ip address",
        "referrer url",
        "access code",
        "total time",
    }
)
JOTFORM_METADATA = frozenset(
    {
        "submission date",
        "submission id",
        "submission ip",
        "last update date",
        "submission url",
        "edit link",
        "ip",
    }
)
_IMPORT_ID = re.compile(r'^\{\s*"ImportId"\s*:', re.IGNORECASE)
_LEGACY_V = re.compile(r"^V\d{1,2}$")
_QUALTRICS_INTERNAL = re.compile(r"^Q_[A-Za-z]")
_QUALTRICS_CODE = re.compile(r"^(?P<parent>.+?)(?:_(?P<option>\d+))?(?P<text>_TEXT)?$", re.I)
_LIME_CODE = re.compile(r"^(?P<parent>[A-Za-z][A-Za-z0-9_]*)\[(?P<sub>[^\]]*)\]$")
_SUB_LABEL = re.compile(r"^(?P<parent>.+?)\s*\[(?P<sub>[^\]]+)\]$")
_QUALTRICS_SUFFIXES = (" - Selected Choice",)


@dataclass
class Layout:
    """What the first rows of a table say about its columns."""

    name: str  # for people: "Qualtrics CSV (3 header rows)"; "" for a plain table
    header_rows: int  # rows of the file taken up by the header (1 for most)
    headers: list[str]  # what each column is called, as people read it
    codes: list[str] = field(default_factory=list)  # the tool's short id per column, or ""
    groups: list[str] = field(default_factory=list)  # the question each column belongs to
    metadata: set[int] = field(default_factory=set)  # columns describing the response
    id_index: int | None = None  # the respondent id column; None: ids are generated
    others: set[int] = field(default_factory=set)  # "Other (please specify)" text columns


def _fold(cells: list[str]) -> list[str]:
    return [" ".join(c.split()).casefold() for c in cells]


def _index(folded: list[str], *names: str) -> int | None:
    for name in names:
        if name in folded:
            return folded.index(name)
    return None


def recognise(header: list[str], following: list[list[str]]) -> Layout:
    """The layout of a table whose first non-empty row is ``header`` and the next rows
    ``following`` (at most two are looked at). Never raises; a plain table is ``Layout("", 1)``."""
    header = [" ".join(h.split()) for h in header]
    second = [" ".join(c.split()) for c in following[0]] if following else []
    third = following[1] if len(following) > 1 else []
    folded = _fold(header)
    filled_third = [c for c in third if c.strip()]
    if filled_third and sum(bool(_IMPORT_ID.match(c.strip())) for c in filled_third) * 2 >= len(
        filled_third
    ):
        return _qualtrics(header, second, "Qualtrics CSV (3 header rows)", 3)
    if second and len(header) >= 3 and all(_LEGACY_V.match(h) for h in header[:3]):
        return _qualtrics(header, second, "Qualtrics CSV (legacy, 2 header rows)", 2)
    if second and is_surveymonkey(header, second):
        merged, groups = merge_surveymonkey(header, second)
        layout = Layout("SurveyMonkey (2 header rows)", 2, merged, groups=groups)
        return _with_metadata(layout, SURVEYMONKEY_METADATA, "respondent id")
    if "respondent id" in folded and "collector id" in folded:
        layout = Layout("SurveyMonkey (1 header row)", 1, header)
        return _with_metadata(layout, SURVEYMONKEY_METADATA, "respondent id")
    if folded and folded[0] == "timestamp":
        return _with_metadata(Layout("Google Forms CSV", 1, header), GOOGLE_METADATA, None)
    if "start time" in folded and "completion time" in folded and "id" in folded:
        return _with_metadata(Layout("Microsoft Forms", 1, header), MICROSOFT_METADATA, "id")
    if ("submitdate" in folded and "id" in folded) or (
        "response id" in folded and "date submitted" in folded
    ):
        return _limesurvey(header, folded)
    if folded[:1] == ["submission date"] or "submission id" in folded:
        return _with_metadata(Layout("JotForm CSV", 1, header), JOTFORM_METADATA, "submission id")
    return Layout("", 1, header)


def _with_metadata(layout: Layout, metadata: frozenset[str], id_name: str | None) -> Layout:
    folded = _fold(layout.headers)
    layout.id_index = _index(folded, id_name) if id_name else None
    layout.metadata = {i for i, h in enumerate(folded) if h in metadata}
    layout.metadata.discard(layout.id_index if layout.id_index is not None else -1)
    if not layout.groups:
        layout.groups = [_parent_text(h) for h in layout.headers]
    layout.others = {i for i, h in enumerate(folded) if _is_other_text(h)}
    return layout


def _qualtrics(header: list[str], labels: list[str], name: str, rows: int) -> Layout:
    width = len(header)
    labels = (labels + [""] * width)[:width]
    texts = []
    for code, label in zip(header, labels, strict=True):
        for suffix in _QUALTRICS_SUFFIXES:
            label = label.removesuffix(suffix)
        texts.append(label or code)
    layout = Layout(name, rows, texts, codes=list(header))
    folded_codes = _fold(header)
    legacy = rows == 2
    for i, (code, fcode) in enumerate(zip(header, folded_codes, strict=True)):
        internal = _QUALTRICS_INTERNAL.match(code) or (legacy and _LEGACY_V.match(code))
        if fcode in QUALTRICS_METADATA or internal:
            layout.metadata.add(i)
    folded_labels = _fold(labels)
    layout.id_index = _index(folded_codes, "responseid")
    if layout.id_index is None:
        layout.id_index = _index(folded_labels, "responseid", "response id")
    if layout.id_index is None and legacy and folded_codes[:1] == ["v1"]:
        layout.id_index = 0
    layout.metadata.discard(layout.id_index if layout.id_index is not None else -1)
    present = set(folded_codes)
    for i, code in enumerate(header):
        match = _QUALTRICS_CODE.match(code)
        parent = match["parent"] if match else code
        layout.groups.append(parent)
        attached = match and match["text"] and (match["option"] or parent.casefold() in present)
        if attached or _is_other_text(folded_labels[i]):
            layout.others.add(i)
    return layout


def _limesurvey(header: list[str], folded: list[str]) -> Layout:
    layout = _with_metadata(
        Layout("LimeSurvey CSV", 1, header),
        LIMESURVEY_METADATA,
        "id" if "id" in folded else "response id",
    )
    layout.metadata |= {
        i for i, h in enumerate(folded) if h.startswith("grouptime") or h.endswith(" time")
    }
    layout.codes = [""] * len(header)
    for i, h in enumerate(header):
        code = _LIME_CODE.match(h)
        if code:
            layout.codes[i] = code["parent"]
            layout.groups[i] = code["parent"]
            if code["sub"].casefold() in ("other", "comment"):
                layout.others.add(i)
        elif h and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", h) and i not in layout.metadata:
            layout.codes[i] = h
    return layout


def _parent_text(header: str) -> str:
    """The question a column belongs to: "Q [Sub]" and "Q - Sub" (SurveyMonkey) are Q."""
    found = _SUB_LABEL.match(header)
    if found:
        return found["parent"]
    return header


def _is_other_text(folded_header: str) -> bool:
    return (
        "please specify" in folded_header
        or folded_header.endswith(("[other]", "[comment]", " - other", " - text"))
        or folded_header.endswith("other - text")
    )


def is_surveymonkey(header: list[str], second: list[str]) -> bool:
    """A sub-label row: blank under the metadata columns, 'Response'-style labels elsewhere."""
    metadata = [i for i, h in enumerate(header) if h.casefold() in SURVEYMONKEY_METADATA]
    if not metadata:
        return False
    if any(i < len(second) and second[i] for i in metadata):
        return False
    others = [second[i] for i in range(len(second)) if i not in metadata and second[i]]
    if not others:
        return False
    has_label = any(c.casefold() in WHOLE_ANSWER_LABELS for c in others)
    continues = any(
        i < len(second) and second[i] and not (header[i] if i < len(header) else "")
        for i in range(len(second))
    )
    return has_label or continues


def merge_surveymonkey(header: list[str], second: list[str]) -> tuple[list[str], list[str]]:
    """Each column named "Question - Sub-answer" (or the question alone for a whole answer), and
    the question each column belongs to."""
    width = max(len(header), _last_filled(second))
    top = header + [""] * (width - len(header))
    sub = ([" ".join(s.split()) for s in second] + [""] * width)[:width]
    merged: list[str] = []
    groups: list[str] = []
    question = ""
    for t, s in zip(top, sub, strict=True):
        if t:
            question = t
            if not s or s.casefold() in WHOLE_ANSWER_LABELS:
                merged.append(t)
            else:
                merged.append(f"{t} - {s}")
        elif s and question:
            merged.append(f"{question} - {s}")
        else:
            merged.append(s)
        groups.append(question if (t or s) else merged[-1])
    return merged, groups


def _last_filled(cells: list[str]) -> int:
    for i in range(len(cells) - 1, -1, -1):
        if cells[i]:
            return i + 1
    return 0
