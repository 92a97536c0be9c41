"""Who is speaking: which labels name people, which are facilitators, and which case each becomes.

Transcripts arrive typed by researchers or transcription services in many layouts; the layouts
themselves (``Jo: ...``, ``[Jo] ...``, an Otter.ai ``Jo  0:34`` line, ...) are recognised in
:mod:`qualcode.importers.layouts`. This module judges the labels they find: a detection that looks
like a form or a memo (``Date: ...``, ``Note: ...``, ``He said: ...``) rather than a conversation
is refused, because importing a report as "speakers" would be worse than importing it as
paragraphs.

A turn's span covers the utterance only (after the label and separator), trimmed, so
``text[turn.start:turn.end]`` is exactly what was said. Lines that do not start a turn continue
the previous one; text before the first turn (a title, a preamble) belongs to no turn.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from qualcode.domain.errors import ValidationError
from qualcode.importers.model import ImportedCase, normalise_speaker

_TIME_PARTS = re.compile(r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")
_SENTENCE_PUNCT = re.compile(r"[,;!?\"“”…()\[\]{}<>|*=#@:~^%$£€\\]")
_ABBREVIATION = re.compile(r"(?:[^\W\d_]{1,4}\.)+")
_QUESTION_ID = re.compile(r"q[a-z]?\d+[a-z]?")
_TRAILING_NUMBER = re.compile(r"[ \t]*\d+$")
_FACILITATOR = re.compile(
    r"(?:co-?)?(?:facilitator|interviewer|moderator|researcher|int|fac|mod)\s*\d*|i"
)


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Labels that name a field, a heading or an annotation, never a person ("Date", "Note 2").
_NOT_SPEAKERS = _word_set(
    """
    note notes nb ps date dates time times venue location place setting duration length title
    subject re from to cc bcc sent question questions answer answers response responses comment
    comments http https www ftp mailto email e-mail tel telephone phone mobile fax page figure
    table source ref reference references warning important tip example e.g i.e transcript
    transcriber transcribed file filename recording audio participants present attendees
    apologies agenda action actions summary topic topics theme themes section chapter total
    age gender sex ethnicity occupation pseudonym id dob project study site area code keywords
    inaudible laughs laughter laughing crosstalk pause pauses silence unclear overlapping redacted
    name sic background aim aims objective objectives method methods result results conclusion
    conclusions recommendation recommendations outcome outcomes update step definition key
    anyway basically well so yes no yeah ok okay right also but and then because however
    focus interview session meeting workshop group consultation event round wave visit
    """
)
# Words that make a longer label a field or heading too ("Date of interview", "Focus group 2");
# other words above may start a role ("Key worker", "Project worker", "Group member").
_NOT_SPEAKER_FIRST_WORDS = _NOT_SPEAKERS - _word_set(
    "project study site area key group age code name place source present total event"
)
# In a multi-word label these words make it a phrase ("He said", "I think"), not a name.
_PHRASE_WORDS = _word_set(
    "i he she we they you it said says say asked asks told tells think thought was is were are "
    "that this there here what when why how"
)
# Singletons containing these are phrases unless they recur ("The thing is: ...").
_WEAK_WORDS = _word_set("a an the and or but if as at by for in on of with my his her our")


@dataclass(frozen=True)
class Turn:
    """One speaker turn: the utterance's span, the label as written, and its time if given."""

    start: int
    end: int
    label: str
    time_ms: int | None = None


@dataclass(frozen=True)
class SpeakerSummary:
    """A speaker as detected, for the review-before-import step."""

    label: str  # as first written
    key: str  # normalise_speaker(label): labels with the same key become one case
    turns: int
    words: int
    is_facilitator: bool


def parse_time(value: str) -> int | None:
    """``00:12:03``, ``12:03`` (mm:ss) or ``01:02:03.500`` in milliseconds; None if not a time."""
    match = _TIME_PARTS.fullmatch(value.strip())
    if match is None:
        return None
    hours = int(match[1] or 0)
    minutes, seconds = int(match[2]), int(match[3])
    if seconds >= 60 or (match[1] is not None and minutes >= 60):
        return None
    fraction = int((match[4] or "0").ljust(3, "0"))
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction


def is_plausible_speaker(label: str) -> bool:
    """A short name-like label: <= 4 words, <= 40 characters, no sentence punctuation."""
    cleaned = " ".join(label.split())
    if not cleaned or len(cleaned) > 40 or not cleaned[0].isalpha():
        return False
    words = cleaned.split(" ")
    if len(words) > 4 or _SENTENCE_PUNCT.search(cleaned):
        return False
    lowered = cleaned.casefold()
    if "//" in lowered or "www." in lowered or _QUESTION_ID.fullmatch(lowered.replace(" ", "")):
        return False
    first = _TRAILING_NUMBER.sub("", words[0].casefold().rstrip("."))
    whole = _TRAILING_NUMBER.sub("", lowered).rstrip(".")
    if first in _NOT_SPEAKER_FIRST_WORDS or whole in _NOT_SPEAKERS:
        return False
    if len(words) > 1 and any(w.casefold() in _PHRASE_WORDS for w in words):
        return False
    return all("." not in w or _ABBREVIATION.fullmatch(w) for w in words)


def accepted_keys(labels: Iterable[str]) -> set[str]:
    """The keys of plausible labels, dropping one-off phrases ("the thing is", "anyway")."""
    plausible = [label for label in labels if is_plausible_speaker(label)]
    counts = Counter(normalise_speaker(label) for label in plausible)
    keys: set[str] = set()
    for label in plausible:
        key = normalise_speaker(label)
        if counts[key] == 1:
            words = key.split(" ")
            if label.strip()[0].islower() or (
                len(words) > 1 and any(w in _WEAK_WORDS for w in words)
            ):
                continue
        keys.add(key)
    return keys


def is_facilitator_label(label: str, facilitators: Iterable[str] = ()) -> bool:
    """Facilitator, Interviewer, Moderator, Researcher, Int, Fac, Mod (numbered or not), I, or a
    name the user listed."""
    key = normalise_speaker(label)
    if _FACILITATOR.fullmatch(key):
        return True
    return key in {normalise_speaker(name) for name in facilitators}


def compile_speaker_pattern(pattern: str | re.Pattern[str]) -> re.Pattern[str]:
    """A user's pattern: a regex with a named group ``speaker`` and optionally ``time``."""
    try:
        if isinstance(pattern, re.Pattern):
            compiled = re.compile(pattern.pattern, pattern.flags | re.M)
        else:
            compiled = re.compile(pattern, re.M)
    except re.error as error:
        raise ValidationError(f"The speaker pattern is not a valid expression: {error}.") from None
    if "speaker" not in compiled.groupindex:
        raise ValidationError("The speaker pattern needs a named group: (?P<speaker>...).")
    return compiled


def detect_turns(text: str, pattern: str | re.Pattern[str] | None = None) -> list[Turn]:
    """Speaker turns in ``text``, in order; an empty list when it does not read as a dialogue.

    With ``pattern`` (a regex with a named group ``speaker`` and optionally ``time``, matched at
    each line's start) only that layout is used and every match with a non-blank label of at
    most 80 characters counts; otherwise the built-in layout explaining the most lines wins
    (:mod:`qualcode.importers.layouts`). Raises ValidationError for an unusable pattern.
    """
    from qualcode.importers.layouts import detect_layout  # layouts builds on this module

    return detect_layout(text, pattern).turns


def preview_speakers(
    text: str,
    pattern: str | re.Pattern[str] | None = None,
    facilitators: Iterable[str] = (),
) -> list[SpeakerSummary]:
    """One summary per speaker (in order of first appearance) for review before import."""
    labels: dict[str, str] = {}
    turns: Counter[str] = Counter()
    words: Counter[str] = Counter()
    for turn in detect_turns(text, pattern):
        key = normalise_speaker(turn.label)
        labels.setdefault(key, turn.label)
        turns[key] += 1
        words[key] += len(text[turn.start : turn.end].split())
    return [
        SpeakerSummary(
            label=label,
            key=key,
            turns=turns[key],
            words=words[key],
            is_facilitator=is_facilitator_label(label, facilitators),
        )
        for key, label in labels.items()
    ]


class SpeakerCases:
    """Labels to case keys, applying the user's remapping and marking facilitators.

    ``speaker_map`` maps labels (matched by normalised key) to the name to use instead, so
    "J" and "Jo Smith" can both become "Jo"; a blank target leaves the label as it is.
    """

    def __init__(
        self, speaker_map: Mapping[str, str] | None = None, facilitators: Iterable[str] = ()
    ) -> None:
        self._map = {
            normalise_speaker(label): " ".join(target.split())
            for label, target in (speaker_map or {}).items()
            if target.strip()
        }
        self._facilitators = tuple(facilitators)
        self.cases: dict[str, ImportedCase] = {}

    def key(self, label: str) -> str | None:
        """The case key for ``label`` (registering the case), or None for a blank label."""
        written = " ".join(label.split())
        if not written:
            return None
        name = self._map.get(normalise_speaker(written), written)
        key = normalise_speaker(name)
        case = self.cases.get(key)
        facilitator = is_facilitator_label(written, self._facilitators) or is_facilitator_label(
            name, self._facilitators
        )
        if case is None:
            self.cases[key] = ImportedCase(name=name, is_facilitator=facilitator)
        elif facilitator:
            case.is_facilitator = True
        return key
