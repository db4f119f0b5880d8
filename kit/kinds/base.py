"""What a kind of output is: the one class every kind module fills in.

A kind declares who reads it, the files it writes, the templates and prompt it is made
from, the schema of its structured LLM reply (if any), its limits and readability target
for the checks, and how to render a view. Build, check, review and the LLM path read only
this; none of them names a kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel

from kit.checks.report import Finding, Report
from kit.config import Config
from kit.drafts import DraftFile, Rendered
from kit.sites import DEFAULT_SITE
from kit.story import Story, Visibility
from kit.views import View

# Front matter keys a site shows to readers, above a post and in lists and previews.
SHOWN_FRONT = ("title", "description", "summary", "subtitle", "excerpt")
Limits = dict[str, dict[str, Any]]  # field -> {"chars": n, "words": n, "severity": "warning"}
Output = str | dict[str, Any]  # an LLM's Markdown, or its structured fields


@dataclass(frozen=True)
class KindOptions:
    """What rendering needs besides the view: where templates are, and the build's choices."""

    workspace: Path | None = None
    site: str = DEFAULT_SITE
    cfp: str = "generic"
    config: Config = field(default_factory=Config)
    placed: bool = False  # the blog in its site's layout (kit.sites), not as <slug>/blog.md


class Kind:
    """One kind of output. Subclasses set the class attributes and `render`."""

    name: ClassVar[str]
    audience: ClassVar[Visibility]
    description: ClassVar[str]  # one line, for help texts
    primary: ClassVar[str]  # the file that carries provenance, e.g. "blog.md"
    companions: ClassVar[tuple[str, ...]] = ()  # the other files it writes
    templates: ClassVar[tuple[str, ...]]
    prompt: ClassVar[str]
    schema: ClassVar[type[BaseModel] | None] = None  # the LLM's structured reply, when it has fields
    readability: ClassVar[tuple[float, float] | None] = None  # Flesch ease at least, grade at most
    limits: ClassVar[Limits] = {}  # per field; "body" is the whole draft

    @property
    def public(self) -> bool:
        return self.audience is Visibility.PUBLIC

    @property
    def files(self) -> tuple[str, ...]:
        return (self.primary, *self.companions)

    def render(self, view: View, options: KindOptions, output: Output | None = None) -> Rendered:
        """The draft of a view; `output` (an LLM's reply) replaces what the template would write."""
        raise NotImplementedError

    def inputs(self, options: KindOptions) -> dict[str, Any]:
        """The build choices this kind's drafts depend on, besides the story and its templates (rebuilds)."""
        return {}

    def read(self, draft: DraftFile) -> Rendered:
        """A draft on disk as the build rendered it, so it is checked the same way."""
        own = {k: v for k, v in draft.front.items() if k != "kit"}
        meta = {k: v for k, v in draft.provenance.items() if k in ("site",)}
        return Rendered(kind=self.name, primary=draft.path.name, front=own, body=draft.body,
                        fields=self.fields_of(own, draft.body), meta=meta)  # fmt: skip

    def fields_of(self, front: dict[str, Any], body: str) -> dict[str, str]:
        """The named fields of a draft on disk whose length limits apply."""
        return {}

    def settings_limits(self, rendered: Rendered, config: Config) -> Limits:
        """Limits the draft's settings add to the kind's own (a CFP profile's)."""
        return {}

    def own_findings(self, rendered: Rendered) -> list[Finding]:
        """Checks only this kind has (a blog's site keys, a thread's post lengths)."""
        return []

    def check(self, story: Story, rendered: Rendered, config: Config) -> Report:
        """The full check of one draft: facts, visibility, limits and style, as build and `kit check` run it.

        The front matter's shown text (a post's title and description) is checked for facts and
        visibility too: a site prints it above the post, and in lists and link previews.
        """
        from kit.checks import check_draft  # the checks load when a draft is first checked
        report = check_draft(rendered.body, story, kind=self.name, audience=self.audience.value,
                             extra=rendered.extra_figures, limits=self.settings_limits(rendered, config),
                             fields=rendered.fields or None)  # fmt: skip
        own = [*self._front_findings(story, rendered), *self.own_findings(rendered)]
        return Report(report.findings + tuple(own)) if own else report

    def _front_findings(self, story: Story, rendered: Rendered) -> list[Finding]:
        """Facts and visibility findings in the front matter's shown text that the body does not repeat."""
        from kit.checks.draft import check_beside

        shown = [(f"the front matter's {key}", value) for key in SHOWN_FRONT
                 if isinstance(value := rendered.front.get(key), str)]  # fmt: skip
        return check_beside(shown, rendered.body, story, audience=self.audience.value, extra=rendered.extra_figures)
