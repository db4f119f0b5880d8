"""The `kit` command: a thin adapter over the library.

Commands parse options, call one library function, and turn its result or a known
error into output and an exit code: 0 success, 1 checks or some items failed, 2 bad
input or usage. Heavy modules are imported inside the commands that need them.
`app` holds what every command shares; the commands are grouped by what they act on.
"""

from kit.cli import stories, drafts, newsletter, batch  # noqa: F401, I001 (registers the commands, in help order)
from kit.cli.app import app, main

__all__ = ["app", "main"]
