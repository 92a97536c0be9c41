"""The project file: create, open (checks, lock, migrations), Save As, backup, close.

A project is one SQLite file. Opening checks the header bytes before SQLite sees the file, so a
file that is not ours, or one written by a newer QualCode, is refused without being touched.
A ``postgresql://`` address opens the same project on a team server instead (see
``server_project``): no lock file, no pragmas, the server arbitrates between its users.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from qualcode.domain.errors import (
    MigrationError,
    NewerProjectError,
    NotAProjectError,
    ProjectExistsError,
    QualCodeError,
)
from qualcode.domain.files import private_temp, remove_stale_temps, write_error
from qualcode.storage import migrate
from qualcode.storage.engine import (
    APPLICATION_ID,
    SQLITE_MAGIC,
    header_application_id,
    make_engine,
    read_header,
)
from qualcode.storage.errors import storage_error
from qualcode.storage.lock import ProjectLock
from qualcode.storage.models import Base, Coder, Setting
from qualcode.storage.server import is_server_location

SUFFIX = ".qcproj"
WRITER_WAIT_S = 5.0  # as SQLite's busy timeout (engine.py)


def default_author() -> str:
    name = os.environ.get("QUALCODE_AUTHOR") or os.environ.get("USER") or "researcher"
    return name.strip() or "researcher"


def _check_header(path: Path) -> None:
    if not path.exists():
        raise QualCodeError(f"{path}: no such file.")
    if path.is_dir():
        raise NotAProjectError(f"{path} is a folder, not a QualCode project.")
    header = read_header(path)
    if len(header) == 0:
        raise NotAProjectError(f"{path.name} is empty: it is not a QualCode project.")
    if not header.startswith(SQLITE_MAGIC) or len(header) < 100:
        raise NotAProjectError(f"{path.name} is not a QualCode project (not an SQLite file).")
    if header_application_id(header) != APPLICATION_ID:
        raise NotAProjectError(
            f"{path.name} is an SQLite database but not a QualCode project; it was not changed."
        )


def _read_revision(path: Path) -> str | None:
    # A hot journal (left by a writer killed mid-commit) must be rolled back before anyone can
    # read; that needs a writable connection. The header is already known to be ours.
    hot = path.with_name(path.name + "-journal")
    recover = hot.exists() and hot.stat().st_size > 0
    engine = make_engine(path, readonly=not recover)
    try:
        with engine.connect() as conn:
            return migrate.current_revision(conn)
    except (OperationalError, DatabaseError) as exc:
        raise NotAProjectError(f"{path.name} is damaged and cannot be read ({exc.orig}).") from None
    finally:
        engine.dispose()


def vacuum_into(engine: Engine, dest: Path) -> None:
    """Copy the whole database to ``dest`` atomically: VACUUM INTO a temp file, then rename."""
    tmp = private_temp(dest)  # VACUUM INTO fills an existing empty file, keeping its mode
    try:
        with engine.connect() as conn:
            # VACUUM cannot run inside a transaction: use the raw (autocommit) connection.
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("VACUUM INTO ?", (str(tmp),))
        with tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, dest)
    except OSError as exc:
        raise write_error(exc, dest) from None
    except sqlite3.Error as exc:  # raised on the raw connection, past SQLAlchemy's hook
        raise (storage_error(exc, dest) or exc) from None
    finally:
        tmp.unlink(missing_ok=True)


class Project:
    """An open project. Use :meth:`session` for each unit of work (one transaction)."""

    def __init__(
        self,
        path: Path,
        engine: Engine,
        lock: ProjectLock | None,
        *,
        readonly: bool | None = None,
        location: str | None = None,
    ) -> None:
        self.path = path
        # what titles and messages show: the file, or the server address without a password
        self.location = location or str(path)
        self._readonly = readonly
        self.engine = engine
        self.lock = lock
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # the write transaction this thread is in, if any: nested units of work join it
        self._ambient = threading.local()
        # one writer at a time within this process, handed over at once: without it a thread
        # waiting for another's write polls SQLite's lock, sleeping up to 25 ms between tries
        self._writer = threading.Lock()
        self._readers = sessionmaker(
            engine.execution_options(qualcode_read=True), expire_on_commit=False
        )
        self.coder_id: int | None = None

    @property
    def readonly(self) -> bool:
        if self._readonly is not None:
            return self._readonly
        return self.lock is None

    @property
    def is_server(self) -> bool:
        """Whether the project lives on a database server rather than in a file."""
        return self.engine.dialect.name != "sqlite"

    # -- lifecycle -----------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: Path | str,
        author: str | None = None,
        *,
        shown_as: Path | None = None,
        password: str | None = None,
    ) -> Project:
        """A new empty project at ``path`` (or in the empty server database a ``postgresql://``
        address names); ``shown_as`` names it in errors (see make_engine)."""
        if is_server_location(path):
            from qualcode.storage import server_project

            return server_project.create(cls, str(path), password=password)
        path = Path(path)
        if path.exists():
            raise ProjectExistsError(f"{path} already exists; choose another name.")
        if not path.parent.is_dir():
            raise QualCodeError(f"{path.parent}: no such folder.")
        tmp = private_temp(path, "new")  # owner-only; SQLite keeps the mode of an empty file
        engine = make_engine(tmp, shown_as=shown_as or path)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
                Base.metadata.create_all(conn)
                migrate.stamp_head(conn)
                conn.commit()
        except BaseException:
            engine.dispose()
            tmp.unlink(missing_ok=True)
            raise
        engine.dispose()
        os.replace(tmp, path)
        return cls.open(path, author=author, shown_as=shown_as)

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        readonly: bool = False,
        author: str | None = None,
        shown_as: Path | None = None,
        password: str | None = None,
    ) -> Project:
        if is_server_location(path):
            from qualcode.storage import server_project

            return server_project.open_project(cls, str(path), readonly=readonly, password=password)
        path = Path(path)
        _check_header(path)
        revision = _read_revision(path)
        known = migrate.known_revisions()
        if revision is None:
            raise NotAProjectError(f"{path.name} has no schema revision; it is damaged.")
        if revision not in known:
            raise NewerProjectError(
                f"{path.name} was saved by a newer version of QualCode (schema {revision}); "
                "update QualCode to open it. The file was not changed."
            )
        lock: ProjectLock | None = None
        try:  # from the lock on: an interrupt (Ctrl+C) anywhere releases it
            if not readonly or revision != known[-1]:
                lock = ProjectLock(path)
                lock.acquire()
                remove_stale_temps(path)  # copies a killed Save As, backup or create left behind
            if revision != known[-1]:
                _upgrade(path, revision)
            if readonly and lock is not None:
                lock.release()
                lock = None
            engine = make_engine(path, readonly=readonly, shown_as=shown_as)
            project = cls(path, engine, lock)
            if not readonly:
                project.coder_id = project._ensure_coder(author or default_author())
            return project
        except BaseException:
            if lock is not None:
                lock.release()
            raise

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- units of work --------------------------------------------------------------------------
    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: commits on success, rolls back whole on any exception.

        Inside another unit of work on the same thread, this one joins it: a compound action
        (create a code, then code with it) is one transaction however many services it calls,
        and an exception anywhere rolls all of it back."""
        current: Session | None = getattr(self._ambient, "session", None)
        if current is not None:
            yield current
            return
        # past the busy timeout, SQLite's own wait decides (and reports a lock it cannot get)
        held = False if self.is_server else self._writer.acquire(timeout=WRITER_WAIT_S)
        try:
            with self._sessions() as session, session.begin():
                self._ambient.session = session
                try:
                    yield session
                finally:
                    self._ambient.session = None
        finally:
            if held:
                self._writer.release()

    @property
    def in_transaction(self) -> bool:
        """Whether this thread is inside a unit of work of this project."""
        return getattr(self._ambient, "session", None) is not None

    @contextlib.contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only unit of work: begins deferred, so it never waits for the write lock.

        Inside a write transaction on this thread, reads join it, so they see its changes."""
        current: Session | None = getattr(self._ambient, "session", None)
        if current is not None:
            yield current
            return
        with self._readers() as session, session.begin():
            yield session

    def _ensure_coder(self, name: str) -> int:
        with self.session() as s:
            coder = s.scalar(select(Coder).where(Coder.name == name))
            if coder is None:
                coder = Coder(name=name)
                s.add(coder)
                s.flush()
            if not self.is_server:  # on a server many people are "last": no shared write
                s.merge(Setting(key="last_author", value=name))
            return coder.id

    def find_coder(self, name: str) -> int | None:
        with self.read() as s:
            found: int | None = s.scalar(select(Coder.id).where(Coder.name == name))
            return found

    # -- copies ---------------------------------------------------------------------------------
    def backup(self, dest: Path) -> Path:
        if self.is_server:
            from qualcode.storage.copy import copy_to_file

            copy_to_file(self, Path(dest))
            return Path(dest)
        vacuum_into(self.engine, Path(dest))
        return Path(dest)

    def save_as(self, dest: Path) -> None:
        """Copy to ``dest`` and continue working there; the old file is left as it was."""
        if self.is_server:
            raise QualCodeError(
                f"{self.location} lives on a server: use Save a Copy to make a project file."
            )
        dest = Path(dest).resolve()
        if dest == self.path.resolve():
            return
        new_lock = ProjectLock(dest)
        new_lock.acquire()
        try:
            vacuum_into(self.engine, dest)
        except BaseException:
            new_lock.release()
            raise
        coder_id = self.coder_id
        self.close()
        self.path, self.lock, self.coder_id = dest, new_lock, coder_id
        self.engine = make_engine(dest)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._readers = sessionmaker(
            self.engine.execution_options(qualcode_read=True), expire_on_commit=False
        )

    def vacuum(self) -> None:
        """Rewrite the file without its free pages, so text removed by a pseudonymisation,
        redaction or withdrawal cannot be read back from them. Runs outside any transaction."""
        if self.is_server:  # the server reclaims dead rows itself; VACUUM speeds it up
            with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM")
            return
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            try:
                raw.execute("VACUUM")
            except sqlite3.Error as exc:
                raise (storage_error(exc, self.path) or exc) from None

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return migrate.current_revision(conn)


def _upgrade(path: Path, revision: str) -> None:
    backup = path.with_name(f"{path.stem}.{revision}.bak")
    writer = make_engine(path)
    try:
        vacuum_into(writer, backup)
    finally:
        writer.dispose()
    engine = make_engine(path, foreign_keys=False)
    try:
        migrate.upgrade(engine)
    except Exception as exc:
        engine.dispose()
        shutil.copyfile(backup, path)
        raise MigrationError(
            f"Upgrading {path.name} failed ({exc}); it was restored from {backup.name}."
        ) from None
    engine.dispose()


def check_sqlite(engine: Engine) -> list[str]:
    """SQLite's own integrity and foreign-key checks, as readable problems."""
    problems: list[str] = []
    if engine.dialect.name != "sqlite":
        return problems  # a server checks its own pages and enforces its foreign keys always
    with engine.connect() as conn:
        for (row,) in conn.execute(text("PRAGMA integrity_check")):
            if row != "ok":
                problems.append(f"integrity: {row}")
        for table, rowid, parent, _fk in conn.execute(text("PRAGMA foreign_key_check")):
            problems.append(f"foreign key: {table} row {rowid} points at a missing {parent}")
    return problems
