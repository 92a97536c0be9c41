"""``qualcode search`` and ``qualcode autocode``: find passages and code them from scripts.

``autocode`` updates the project's search index first (the first run on a large project takes a
while and says so); a search reads documents not indexed yet directly, so it never waits for the
index (except a lemma search with a trained pipeline, whose lemmas need every text analysed).
``search`` falls back to reading the project read-only when someone else has it open;
``autocode`` writes, so it needs the project to itself.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qualcode.domain.errors import ProjectLockedError, ValidationError
from qualcode.domain.wording import plural

if TYPE_CHECKING:  # the services (spaCy, the database layer) load when a command runs
    from qualcode.services.search.search import SearchQuery
    from qualcode.services.undo.changes import Change
    from qualcode.storage.project import Project

# what an autocode hit codes; the same tuple as services.search.autocode.UNITS (a test checks)
UNITS = ("match", "sentence", "turn", "paragraph")


def _restrictions(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lemma", action="store_true", help="match every form of each word's lemma")
    p.add_argument("--regex", action="store_true", help="the query is a regular expression")
    p.add_argument("--kind", action="append", default=[], help="only this document kind")
    p.add_argument("--speaker", action="append", default=[], help="only this speaker (repeat)")
    p.add_argument("--question", action="append", default=[], help="only answers to Q (repeat)")
    p.add_argument("--attribute", metavar="NAME=VALUE", help="speaker's (or document's) attribute")
    p.add_argument("--no-facilitators", action="store_true", help="leave facilitators out")


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser("search", help="search the project's texts (words, lemmas, regex)")
    s.add_argument("project", type=Path)
    s.add_argument("query", help="words or a phrase; OR between alternatives; * and ? wildcards")
    _restrictions(s)
    s.add_argument("--limit", type=int, default=1000, help="hits to show (0: all)")
    s.add_argument("--json", action="store_true", help="machine-readable output")
    a = sub.add_parser("autocode", help="code every search hit (or speaker, question) at once")
    a.add_argument("project", type=Path)
    a.add_argument("--code", required=True, help="code name or 'Parent > Child' (created if new)")
    a.add_argument("--query", help="what to search for (omit to code whole turns/answers)")
    a.add_argument("--unit", choices=UNITS, default="sentence", help="what gets coded per hit")
    _restrictions(a)


def _query(args: argparse.Namespace, project: Project, text: str) -> SearchQuery:
    from qualcode.services.search.search import SearchQuery
    from qualcode.services.search.search_choices import resolve_questions, resolve_speakers

    if args.lemma and args.regex:
        raise ValidationError("Choose --lemma or --regex, not both.")
    attribute = None
    if args.attribute:
        name, sep, value = args.attribute.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"Write the attribute as NAME=VALUE (got '{args.attribute}').")
        attribute = (name.strip(), value.strip())
    return SearchQuery(
        text,
        "lemma" if args.lemma else "regex" if args.regex else "words",
        frozenset(args.kind),
        resolve_speakers(project, args.speaker) if args.speaker else frozenset(),
        resolve_questions(project, args.question) if args.question else frozenset(),
        attribute,
        not args.no_facilitators,
        frozenset(),
    )


def _progress(done: int, total: int, _document: str) -> None:
    print(f"\rIndexing: {done}/{total} documents", end="", file=sys.stderr, flush=True)
    if done == total:
        print(file=sys.stderr)


def _open_for_search(path: Path, index: bool = True) -> Project:
    """The project, its index brought up to date when ``index`` (a lemma search, autocoding);
    a search by words reads documents not indexed yet directly instead of waiting for it."""
    from qualcode.services.search.search_index import index_status, refresh_index
    from qualcode.storage.project import Project

    try:
        project = Project.open(path)
    except ProjectLockedError as exc:
        print(
            f"note: {exc} Searching read-only; unindexed documents are read directly.",
            file=sys.stderr,
        )
        return Project.open(path, readonly=True)
    if index:
        refresh_index(project, progress=_progress)  # prints only when there is something to do
    elif stale := index_status(project).stale:
        print(
            f"note: {plural(stale, 'document')} not indexed yet "
            "(read directly; autocode or the window indexes them).",
            file=sys.stderr,
        )
    return project


def run_search(args: argparse.Namespace) -> int:
    from qualcode.services.search.search import lemma_search_needs_index, search

    index = args.lemma and lemma_search_needs_index()  # a trained pipeline's lemmas
    with _open_for_search(args.project, index=index) as project:
        query = _query(args, project, args.query)
        result = search(project, query, limit=args.limit or None, refresh=False)
    if args.json:
        out: dict[str, Any] = {
            "query": args.query,
            "mode": query.mode,
            "hits": [asdict(h) for h in result.hits],
            "passages": result.passages,
            "documents": result.documents,
            "truncated": result.truncated,
            "terms": result.terms,
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    for h in result.hits:
        who = " · ".join(x for x in (h.speaker, h.question, h.attribution) if x)
        print(f"{h.document_name} [{h.start}-{h.end}] {who}")
        print(f"    …{h.before}[{h.text}]{h.after}…")
    more = f" (showing the first {len(result.hits)})" if result.truncated else ""
    print(
        f"{plural(len(result.hits), 'hit')}{more} in {plural(result.passages, 'passage')}, "
        f"{plural(result.documents, 'document')}; searched for: {', '.join(result.terms)}"
    )
    return 0


def run_autocode(args: argparse.Namespace) -> int:
    from qualcode.services.coding.codes import ensure_code_path
    from qualcode.services.search.autocode import autocode_parts, autocode_search
    from qualcode.services.search.search_choices import resolve_questions, resolve_speakers
    from qualcode.services.search.search_index import refresh_index
    from qualcode.services.undo.changes import combine
    from qualcode.services.undo.tracking import perform
    from qualcode.storage.project import Project

    with Project.open(args.project) as project:
        # everything the command line names is checked before anything is written
        if args.query:
            query = _query(args, project, args.query)
        elif not args.speaker and not args.question:
            raise ValidationError("Give --query, or --speaker/--question to code whole turns.")
        speakers = resolve_speakers(project, args.speaker)
        questions = resolve_questions(project, args.question)
        if args.query:  # the index is brought up to date first, in its own batches
            refresh_index(project, progress=_progress)
        outcome: dict[str, Any] = {}

        def code(p: Project) -> Change:
            # one transaction: a new code path and its codings are written together or not at
            # all (an error, Ctrl+C or a kill leaves no empty new code behind)
            code_id, created = ensure_code_path(p, args.code)
            outcome["created"] = created
            if args.query:
                change, hits, coded = autocode_search(p, code_id, query, args.unit)
                outcome["what"] = plural(
                    coded, args.unit, "matches" if args.unit == "match" else None
                )
                outcome["source"] = f" from {plural(hits, 'hit')} of '{args.query}'"
            else:
                change = autocode_parts(
                    p,
                    code_id,
                    speaker_ids=speakers,
                    question_ids=questions,
                    kinds=frozenset(args.kind),
                )
                outcome["what"], outcome["source"] = "whole turns or answers", ""
            return combine([*created, change], f"autocode '{args.code}'")

        perform(project, code)
    created, what, source = outcome["created"], outcome["what"], outcome["source"]
    new = " (a new code)" if created else ""
    print(f"Coded {what} with '{args.code}'{new}{source}.")
    return 0
