"""One coder in a process of their own (run by the team tests and the load benchmark).

    python -m tests.postgres.coder_worker URL SECONDS|COUNT [--count] [--others N]

Opens the server project as the login in URL, codes random spans of random documents with random
codes as fast as it can (each coding one action, one transaction) for SECONDS (or COUNT codings),
then (``--others N``) waits until it sees N codings by other coders, and prints as JSON the ids
of the codings it made, the slowest action, and the codings per coder it can see.
"""

from __future__ import annotations

import json
import random
import sys
import time

from sqlalchemy import func, select

from qualcode.domain.team_errors import ConflictError
from qualcode.services.coding import codings
from qualcode.storage.models import Code, Coder, Coding, Document
from qualcode.storage.project import Project


def main(argv: list[str]) -> int:
    url, amount = argv[0], float(argv[1])
    by_count = "--count" in argv
    rng = random.Random()
    project = Project.open(url)
    with project.read() as s:
        docs = [(d, n) for d, n in s.execute(select(Document.id, Document.char_count))]
        codes = list(s.scalars(select(Code.id)))
    made: list[int] = []
    slowest = 0.0
    conflicts = 0
    began = time.perf_counter()
    while (len(made) < amount) if by_count else (time.perf_counter() - began < amount):
        doc, length = rng.choice(docs)
        start = rng.randrange(0, max(1, length - 40))
        t = time.perf_counter()
        try:
            change = codings.add_coding(project, doc, rng.choice(codes), start, start + 30)
        except ConflictError:
            conflicts += 1
            continue
        slowest = max(slowest, time.perf_counter() - t)
        assert change.entity_id is not None
        made.append(change.entity_id)
    elapsed = time.perf_counter() - began
    if "--others" in argv:  # the same open project sees the others' work, without reopening
        wanted = int(argv[argv.index("--others") + 1])
        deadline = time.monotonic() + 60
        while _by_others(project) < wanted and time.monotonic() < deadline:
            time.sleep(0.1)
    print(json.dumps({"made": made, "slowest": slowest, "seconds": elapsed,
                      "conflicts": conflicts, "seen": _seen(project)}), flush=True)  # fmt: skip
    project.close()
    return 0


def _by_others(project: Project) -> int:
    with project.read() as s:
        count = s.scalar(select(func.count(Coding.id)).where(Coding.coder_id != project.coder_id))
        return int(count or 0)


def _seen(project: Project) -> dict[str, int]:
    """Codings per coder as this process sees them (what another coder's view would show)."""
    with project.read() as s:
        rows = s.execute(
            select(Coder.name, func.count(Coding.id))
            .join(Coding, Coding.coder_id == Coder.id)
            .group_by(Coder.name)
        )
        return {name: n for name, n in rows}


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
