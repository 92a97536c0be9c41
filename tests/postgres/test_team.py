"""The team on one server project (issue 20's "done when"): two coders in two processes code at
once and each sees the other's codings; a reviewer reads but cannot write; the database itself
keeps a coder's hands off another coder's codings; conflicting edits are refused, not lost."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from benchmarks.team_worker import run_coders
from qualcode.cli import main
from qualcode.domain.team_errors import ConflictError, NotPermittedError
from qualcode.services.coding import codes, codings
from qualcode.services.server import roles
from qualcode.services.server.changes import changes_by_others, others_signature
from qualcode.storage.copy import copy_project
from qualcode.storage.models import Code, Coding, Document
from qualcode.storage.project import Project

ROOT = Path(__file__).resolve().parents[2]


def as_user(url: str, user: str) -> str:
    return url.replace("tester@", f"{user}@", 1)


@pytest.fixture
def team(sample_path: Path, empty_pg_url: str) -> Iterator[str]:
    """The sample on the server with roles: alice and bob code, rita reviews."""
    with Project.open(sample_path, readonly=True) as sample:
        copy_project(sample, empty_pg_url)
    with Project.open(empty_pg_url) as owner:
        roles.setup_roles(owner)
        roles.add_member(owner, "alice", "coder")
        roles.add_member(owner, "bob", "coder")
        roles.add_member(owner, "rita", "reviewer")
    yield empty_pg_url


def _first(project: Project) -> tuple[int, int]:
    with project.read() as s:
        doc = s.scalar(select(Document.id).order_by(Document.id))
        code = s.scalar(select(Code.id).order_by(Code.id))
    assert doc is not None and code is not None
    return doc, code


def test_two_coders_in_two_processes_see_each_others_codings(team: str) -> None:
    n = 25
    urls = {user: as_user(team, user) for user in ("alice", "bob")}
    results = run_coders(urls, str(n), "--count")
    for user, other in (("alice", "bob"), ("bob", "alice")):
        assert len(results[user]["made"]) == n
        assert results[user]["seen"][other] == n, f"{user} does not see {other}'s codings"
    with Project.open(team, readonly=True) as p, p.read() as s:
        rows = dict(s.execute(select(Coding.id, Coding.coder_id)).all())
    assert len(rows) == results["_"]["before"] + 2 * n  # nothing lost
    made = results["alice"]["made"] + results["bob"]["made"]
    assert len(set(made)) == 2 * n and set(made) <= set(rows)


def test_a_reviewer_reads_but_cannot_write(team: str, capsys: pytest.CaptureFixture[str]) -> None:
    with Project.open(as_user(team, "rita")) as rita:
        assert rita.readonly  # opened read-only: the server gives her no write
        with rita.read() as s:
            assert (s.scalar(select(func.count(Coding.id))) or 0) > 100
        doc, code = _first(rita)
        with pytest.raises(NotPermittedError, match="nothing was changed"):
            codings.add_coding(rita, doc, code, 0, 10)
    # even a write that bypasses QualCode's read-only mode is refused by the server's grants
    with Project.open(team) as owner:
        reviewer_url = as_user(team, "rita")
    from qualcode.storage import server

    engine = server.make_server_engine(server.server_url(reviewer_url))
    try:
        with pytest.raises(NotPermittedError, match="does not allow changes"), engine.begin() as c:
            c.execute(text("UPDATE code SET name = 'x'"))
    finally:
        engine.dispose()
    assert main(["team", "list", team]) == 0
    assert "rita\treviewer" in capsys.readouterr().out
    assert owner.location.startswith("postgresql://tester@")


def test_a_coder_cannot_change_another_coders_codings(team: str) -> None:
    with Project.open(as_user(team, "alice")) as alice, Project.open(as_user(team, "bob")) as bob:
        doc, code = _first(alice)
        seen = others_signature(bob)
        mine = codings.add_coding(alice, doc, code, 0, 12).entity_id
        assert mine is not None
        with pytest.raises(NotPermittedError, match="only their own codings"):
            codings.remove_coding(bob, mine)
        with bob.session() as s, pytest.raises(NotPermittedError):  # nor pass one off as hers
            s.execute(
                text(
                    'INSERT INTO coding (guid, document_id, code_id, start, "end", coder_id, '
                    "created_at) VALUES ('g-1', :d, :c, 0, 5, :who, now())"
                ),
                {"d": doc, "c": code, "who": alice.coder_id},
            )
        assert others_signature(bob) != seen  # bob's window refreshes for alice's coding
        assert others_signature(alice) == others_signature(alice)  # hers do not count for her
        codings.remove_coding(alice, mine)  # her own: fine
        created = codes.create_code(alice, "Alice's new code")
        latest = changes_by_others(bob)[-1]
        assert (latest.coder, latest.action, latest.entity) == ("alice", "create", "code")
        assert created.entity_id is not None


def _racing(first: Project, second: Project, hold: object, race: object) -> BaseException | None:
    """``hold`` changes a row in an open transaction of ``first``; meanwhile ``race`` runs on
    ``second`` (it reads, then waits for the row); ``first`` commits; what ``race`` raised."""
    caught: list[BaseException] = []
    started = threading.Event()

    def run() -> None:
        started.set()
        try:
            race(second)  # type: ignore[operator]
        except BaseException as exc:  # reported to the test
            caught.append(exc)

    with first.session() as s:
        hold(s)  # type: ignore[operator]
        thread = threading.Thread(target=run)
        thread.start()
        started.wait()
        _wait_for_a_blocked_writer(first)  # ``race`` has read, and waits for the row
    thread.join(timeout=30)
    return caught[0] if caught else None


def _wait_for_a_blocked_writer(project: Project) -> None:
    """Until a session waits for a lock (30 s at most; the tests run one at a time)."""
    import time

    from qualcode.storage import server

    engine = server.make_server_engine(server.server_url(project.location))
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with engine.connect() as c:
                waiting = c.execute(
                    text(
                        # a row lock's wait is on a transaction id: no database
                        "SELECT count(*) FROM pg_locks WHERE NOT granted"
                    )
                ).scalar()
            if waiting:
                return
            time.sleep(0.02)
        raise AssertionError("the second action never waited for the first")
    finally:
        engine.dispose()


def test_two_people_renaming_one_code_one_is_told(team: str) -> None:
    with Project.open(as_user(team, "alice")) as alice, Project.open(as_user(team, "bob")) as bob:
        _doc, code = _first(alice)
        error = _racing(
            alice,
            bob,
            lambda s: s.execute(
                text("UPDATE code SET name = 'Alice''s name' WHERE id = :i"), {"i": code}
            ),
            lambda p: codes.rename_code(p, code, "Bob's name"),
        )
        assert isinstance(error, ConflictError), error
        assert "someone else changed" in str(error)
        with bob.read() as s:
            assert s.scalar(select(Code.name).where(Code.id == code)) == "Alice's name"


def test_coding_with_a_code_someone_deletes_is_refused(team: str) -> None:
    with Project.open(as_user(team, "alice")) as alice, Project.open(team) as owner:
        doc, _code = _first(alice)
        code = codes.create_code(owner, "Short-lived").entity_id
        assert code is not None
        error = _racing(
            owner,
            alice,
            lambda s: s.execute(text("DELETE FROM code WHERE id = :i"), {"i": code}),
            lambda p: codings.add_coding(p, doc, code, 0, 10),
        )
        assert isinstance(error, ConflictError), error
        with alice.read() as s:
            assert s.scalar(select(func.count()).where(Coding.code_id == code)) == 0


def test_an_upgrade_by_the_owner_keeps_the_roles(team: str) -> None:
    """A newer QualCode's upgrade, run when an owner opens the project, creates its tables for the
    owner group, so coders and reviewers can use them at once; a coder cannot upgrade."""
    from alembic import command

    from qualcode.domain.errors import MigrationError
    from qualcode.storage import migrate, server

    engine = server.make_server_engine(server.server_url(team))
    try:
        with engine.begin() as conn:  # back to the schema before the recommendation register
            db = conn.execute(text("SELECT current_database()")).scalar_one()
            conn.execute(text(f'SET LOCAL ROLE "{db}_owner"'))
            command.downgrade(migrate.alembic_config(conn), "0005")
    finally:
        engine.dispose()
    with pytest.raises(MigrationError, match="it was not changed"):
        Project.open(as_user(team, "alice"))
    Project.open(team).close()  # the owner's opening upgrades it
    for user in ("alice", "rita"):
        with Project.open(as_user(team, user)) as p, p.read() as s:
            assert p.revision() == migrate.head_revision()
            assert s.execute(text("SELECT count(*) FROM recommendation")).scalar_one() == 0


def test_two_coders_searching_a_fresh_project_at_once(team: str) -> None:
    """Both searches index the project at the same moment (ids from the server's sequence; a
    batch someone else wrote first is left to them) and find the same passages."""
    from qualcode.services.search.search_index import index_status

    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "qualcode", "search", as_user(team, user), "waiting"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for user in ("alice", "bob")
    ]  # fmt: skip
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
    summaries = [out.strip().splitlines()[-1] for out, _err in outputs]
    assert summaries[0] == summaries[1] and " hits in " in summaries[0]
    with Project.open(team) as owner:
        from qualcode.services.search.search_index import refresh_index

        refresh_index(owner)
        assert index_status(owner).stale == 0


def test_the_lead_sees_agreement_per_code_on_the_server(
    team: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """alice and bob, logged in as themselves, code one document; the lead's agreement per code
    (through the CLI on the server address) shows where they agree and where they do not."""
    import json

    with Project.open(team, readonly=True) as lead, lead.read() as s:
        doc, length = s.execute(
            select(Document.id, Document.char_count).order_by(Document.id)
        ).first() or (0, 0)
        first, second = list(s.scalars(select(Code.id).order_by(Code.id).limit(2)))
        wanted = select(Code.id, Code.name).where(Code.id.in_([first, second]))
        names = {i: n for i, n in s.execute(wanted)}
    assert length > 300
    for user in ("alice", "bob"):
        with Project.open(as_user(team, user)) as coder:
            codings.add_coding(coder, doc, first, 0, 100)  # both: agreement
            if user == "bob":
                codings.add_coding(coder, doc, second, 100, 200)  # bob only: disagreement
    assert main(["agreement", team, "--coders", "alice,bob", "--unit", "character", "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    by_code = {c["code"]: c for c in got["codes"]}
    agreed, split = by_code[names[first]], by_code[names[second]]
    assert got["coders"] == ["alice", "bob"] and got["documents"]
    assert agreed["coded"] == {"alice": 100, "bob": 100} and agreed["percent"] == 100
    assert agreed["kappa"] == 1
    assert split["coded"] == {"alice": 0, "bob": 100} and split["coded_by_all"] == 0
    assert split["percent"] == pytest.approx(100 * (length - 100) / length, abs=0.01)
    assert any(
        d["code"] == names[second] and d["applied_by"] == ["bob"] and d["not_by"] == ["alice"]
        for d in got["disagreements"]
    )
