"""The LLM cache and usage log: one SQLite file in the workspace, `.kit/llm.sqlite`.

Replies are keyed by the request hash (method, path and body; never the API key), so an
unchanged request is answered from disk and never paid for twice. Every exchange, sent or
cached, adds a row to the log that `kit usage` reports on.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

DB_NAME = "llm.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS replies (
    request_hash TEXT PRIMARY KEY,
    api TEXT NOT NULL,
    model TEXT NOT NULL,
    body TEXT NOT NULL,          -- the reply's JSON, exactly as the server sent it
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
    cost REAL NOT NULL,          -- US dollars estimated from [llm.prices]; 0 for a cached reply
    cached INTEGER NOT NULL,
    status TEXT NOT NULL,        -- ok or error
    error TEXT NOT NULL
);
"""


def cache_path(workspace: Path | None) -> Path:
    """Where the cache lives: the workspace's `.kit/`, or the current folder's without one."""
    base = workspace if workspace is not None else Path.cwd()
    return base / ".kit" / DB_NAME


@dataclass(frozen=True)
class LogEntry:
    """One exchange in the usage log."""

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


class Cache:
    """Replies by request hash, and the log of every exchange."""

    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        with self._db:
            self._db.executescript(_SCHEMA)

    def get(self, request_hash: str) -> dict[str, Any] | None:
        """The stored reply for a request, or None."""
        row = self._db.execute("SELECT body FROM replies WHERE request_hash = ?", (request_hash,)).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, request_hash: str, api: str, model: str, reply: dict[str, Any]) -> None:
        """Store a reply that parsed and validated (failures are not: a re-run retries them)."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO replies VALUES (?, ?, ?, ?, ?)",
                (request_hash, api, model, json.dumps(reply, ensure_ascii=False), _now()),
            )

    def log(self, entry: LogEntry) -> None:
        row = asdict(entry)
        row["cached"] = int(entry.cached)
        with self._db:
            self._db.execute(
                "INSERT INTO log (time, model, kind, story, request_hash, input_tokens,"
                " output_tokens, latency, cost, cached, status, error) VALUES (:time, :model,"
                " :kind, :story, :request_hash, :input_tokens, :output_tokens, :latency, :cost,"
                " :cached, :status, :error)",
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
