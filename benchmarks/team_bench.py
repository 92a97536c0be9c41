"""The team load benchmark: 8 coders in 8 processes code one server project for a minute.

    python -m benchmarks.team_bench [--coders 8] [--seconds 60] [--json]

A benchmark, not a test (the timing depends on the machine): it starts a throw-away PostgreSQL
server (tests/pg.py; nothing listens on the network), puts the sample project on it, gives each
coder a login with the coder role (so row-level security and its trigger are in the path of every
coding), and lets all of them code at once. It then checks that nothing was lost (every coding a
process was told it made is in the database, and the count adds up) and that every process, with
the project it kept open, sees all the others' codings; and reports the throughput, the slowest
single action and how long the last of the others' codings took to appear.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from benchmarks.team_worker import run_coders
from qualcode.services.samples.samples import build_sample
from qualcode.services.server import roles
from qualcode.storage.copy import copy_project
from qualcode.storage.models import Coding
from qualcode.storage.project import Project


def bench_team(coders: int, seconds: float) -> dict[str, Any]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.pg import start_server  # a checkout's helper: benchmarks run from a checkout

    server = start_server()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sample = build_sample(Path(tmp) / "sample.qcproj")
            sample.close()
            _admin(
                server.url(),
                "CREATE ROLE lead LOGIN CREATEROLE",
                "CREATE DATABASE study OWNER lead",
            )
            url = server.url("study", user="lead")
            with Project.open(Path(tmp) / "sample.qcproj", readonly=True) as source:
                copy_project(source, url)
        names = [f"coder{i}" for i in range(1, coders + 1)]
        with Project.open(url) as lead:
            roles.setup_roles(lead)
            for name in names:
                roles.add_member(lead, name, "coder")
        results = run_coders({n: server.url("study", user=n) for n in names}, str(seconds))
        with Project.open(url, readonly=True) as lead, lead.read() as s:
            stored = set(s.scalars(select(Coding.id)))
            count = s.scalar(select(func.count(Coding.id))) or 0
        return _report(results, names, stored, int(count))
    finally:
        server.stop()


def _admin(url: str, *statements: str) -> None:
    import psycopg

    folder = url.split("host=", 1)[1].split("&", 1)[0]
    port = int(url.rsplit("port=", 1)[1])
    with psycopg.connect(host=folder, port=port, user="postgres", dbname="postgres",
                         autocommit=True) as conn:  # fmt: skip
        for statement in statements:
            conn.execute(statement)


def _report(
    results: dict[str, dict[str, Any]], names: list[str], stored: set[int], count: int
) -> dict[str, Any]:
    made = [i for n in names for i in results[n]["made"]]
    before, total = results["_"]["before"], results["_"]["total"]
    seconds = max(results[n]["seconds"] for n in names)
    sees_all = all(
        results[n]["seen"].get(other, 0) == len(results[other]["made"])
        for n in names
        for other in names
        if other != n
    )
    return {
        "coders": len(names),
        "seconds": round(seconds, 1),
        "codings": total,
        "per_second": round(total / seconds, 1),
        "per_coder_per_second": round(
            statistics.mean(len(results[n]["made"]) for n in names) / seconds, 1
        ),
        "slowest_action_ms": round(1000 * max(results[n]["slowest"] for n in names), 1),
        "conflicts": sum(results[n]["conflicts"] for n in names),
        "lost": len(set(made) - stored) + (before + total - count),
        "every_coder_sees_all_others": sees_all,
        "longest_wait_to_see_others_ms": round(1000 * max(results[n]["waited"] for n in names), 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.team_bench")
    parser.add_argument("--coders", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    report = bench_team(args.coders, args.seconds)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for key, value in report.items():
            print(f"{key.replace('_', ' '):<32} {value}")
    return 0 if report["lost"] == 0 and report["every_coder_sees_all_others"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
