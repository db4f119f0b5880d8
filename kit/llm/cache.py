"""The LLM cache and usage log: one SQLite file in the workspace, `.kit/llm.sqlite`.

Replies are keyed by the request hash (the server's identity, method, path and body; never
the API key), so an unchanged request to the same server is answered from disk and never
paid for twice. A reply whose draft failed the checks is kept, marked `failed-checks`: a
re-run may build its repair on it but never serves it as a finished draft. Every HTTP
attempt, sent or cached, failed or not, adds a row to the log that `kit usage` reports on.
Nothing is written before it is scrubbed of secrets (`kit.llm.secrets`).

Writes leave the caller's thread: a run makes a few per request, and a commit each on the
event loop held up every request in flight. A writer thread with its own connection commits
whatever has queued up in one transaction; a reply it has not committed yet is served from
memory, and `close` (or `flush`) waits until everything is on disk.
"""

from __future__ import annotations

import json
import queue
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kit.errors import LLMError, Problem
from kit.llm.secrets import scrub

DB_NAME = "llm.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS replies (
    request_hash TEXT PRIMARY KEY,
    api TEXT NOT NULL,
    model TEXT NOT NULL,
    body TEXT NOT NULL,          -- the reply's JSON as the server sent it, scrubbed of secrets
    created TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,          -- UTC, ISO 8601
    model TEXT NOT NULL,
    kind TEXT NOT NULL,
    story TEXT NOT NULL,         -- the job's key, e.g. "slug/kind"
    request_hash TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    latency REAL NOT NULL,       -- seconds; 0 for a cached reply
    cost REAL NOT NULL,          -- US dollars from the model's price; 0 for a cached reply
    cached INTEGER NOT NULL,
    status TEXT NOT NULL,        -- ok or error (a failed attempt, a failed reply)
    error TEXT NOT NULL
);
"""
# Columns added since the first release: an older database gets them when it is opened.
_ADDED = (
    ("replies", "status", "TEXT NOT NULL DEFAULT 'ok'"),  # ok, or failed-checks
    ("replies", "server", "TEXT NOT NULL DEFAULT ''"),
    ("log", "server", "TEXT NOT NULL DEFAULT ''"),
    ("log", "reasoning_tokens", "INTEGER NOT NULL DEFAULT 0"),
)


def cache_path(workspace: Path | None) -> Path:
    """Where the cache lives: the workspace's `.kit/`, or the current folder's without one."""
    base = workspace if workspace is not None else Path.cwd()
    return base / ".kit" / DB_NAME


@dataclass(frozen=True)
class LogEntry:
    """One HTTP attempt (or cached answer) in the usage log."""

    model: str
    kind: str
    story: str
    request_hash: str
    input_tokens: int = 0
    output_tokens: int = 0
    latency: float = 0.0
    cost: float = 0.0
    cached: bool = False
    status: str = "ok"
    error: str = ""
    server: str = ""
    reasoning_tokens: int = 0


Params = tuple[Any, ...] | dict[str, Any]


class Cache:
    """Replies by request hash, and the log of every attempt; `secrets` are scrubbed from every row."""

    def __init__(self, path: Path, secrets: Sequence[str] = ()):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.secrets = tuple(secrets)
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError as err:
            why = (f"cannot read the LLM cache and usage log ({err}); move it aside or delete it: "
                   "kit starts a new one (cached replies are lost)")  # fmt: skip
            raise LLMError(problems=[Problem(path, why)]) from None
        # Each queued write: its SQL, its parameters, and the reply it changes (None for a log row).
        self._queue: queue.Queue[tuple[str, Params, str | None] | None] = queue.Queue()
        self._writer: threading.Thread | None = None  # started by the first write
        self._failed: Exception | None = None  # the writer's error, raised on the caller's thread
        # What the queue will change in `replies`, served to `get` until it is committed:
        # request hash -> [body (None: the one on disk), status, writes not yet committed].
        self._unwritten: dict[str, list[Any]] = {}
        self._lock = threading.Lock()  # guards `_unwritten`, which both threads change

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path)  # reads, on the caller's thread
        # WAL: the writer's commits and the caller's reads do not wait on each other, and a commit
        # does not wait on the disk; NORMAL keeps it durable across a crash of kit (only a power
        # cut may lose the last rows).
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        with db:
            db.executescript(_SCHEMA)
            for table, column, spec in _ADDED:
                have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
                if column not in have:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {spec}")
        return db

    def get(self, request_hash: str, final: bool = False) -> dict[str, Any] | None:
        """The stored reply for a request, or None; with `final`, never one whose draft failed the checks."""
        with self._lock:
            held = self._unwritten.get(request_hash)
            body, status = (held[0], held[1]) if held is not None else (None, None)
        if body is None:
            row = self._db.execute(
                "SELECT body, status FROM replies WHERE request_hash = ?", (request_hash,)
            ).fetchone()
            if row is None:
                return None
            body, status = row[0], status or row[1]
        if final and status != "ok":
            return None
        data = json.loads(body)
        return data if isinstance(data, dict) else None

    def put(self, request_hash: str, api: str, model: str, reply: dict[str, Any], server: str = "") -> None:
        """Store a reply that parsed and validated (failures are not: a re-run retries them)."""
        body = scrub(json.dumps(reply, ensure_ascii=False), self.secrets)
        self._write(
            "INSERT OR REPLACE INTO replies (request_hash, api, model, body, created, status, server)"
            " VALUES (?, ?, ?, ?, ?, 'ok', ?)",
            (request_hash, api, model, body, _now(), scrub(server, self.secrets)),
            request_hash, body, "ok",
        )  # fmt: skip

    def mark(self, request_hash: str, status: str) -> None:
        """Record what the checks made of a stored reply: `ok` or `failed-checks`."""
        self._write("UPDATE replies SET status = ? WHERE request_hash = ?", (status, request_hash),
                    request_hash, None, status)  # fmt: skip

    def log(self, entry: LogEntry) -> None:
        row = asdict(entry)
        row["cached"] = int(entry.cached)
        row["error"] = scrub(entry.error, self.secrets)
        row["server"] = scrub(entry.server, self.secrets)
        self._write(
            "INSERT INTO log (time, model, kind, story, request_hash, input_tokens, output_tokens, latency,"
            " cost, cached, status, error, server, reasoning_tokens) VALUES (:time, :model, :kind, :story,"
            " :request_hash, :input_tokens, :output_tokens, :latency, :cost, :cached, :status, :error,"
            " :server, :reasoning_tokens)",
            {"time": _now(), **row},
        )

    def rows(self) -> list[dict[str, Any]]:
        """Every log row, oldest first."""
        self.flush()
        cursor = self._db.execute("SELECT * FROM log ORDER BY id")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def flush(self) -> None:
        """Wait until every write so far is committed; the writer's error (sqlite3.Error) if it could not."""
        if self._writer is not None:
            self._queue.join()
        if self._failed is not None:
            raise self._failed

    def close(self) -> None:
        """Commit what is queued, then close; the writer's error (sqlite3.Error) if it could not."""
        try:
            if self._writer is not None:
                self._queue.put(None)
                self._writer.join()
                self._writer = None
            if self._failed is not None:
                raise self._failed
        finally:
            self._db.close()

    def _write(
        self, sql: str, params: Params, reply: str | None = None, body: str | None = None, status: str = ""
    ) -> None:
        """Queue one write for the writer thread; one that changes a reply is also held for `get`."""
        if reply is not None:
            with self._lock:
                held = self._unwritten.setdefault(reply, [None, status, 0])
                held[0] = body if body is not None else held[0]
                held[1] = status
                held[2] += 1
        if self._writer is None:
            self._writer = threading.Thread(target=self._drain, name="kit-llm-cache", daemon=True)
            self._writer.start()
        self._queue.put((sql, params, reply))

    def _drain(self) -> None:
        """The writer thread: commit what has queued up, one transaction at a time, until `close`."""
        db = sqlite3.connect(self.path)
        db.execute("PRAGMA synchronous=NORMAL")
        try:
            closing = False
            while not closing:
                batch = [self._queue.get()]
                while not self._queue.empty():
                    batch.append(self._queue.get_nowait())
                writes = [w for w in batch if w is not None]
                closing = len(writes) < len(batch)
                try:
                    if self._failed is None:
                        with db:
                            for sql, params, _ in writes:
                                db.execute(sql, params)
                except Exception as err:  # noqa: BLE001 (raised on the caller's thread, by `flush` or `close`)
                    self._failed = err
                with self._lock:  # committed: `get` reads these replies from the database again
                    for reply in [w[2] for w in writes if w[2] is not None]:
                        self._unwritten[reply][2] -= 1
                        if not self._unwritten[reply][2]:
                            del self._unwritten[reply]
                for _ in batch:
                    self._queue.task_done()
        finally:
            db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
