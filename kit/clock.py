"""The generation time: now, or SOURCE_DATE_EPOCH for reproducible builds.

Every time kit writes into an output (a draft's provenance, the review page, a newsletter
issue) comes from here, so one environment variable makes a whole run byte-for-byte repeatable.
"""

from __future__ import annotations

import datetime as dt
import os


def now() -> dt.datetime:
    """The generation time in UTC, to the second: SOURCE_DATE_EPOCH when it is set to a number."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def now_iso() -> str:
    """The generation time as ISO 8601 text in UTC: "2026-09-30T09:00:00Z"."""
    return now().isoformat().replace("+00:00", "Z")
