"""One coder in a process of their own, for the team load benchmark and the team tests.

    python -m benchmarks.team_worker URL SECONDS [--count] [--sync]

Opens the server project as the login in URL and codes random spans of random documents with
random codes as fast as it can (each coding one action, one transaction) for SECONDS (or, with
``--count``, that many codings). It then prints one JSON line: the ids of its codings, the slowest
action, the seconds taken and any conflicts. With ``--sync`` it next reads one number from stdin
(how many codings other coders made, once all finished), waits with the same open project until
it sees them all, and prints a second JSON line with the codings per coder it sees and how long
they took to appear: the proof that nobody had to reopen to see the others' work.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from qualcode.domain.team_errors import ConflictError
from qualcode.services.coding import codings
from qualcode.storage.models import Code, Coder, Coding, Document
from qualcode.storage.project import Project


def by_others(project: Project) -> int:
    with project.read() as s:
        count = s.scalar(select(func.count(Coding.id)).where(Coding.coder_id != project.coder_id))
        return int(count or 0)


def seen(project: Project) -> dict[str, int]:
    """Codings per coder as this process sees them (what another coder's view would show)."""
    with project.read() as s:
        rows = s.execute(
            select(Coder.name, func.count(Coding.id))
            .join(Coding, Coding.coder_id == Coder.id)
            .group_by(Coder.name)
        )
        return {str(name): int(n) for name, n in rows}


def code_for(project: Project, amount: float, by_count: bool) -> dict[str, object]:
    rng = random.Random()
    with project.read() as s:
        docs = [(int(d), int(n)) for d, n in s.execute(select(Document.id, Document.char_count))]
        codes = [int(c) for c in s.scalars(select(Code.id))]
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
    seconds = time.perf_counter() - began
    return {"made": made, "slowest": slowest, "seconds": seconds, "conflicts": conflicts}


def main(argv: list[str]) -> int:
    url, amount = argv[0], float(argv[1])
    project = Project.open(url)
    try:
        print(json.dumps(code_for(project, amount, "--count" in argv)), flush=True)
        if "--sync" in argv:
            wanted = int(sys.stdin.readline())
            began = time.perf_counter()
            deadline = time.monotonic() + 60
            while by_others(project) < wanted and time.monotonic() < deadline:
                time.sleep(0.05)
            waited = time.perf_counter() - began
            print(json.dumps({"seen": seen(project), "waited": waited}), flush=True)
    finally:
        project.close()
    return 0


def run_coders(urls: dict[str, str], amount: str, *flags: str) -> dict[str, dict[str, Any]]:
    """Each user (name -> their address) codes in a process of their own, all at once; once all
    are done each is told how many codings the others made and reports what it then sees. The
    entry "_" holds the codings there were before and the total made."""
    root = Path(__file__).resolve().parents[1]
    some = next(iter(urls.values()))
    with Project.open(some, readonly=True) as p, p.read() as s:
        before = int(s.scalar(select(func.count(Coding.id))) or 0)
    workers = {
        user: subprocess.Popen(
            [sys.executable, "-m", "benchmarks.team_worker", url, amount, "--sync", *flags],
            cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True,
        )
        for user, url in urls.items()
    }  # fmt: skip
    results: dict[str, dict[str, Any]] = {}
    for user, proc in workers.items():
        assert proc.stdout is not None
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(
                f"{user}'s process failed: {proc.stderr.read() if proc.stderr else ''}"
            )
        results[user] = json.loads(line)
    total = sum(len(r["made"]) for r in results.values())
    for user, proc in workers.items():
        others = before + total - len(results[user]["made"])
        out, err = proc.communicate(f"{others}\n", timeout=180)
        if proc.returncode != 0:
            raise RuntimeError(f"{user}'s process failed: {err}")
        results[user].update(json.loads(out))
    results["_"] = {"before": before, "total": total}
    return results


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
