"""kit: turn a team's measurable success story into the documents that make people care.

What a Python caller may use (the `kit` command is a thin adapter over the same calls):

    import kit
    story = kit.load_story("stories/deploys.md")
    result = kit.build_drafts(["stories/"], kit.BuildOptions.for_paths(["stories/"], kinds=["blog", "social"]))
    checked, problems = kit.check_drafts(["drafts/"])
    kit.KINDS["talk"].render(view, kit.KindOptions(cfp="kubecon"))

Names are imported on first use, so `import kit` (and `kit --help`) stays light; the version is
written here (the package's metadata reads it from this file) so that reading it costs nothing.
The verbs are `build_drafts`, `check_drafts`, `build_newsletter` and `build_review`, not `build`,
`check`, `newsletter` and `review`: those name kit's modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

# name -> (module, attribute)
_API = {
    "load_story": ("kit.load", "load_story"),
    "Story": ("kit.story", "Story"),
    "build_drafts": ("kit.build", "build"),
    "BuildOptions": ("kit.build", "BuildOptions"),
    "BuildResult": ("kit.build", "BuildResult"),
    "check_drafts": ("kit.audit", "audit_all"),
    "approve_drafts": ("kit.audit", "approve"),
    "build_newsletter": ("kit.newsletter", "build_newsletter"),
    "NewsletterOptions": ("kit.newsletter", "NewsletterOptions"),
    "build_review": ("kit.review", "build_review"),
    "make_view": ("kit.views", "make_view"),
    "Workspace": ("kit.config", "Workspace"),
    "KINDS": ("kit.kinds", "KINDS"),
    "Kind": ("kit.kinds", "Kind"),
    "KindOptions": ("kit.kinds", "KindOptions"),
    "get_kind": ("kit.kinds", "get_kind"),
    "SITES": ("kit.sites", "SITES"),
    "KitError": ("kit.errors", "KitError"),
}
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name not in _API:
        raise AttributeError(f"module 'kit' has no attribute {name!r}")
    module, attribute = _API[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value
