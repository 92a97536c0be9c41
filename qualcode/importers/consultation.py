"""Consultation responses: an organisation's answers to a numbered response form.

Response forms (``QA1.``, ``QC10 (if applicable):``) mix four things under each question: the
question's wording, instructions to the respondent ("Please tick one box"), tick-box options and
the respondent's answer. Only the answer is the respondent's voice, so only answers (free text and
ticked options) become coded parts; the wording and options go to the question so answers can be
compared across respondents. Some organisations add a second voice ("Service users' response"),
which is attributed to its own case: analysts must not read service users' words as the
organisation's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qualcode.domain.values import DocumentKind
from qualcode.importers.model import (
    FileImportError,
    ImportBatch,
    ImportedCase,
    ImportedDocument,
    ImportedPart,
    ImportedQuestion,
    normalise_speaker,
)
from qualcode.importers.textspans import Line, split_lines, trim_span

DEFAULT_QUESTION_PATTERN = (
    r"[ \t]*(?P<id>[A-Z]{1,3}\d{1,3}[a-z]?)(?:[ \t]*\((?P<qualifier>[^()\n]{1,80})\))?"
    r"[ \t]*[.:](?![\d/])[ \t]*"
)
_DEFAULT_QUESTION = re.compile(DEFAULT_QUESTION_PATTERN, re.M)

_BOX = re.compile(r"[☐☒☑□■✓✔✗✘☓⊠]|\[[ \t]*[xX✓✔]?[ \t]*\]|\([ \t]*[xX]?[ \t]*\)")
_TICKED = re.compile(r"[☒☑■✓✔✗✘☓⊠]|\[[ \t]*[xX✓✔][ \t]*\]|\([ \t]*[xX][ \t]*\)")
_OPTION_SPLIT = re.compile(r"[ \t]*(?:\||\t|[ \t]{2,}|(?<!\b[nN])/(?![aA]\b)|\s/\s)[ \t]*")
_OPTION_WORDS = frozenset(
    [
        "yes",
        "no",
        "don't know",
        "dont know",
        "do not know",
        "not sure",
        "unsure",
        "partly",
        "partially",
        "maybe",
        "agree",
        "disagree",
        "strongly agree",
        "strongly disagree",
        "tend to agree",
        "tend to disagree",
        "neither agree nor disagree",
        "neither",
        "n/a",
        "not applicable",
        "prefer not to say",
        "other",
    ]
)
_INSTRUCTION = re.compile(
    r"[ \t]*(?:please|tick|select|choose|circle|continue|use\s+the\s+box|"
    r"if\s+(?:yes|no|so|not|you|applicable|other|appropriate)|"
    r"max(?:imum)?\b|word\s+limit|up\s+to\s+\d+\s+words|\(.*\)[ \t]*$)",
    re.IGNORECASE,
)
_INSTRUCTION_TAIL = re.compile(
    r"(?:(?<=[?.!:])[ \t]+(?=(?:please|tick|select|choose|circle)\b)|[ \t]*(?=\((?:please|"
    r"tick|select|choose|circle|max|maximum|up to|no more|optional|if)\b))",
    re.IGNORECASE,
)
_VOICE = re.compile(
    r"[ \t]*(?:(?:responses?|views|comments|feedback)[ \t]+(?:from|of|by)[ \t]+"
    r"(?P<after>[^\W\d_][^:.?!;,\n]{1,60}?)|(?P<before>[^\W\d_][^:.?!;,\n]{1,60}?)"
    r"(?:['’]s?)?[ \t]+(?:responses?|views|comments|feedback|perspectives?|voices?))"
    r"[ \t]*[:.\-–]?[ \t]*",
    re.IGNORECASE,
)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# A heading naming one of these speaks for the respondent itself ("Our response", "Other views").
_PRIMARY_WORDS = _word_set(
    "our my your their the this organisation organisation's organisational respondent "
    "respondents official full overall initial formal written consultation main summary "
    "general additional further any other final"
)
_NOT_HEADING_WORDS = _word_set(
    "i we they you he she it is are was were have has had be been will would should could can "
    "collected gathered received asked include includes included reflect reflects that"
)
_MAX_INSTRUCTION_WORDS = 30
# "Section C – Treatment and recovery", "Part 2: Housing": headings between questions.
_SECTION = re.compile(r"[ \t]*(?:section|part)[ \t]+[A-Z0-9]{1,3}\b(?:[ \t]*[-–—:.].*)?", re.I)
_MAX_SECTION_WORDS = 12
# Cover-page fields naming the respondent, used when the caller gives no respondent.
_RESPONDENT_FIELD = re.compile(
    r"[ \t]*(?:name of (?:your )?organisation|organisation(?: name)?|respondent|responding "
    r"organisation)[ \t]*:[ \t]*(?P<name>\S.{0,120})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Option:
    """A tick-box option on a line: its label's span and whether it is ticked."""

    start: int
    end: int
    ticked: bool


def parse_options(text: str, line_start: int, line_end: int) -> list[Option] | None:
    """The options on a tick-box line (``☒ Yes ☐ No``, ``Yes [ ] No [x]``, ``Yes / No``)."""
    line = text[line_start:line_end]
    boxes = list(_BOX.finditer(line))
    spans: list[tuple[int, int, bool]] = []
    stripped = line.strip()
    if boxes and stripped.startswith(boxes[0].group()):
        for index, box in enumerate(boxes):
            stop = boxes[index + 1].start() if index + 1 < len(boxes) else len(line)
            spans.append((box.end(), stop, _TICKED.fullmatch(box.group()) is not None))
    elif boxes and stripped.endswith(boxes[-1].group()):
        for index, box in enumerate(boxes):
            begin = boxes[index - 1].end() if index else 0
            spans.append((begin, box.start(), _TICKED.fullmatch(box.group()) is not None))
    else:
        pieces = [p for p in _OPTION_SPLIT.split(stripped) if p]
        if len(pieces) < 2 or any(
            p.strip(" .,;").casefold().replace("’", "'") not in _OPTION_WORDS for p in pieces
        ):
            return None
        offset = line_start + len(line) - len(line.lstrip())
        options: list[Option] = []
        for piece in pieces:
            found = text.find(piece, offset, line_end)
            options.append(Option(found, found + len(piece), False))
            offset = found + len(piece)
        return options
    options = []
    for begin, stop, ticked in spans:
        span = trim_span(text, line_start + begin, line_start + stop)
        if span is not None:
            options.append(Option(span[0], span[1], ticked))
    return options or None


def _is_instruction(line: str) -> bool:
    words = len(line.split())
    if _SECTION.fullmatch(line) is not None and words <= _MAX_SECTION_WORDS:
        return True
    return _INSTRUCTION.match(line) is not None and words <= _MAX_INSTRUCTION_WORDS


def voice_heading(line: str, respondent: str) -> str | None:
    """The case a heading such as "Service users' response" gives the following answers to."""
    match = _VOICE.fullmatch(line)
    if match is None or len(line.split()) > 8:
        return None
    who = " ".join((match["after"] or match["before"]).split())
    words = who.casefold().split(" ")
    if any(word in _NOT_HEADING_WORDS for word in words) or len(words) > 6:
        return None
    if words[0] in _PRIMARY_WORDS:
        return respondent
    return who[0].upper() + who[1:]


def _compile(pattern: str | re.Pattern[str] | None, source: str) -> re.Pattern[str]:
    if pattern is None:
        return _DEFAULT_QUESTION
    try:
        if isinstance(pattern, re.Pattern):
            compiled = re.compile(pattern.pattern, pattern.flags | re.M)
        else:
            compiled = re.compile(pattern, re.M)
    except re.error as error:
        raise FileImportError(source, f"the question pattern is not valid: {error}") from None
    if "id" not in compiled.groupindex:
        raise FileImportError(source, "the question pattern needs a named group (?P<id>...)")
    return compiled


class _Block:
    """Reads the lines under one question: wording, instructions, options, answers by voice."""

    def __init__(self, text: str, question: ImportedQuestion, respondent: str) -> None:
        self.text = text
        self.question = question
        self.respondent = respondent
        self.voice = normalise_speaker(respondent)
        self.voices: dict[str, str] = {}  # key -> display name of second voices
        self.parts: list[ImportedPart] = []
        self.run: tuple[int, int] | None = None

    def close_run(self) -> None:
        if self.run is not None:
            span = trim_span(self.text, *self.run)
            if span is not None:
                self.add_part(*span)
            self.run = None

    def add_part(self, start: int, end: int) -> None:
        self.parts.append(ImportedPart(start, end, "answer", self.voice, None, self.question.key))

    def add_option(self, label: str) -> None:
        cleaned = " ".join(label.split())
        if cleaned and cleaned not in self.question.options:
            self.question.options.append(cleaned)

    def read(self, lines: list[Line]) -> None:
        for line in lines:
            content = self.text[line.start : line.end]
            if not content.strip():
                continue
            heading = voice_heading(content, self.respondent)
            options = None if heading else parse_options(self.text, line.start, line.end)
            if heading is not None:
                self.close_run()
                self.voice = normalise_speaker(heading)
                if self.voice != normalise_speaker(self.respondent):
                    self.voices.setdefault(self.voice, heading)
            elif options is not None:
                self.close_run()
                for option in options:
                    self.add_option(self.text[option.start : option.end])
                    if option.ticked:
                        self.add_part(option.start, option.end)
            elif _is_instruction(content):
                self.close_run()
            elif self.run is None:
                self.run = (line.start, line.end)
            else:
                self.run = (self.run[0], line.end)
        self.close_run()


def _wording(text: str, first: int, line: Line, after: list[Line]) -> tuple[str, int]:
    """The question's wording: the rest of the id line plus the lines of its paragraph that read
    as wording; returns it and how many of ``after`` it used."""
    pieces = [text[first : line.end].strip()]
    used = 0
    for following in after:
        content = text[following.start : following.end]
        started = any(pieces)
        if not content.strip():
            if started:
                break
            used += 1
            continue
        if started and pieces[-1].endswith("?"):
            break
        if _is_instruction(content) or voice_heading(content, "-"):
            break
        if parse_options(text, following.start, following.end) is not None:
            break
        pieces.append(content.strip())
        used += 1
        if not started:
            break  # "QA1." alone on its line: the next line is the wording
    return " ".join(" ".join(pieces).split()), used


def consultation_from_text(
    text: str,
    *,
    name: str,
    source: str,
    content_hash: str,
    respondent: str = "Respondent",
    question_pattern: str | re.Pattern[str] | None = None,
    instrument: str = "Consultation",
) -> ImportBatch:
    """One document; a part per free-text answer and per ticked option, tied to its question and
    to the respondent's case or to a second voice's case.

    ``question_pattern`` is a regex matched at each line's start with a named group ``id``; the
    rest of the line after the match starts the question's wording. With the default
    ``respondent`` an ``Organisation: ...`` field on the cover page names the respondent.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pattern = _compile(question_pattern, source)
    lines = split_lines(text)
    starts: list[tuple[int, re.Match[str]]] = []
    for index, line in enumerate(lines):
        match = pattern.match(text, line.start, line.end)
        if match is not None and match["id"] and match["id"].strip():
            starts.append((index, match))
    if not starts:
        raise FileImportError(
            source,
            "no question numbers found (expected lines such as 'QA1.' or 'QC10 (if applicable):'"
            "); if this form numbers its questions differently, give a custom question pattern",
        )
    respondent_name = " ".join(respondent.split()) or "Respondent"
    if respondent_name == "Respondent":
        cover = (text[line.start : line.end] for line in lines[: starts[0][0]])
        named = next((m for m in map(_RESPONDENT_FIELD.fullmatch, cover) if m is not None), None)
        if named is not None:
            respondent_name = " ".join(named["name"].split())
    batch = ImportBatch(source=source, content_hash=content_hash)
    batch.cases[normalise_speaker(respondent_name)] = ImportedCase(name=respondent_name)
    parts: list[ImportedPart] = []
    for position, (index, match) in enumerate(starts):
        stop = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        label = " ".join(match["id"].split())
        first = match.end()
        if "text" in match.re.groupindex and match["text"] is not None:
            first = match.start("text")
        wording, used = _wording(text, first, lines[index], lines[index + 1 : stop])
        tail = _INSTRUCTION_TAIL.search(wording)
        if tail is not None and tail.start() > 0:
            wording = wording[: tail.start()].rstrip()
        question = ImportedQuestion(label=label, text=wording, instrument=instrument)
        if question.key in batch.questions:
            batch.warnings.append(f"{source}: question {label} appears twice; answers are merged")
            question = batch.questions[question.key]
        else:
            batch.questions[question.key] = question
        block = _Block(text, question, respondent_name)
        block.read(lines[index + 1 + used : stop])
        parts.extend(block.parts)
        for key, display in block.voices.items():
            batch.cases.setdefault(key, ImportedCase(name=display))
    batch.documents.append(
        ImportedDocument(
            name=name,
            kind=DocumentKind.CONSULTATION.value,
            text=text,
            parts=parts,
            attributes={"Respondent": respondent_name},
            original_name=source,
            provenance={"importer": "consultation", "instrument": instrument},
        )
    )
    return batch
