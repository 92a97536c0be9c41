"""The spaCy pipeline, offline: built once per process, never downloaded.

The default is ``spacy.blank("en")`` with a sentencizer and the lookup lemmatizer whose table comes
from the ``spacy-lookups-data`` package (installed with QualCode, so nothing is fetched at run
time). When a trained English pipeline (``en_core_web_sm`` and friends) is installed it is used
instead: better sentences and lemmas, at a tenth of the speed.

Lemmas are lower-case everywhere: the lookup table is consulted for the token as written, then in
lower case, and a word it does not know is its own (lower-case) lemma. Search, the index and the
counts all go through :func:`lemma_of` / :func:`analyse`, so they agree with each other.
"""

from __future__ import annotations

import functools
import importlib.metadata
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import QualCodeError

if TYPE_CHECKING:  # spaCy takes most of a second to import: only when text is analysed
    import numpy as np  # and numpy a sixth of one: the window starts without either
    from spacy.language import Language

TRAINED = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")
_WORDISH = re.compile(r"\w", re.UNICODE)
_LINE = re.compile(r"\S(?:[^\n]*\S)?")  # a line's text, without surrounding spaces
_POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass(frozen=True)
class Pipeline:
    """The loaded pipeline and what it is, so an index can tell when it was built by another."""

    nlp: Language
    name: str
    version: str
    lookup: Any  # spaCy lookups Table (keys are hashed: use .get), or None for a trained pipeline
    cache: dict[str, str] = field(default_factory=dict, compare=False)  # word -> lemma ("" = skip)

    @property
    def tag(self) -> str:
        return f"{self.name}@{self.version}"


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # code-point offset in the analysed text
    lemma: str  # lower case


def _installed_trained() -> str | None:
    import spacy

    for name in TRAINED:
        if spacy.util.is_package(name):
            return name
    return None


@functools.lru_cache(maxsize=2)
def get_pipeline(prefer_trained: bool = True) -> Pipeline:
    """The process-wide pipeline (built on first use, about a quarter of a second)."""
    import spacy
    import spacy.about

    trained = _installed_trained() if prefer_trained else None
    if trained is not None:
        nlp = spacy.load(trained, exclude=["ner"])
        return Pipeline(nlp, trained, str(nlp.meta.get("version", "?")), None)
    try:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        lemmatizer: Any = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        table = lemmatizer.lookups.get_table("lemma_lookup")
    except (ValueError, OSError, KeyError) as exc:  # spacy-lookups-data missing or damaged
        raise QualCodeError(
            "The English lemma tables could not be loaded: reinstall QualCode "
            f"(the 'spacy-lookups-data' package is part of it). Detail: {exc}"
        ) from None
    if not len(table):
        raise QualCodeError("The English lemma table is empty: reinstall 'spacy-lookups-data'.")
    return Pipeline(nlp, "blank-en-lookup", spacy.about.__version__, table)


@functools.lru_cache(maxsize=1)
def _trained_installed() -> bool:
    """Whether a trained pipeline package is installed, read from the packages' metadata (no
    import); once per process, like :func:`get_pipeline` itself."""
    for name in TRAINED:
        for candidate in (name, name.replace("_", "-")):
            try:
                importlib.metadata.distribution(candidate)
            except importlib.metadata.PackageNotFoundError:
                continue
            return True
    return False


def pipeline_tag() -> str:
    """The tag of the pipeline :func:`get_pipeline` builds, without building the default one.

    Whether the index is current is asked before every search; a search by words, on a window
    that has not analysed text yet, must not wait a second for spaCy to import to learn it."""
    if get_pipeline.cache_info().currsize or _trained_installed():
        return get_pipeline().tag
    return _blank_tag()


@functools.lru_cache(maxsize=1)
def _blank_tag() -> str:
    return f"blank-en-lookup@{importlib.metadata.version('spacy')}"


def is_wordish(text: str) -> bool:
    """A token worth indexing or counting: it has a letter or digit and is not a possessive."""
    return bool(_WORDISH.search(text)) and text.lower() not in _POSSESSIVE


# Lookup-table entries that surprise a researcher ("as" is not a form of "a", "first" of "1").
_KEEP = {"as", "us", "data"}


def _looked_up(word: str, table: Any) -> str:
    found = table.get(word) or table.get(word.lower()) or word
    lemma = str(found).lower()
    if word.lower() in _KEEP or (word.isalpha() and not lemma.isalpha()):
        return word.lower()
    return lemma


@functools.lru_cache(maxsize=2)
def _forms_by_lemma(tag: str) -> dict[str, frozenset[str]]:
    """Every word form of the lookup table, by the lemma :func:`_looked_up` gives it."""
    import gzip
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("spacy_lookups_data")
    if spec is None or spec.origin is None:
        return {}
    source = Path(spec.origin).parent / "data" / "en_lemma_lookup.json.gz"
    try:
        words: dict[str, str] = json.loads(gzip.decompress(source.read_bytes()))
    except (OSError, ValueError) as exc:
        raise QualCodeError(
            f"The English lemma table {source} could not be read ({exc}): reinstall QualCode."
        ) from None
    table = get_pipeline().lookup
    out: dict[str, set[str]] = {}
    for word in words:
        out.setdefault(_looked_up(word, table), set()).add(word.lower())
    return {lemma: frozenset(forms) for lemma, forms in out.items()}


def table_forms(lemma: str, pipeline: Pipeline | None = None) -> frozenset[str] | None:
    """The word forms the lookup table gives ``lemma`` (``None`` for a trained pipeline, whose
    lemmas depend on context): a lemma search of texts not analysed yet matches these."""
    p = pipeline or get_pipeline()
    if p.lookup is None:
        return None
    return _forms_by_lemma(p.tag).get(lemma, frozenset())


def lemma_of(word: str, pipeline: Pipeline | None = None) -> str:
    """The lower-case lemma of one word out of context (the lookup table, then lower case)."""
    p = pipeline or get_pipeline()
    if p.lookup is not None:
        return _looked_up(word, p.lookup)
    doc = p.nlp(word)
    return (doc[0].lemma_ or word).lower() if len(doc) else word.lower()


def _lemma(token: Any, p: Pipeline) -> str:
    text: str = token.text
    if p.lookup is not None:
        return _looked_up(text, p.lookup)
    return str(token.lemma_ or text).lower()


def analyse(texts: Iterable[str], pipeline: Pipeline | None = None) -> Iterator[list[Token]]:
    """The word tokens of each text with their lemmas (punctuation and possessives left out).

    The lookup pipeline only needs the tokenizer here; a trained pipeline runs in full (its
    lemmas depend on the tagger).
    """
    p = pipeline or get_pipeline()
    if p.lookup is not None:
        tokenizer = p.nlp.tokenizer
        cache = p.cache
        for text in texts:
            out = []
            for t in tokenizer(text):
                word = t.text
                lemma = cache.get(word)
                if lemma is None:
                    lemma = _looked_up(word, p.lookup) if is_wordish(word) else ""
                    if len(cache) < 500_000:
                        cache[word] = lemma
                if lemma:
                    out.append(Token(word, t.idx, lemma))
            yield out
        return
    # lemmas need the tagger, not the parser (the slowest component): leave it out here
    skip = [name for name in ("parser", "senter") if name in p.nlp.pipe_names]
    for doc in p.nlp.pipe(texts, batch_size=64, disable=skip):
        yield [Token(t.text, t.idx, _lemma(t, p)) for t in doc if is_wordish(t.text)]


def sentences(text: str, pipeline: Pipeline | None = None) -> list[tuple[int, int]]:
    """Sentence spans (start, end) of ``text`` in code points, trailing whitespace excluded."""
    p = pipeline or get_pipeline()
    doc = p.nlp(text)
    out: list[tuple[int, int]] = []
    for sent in doc.sents:
        # a sentence never runs across a line break (a transcript line is a turn)
        for piece in _LINE.finditer(text, sent.start_char, sent.end_char):
            out.append(piece.span())
    return out


def is_stop_word(word: str) -> bool:
    from spacy.lang.en.stop_words import STOP_WORDS

    return word.lower() in STOP_WORDS


def token_arrays(
    texts: Iterable[str], pipeline: Pipeline | None = None
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """For counting at scale: each text's token starts and spaCy's hashes of the tokens as
    written, as two arrays, without a Python object per token (ten million words in seconds).
    :func:`word_for` turns a hash into the word or lemma to count."""
    import numpy as np

    p = pipeline or get_pipeline()
    for text in texts:
        doc = p.nlp.make_doc(text)
        table = doc.to_array(["IDX", "ORTH"]) if len(doc) else np.zeros((0, 2), np.uint64)
        yield table[:, 0].astype(np.int64), table[:, 1]


def word_for(orth: int, lemma: bool, pipeline: Pipeline | None = None) -> str:
    """The word to count for a token hash from :func:`token_arrays`: its lower-case lemma (or
    lower-case form); "" for punctuation and possessives, as :func:`analyse` leaves them out."""
    p = pipeline or get_pipeline()
    text = p.nlp.vocab.strings[orth]
    if not is_wordish(text):
        return ""
    if not lemma:
        return text.lower()
    return lemma_of(text, p)
