"""The LLM cache and usage log: one SQLite file in the workspace, `.kit/llm.sqlite`.

Replies are keyed by the request hash (the server's identity, method, path and body; never
the API key), so an unchanged request to the same server is answered from disk and never
paid for twice. A reply whose draft failed the checks is kept, marked `failed-checks`: a
re-run may build its repair on it but never serves it as a finished draft. Every HTTP
attempt, sent or cached, failed or not, adds a row to the log that `kit usage` reports on.
Nothing is written before it is scrubbed of secrets (`kit.llm.secrets`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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


class Cache:
    """Replies by request hash, and the log of every attempt; `secrets` are scrubbed from every row."""

    def __init__(self, path: Path, secrets: Sequence[str] = ()):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.secrets = tuple(secrets)
        self._db = sqlite3.connect(path)
        # A log row per attempt: with the default journal each commit waits on the disk (~15 ms),
        # which at 16 requests in flight is most of a run's time. WAL and NORMAL keep it durable
        # across a crash of kit (only a power cut may lose the last rows).
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._db:
            self._db.executescript(_SCHEMA)
            for table, column, spec in _ADDED:
                have = {row[1] for row in self._db.execute(f"PRAGMA table_info({table})")}
                if column not in have:
                    self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {spec}")

    def get(self, request_hash: str, final: bool = False) -> dict[str, Any] | None:
        """The stored reply for a request, or None; with `final`, never one whose draft failed the checks."""
        row = self._db.execute("SELECT body, status FROM replies WHERE request_hash = ?", (request_hash,)).fetchone()
        if row is None or (final and row[1] != "ok"):
            return None
        data = json.loads(row[0])
        return data if isinstance(data, dict) else None

    def put(self, request_hash: str, api: str, model: str, reply: dict[str, Any], server: str = "") -> None:
        """Store a reply that parsed and validated (failures are not: a re-run retries them)."""
        body = scrub(json.dumps(reply, ensure_ascii=False), self.secrets)
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO replies (request_hash, api, model, body, created, status, server)"
                " VALUES (?, ?, ?, ?, ?, 'ok', ?)",
                (request_hash, api, model, body, _now(), scrub(server, self.secrets)),
            )

    def mark(self, request_hash: str, status: str) -> None:
        """Record what the checks made of a stored reply: `ok` or `failed-checks`."""
        with self._db:
            self._db.execute("UPDATE replies SET status = ? WHERE request_hash = ?", (status, request_hash))

    def log(self, entry: LogEntry) -> None:
        row = asdict(entry)
        row["cached"] = int(entry.cached)
        row["error"] = scrub(entry.error, self.secrets)
        row["server"] = scrub(entry.server, self.secrets)
        with self._db:
            self._db.execute(
                "INSERT INTO log (time, model, kind, story, request_hash, input_tokens, output_tokens, latency,"
                " cost, cached, status, error, server, reasoning_tokens) VALUES (:time, :model, :kind, :story,"
                " :request_hash, :input_tokens, :output_tokens, :latency, :cost, :cached, :status, :error,"
                " :server, :reasoning_tokens)",
                {"time": _now(), **row},
            )

    def rows(self) -> list[dict[str, Any]]:
        """Every log row, oldest first."""
        cursor = self._db.execute("SELECT * FROM log ORDER BY id")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]

    def close(self) -> None:
        self._db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
