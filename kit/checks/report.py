"""The report of a draft's checks: findings, their checks and severities, and the tally.

A leaf module (nothing of kit's imported), so any module may use `Finding` and `Report`:

    report = check_draft(text, story, kind="blog", audience="public")
    if not report.ok:
        print(report.format("drafts/x/blog.md"))
    front["kit"]["checks"] = report.summary()
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

Check = Literal["facts", "visibility", "limits", "style"]
Severity = Literal["error", "warning"]
CHECKS: tuple[Check, ...] = ("facts", "visibility", "limits", "style")


@dataclass(frozen=True)
class Finding:
    """One problem in a draft: which check, how bad, where, what, why, and what the story says."""

    check: Check
    severity: Severity
    line: int | None
    text: str  # the offending text as it appears in the draft (or the field's name)
    message: str  # why it is a problem, and what to do
    story_says: str | None = None  # what the story does say, where that helps

    def format(self, path: str = "<draft>") -> str:
        """`path:line: check: "text": message; the story says: ...`"""
        where = f"{path}:{self.line}" if self.line is not None else path
        level = "" if self.severity == "error" else " (warning)"
        says = f"; the story says: {self.story_says}" if self.story_says else ""
        return f'{where}: {self.check}{level}: "{self.text}": {self.message}{says}'


@dataclass(frozen=True)
class Report:
    """Every finding for one draft, in line order."""

    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when nothing is an error (warnings do not fail a draft)."""
        return not self.errors

    def summary(self) -> dict[str, str]:
        """One short status per check, for a draft's front matter: {"facts": "ok", "style": "2 warnings"}."""
        return {check: _tally([f for f in self.findings if f.check == check]) for check in CHECKS}

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "summary": self.summary(),
            "findings": [asdict(f) for f in self.findings],
        }

    def to_json(self) -> str:
        """The report as JSON for tools: ok, summary and every finding."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def format(self, path: str = "<draft>") -> str:
        """The report for people: one line per finding, or `path: ok`."""
        if not self.findings:
            return f"{path}: ok"
        return "\n".join(f.format(path) for f in self.findings)


def _tally(findings: Sequence[Finding]) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    parts = [f"{n} {word}{'' if n == 1 else 's'}" for n, word in ((errors, "error"), (warnings, "warning")) if n]
    return ", ".join(parts) or "ok"
