"""The errors kit raises for problems a user can fix.

The CLI catches `KitError` in one place, prints one line per problem and exits 2.
Anything else that escapes is a bug in kit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where, which field, what, and what to do."""

    path: Path | str | None
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = str(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"

    def to_dict(self) -> dict[str, object]:
        """As every command's --json gives a problem: the file, line, field and what is wrong."""
        path = None if self.path is None else str(self.path)
        return {"path": path, "line": self.line, "field": self.field, "message": self.message}


class KitError(Exception):
    """A problem with the user's input or setup; the message says what to do."""

    exit_code = 2

    def __init__(self, message: str | None = None, problems: list[Problem] | None = None):
        self.problems = list(problems or [])
        if message is None:
            message = "\n".join(str(p) for p in self.problems)
        super().__init__(message)

    def lines(self) -> list[str]:
        """One line per problem, for the CLI."""
        if self.problems:
            return [str(p) for p in self.problems]
        return str(self).splitlines() or [type(self).__name__]

    def as_problems(self) -> list[Problem]:
        """The problems, or each line of the message as one: what `lines()` prints, as objects."""
        return list(self.problems) or [Problem(None, line) for line in self.lines()]


class StoryError(KitError):
    """A story file that cannot be read or does not validate."""


class TemplateError(KitError):
    """A template that cannot be found or rendered."""


class ConfigError(KitError):
    """A workspace config (kit.toml) or option that is wrong."""


class UsageError(KitError):
    """A command used in a way that cannot work (bad option, nothing to do)."""


class DraftError(KitError):
    """A draft that cannot be read or written."""


class OutputError(KitError):
    """An output that cannot be written where it was asked for (a file in the way, no permission)."""


class LLMError(KitError):
    """The LLM path cannot start (no key, no server) or a request failed."""
