"""The `kit` command's app and what every command shares: errors, JSON, progress, paths.

Commands parse options, call one library function, and turn its result or a known
error into output and an exit code: 0 success, 1 checks or some items failed, 2 bad
input or usage. Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kit.errors import KitError, Problem

app = typer.Typer(
    name="kit",
    help=(
        "Turn a team's measurable success story into a blog post, a talk submission, an "
        "executive one-pager, social posts and an internal newsletter.\n\n"
        "Start with `kit init` (a workspace) and `kit new` (a story), then `kit build stories/`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
templates_app = typer.Typer(help="List, show and export the templates drafts are built from.", no_args_is_help=True)
prompts_app = typer.Typer(help="List, show and export the prompts used with --llm.", no_args_is_help=True)
app.add_typer(templates_app, name="templates")
app.add_typer(prompts_app, name="prompts")

F = TypeVar("F", bound=Callable[..., Any])


def handles_errors(func: F) -> F:
    """Turn a KitError into one line per problem on stderr and its exit code: never a traceback.

    An OSError that escapes (a file kit could not read or write: no permission, a full disk) is
    the user's to fix too, and is told the same way, with the file it names.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KitError as err:
            failed(err.as_problems(), bool(kwargs.get("as_json")))
            raise typer.Exit(err.exit_code) from None
        except OSError as err:
            failed([Problem(err.filename, str(err.strerror or err))], bool(kwargs.get("as_json")))
            raise typer.Exit(KitError.exit_code) from None

    return wrapper  # type: ignore[return-value]


def failed(problems: list[Problem], as_json: bool) -> None:
    """A command's problems, one line each on stderr; with --json, also as JSON on stdout, so a
    script reading stdout learns why there is no result."""
    for problem in problems:
        typer.echo(f"error: {problem}", err=True)
    if as_json:
        emit_json({"ok": False, "problems": [p.to_dict() for p in problems]})


def _version(value: bool) -> None:
    if value:
        from kit import __version__

        typer.echo(f"kit {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print kit's version and exit.")
    ] = False,
) -> None:
    # The app's help is the Typer(help=...) above; this callback only adds --version.
    pass


def emit_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


def notice(message: str) -> None:
    typer.echo(message, err=True)


Paths = Annotated[list[Path], typer.Argument(help="Story files, or folders to take every story inside.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print the result as JSON for scripts.")]
Workspace = Annotated[
    Path | None,
    typer.Option("--workspace", "-w", help="The workspace folder (default: the nearest with kit.toml)."),
]


def shown(path: str | Path) -> str:
    """A path as the user would type it: relative to here when it is below here."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def failed_checks(checks: dict[str, str]) -> str:
    return ", ".join(f"{name} {value}" for name, value in checks.items() if value != "ok") or "see kit check"


class progress_bar:
    """A progress bar on a terminal, nothing elsewhere; used as a callback(done, total)."""

    def __init__(self, label: str):
        self.label = label
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int], None] | None:
        if not sys.stderr.isatty():
            return None
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = typer.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def report_build(result: Any, as_json: bool) -> None:
    """A build's result as `kit build` and `kit batch collect` print it: the LLM summary, then a line per draft."""
    for warning in result.warnings:
        notice(f"warning: {warning}")
    if result.llm_summary:
        notice(result.llm_summary)
    if as_json:
        emit_json(result.to_json())
        return
    for outcome in result.outcomes:
        if outcome.action == "written":
            flag = "" if outcome.status == "draft" else f"  [{outcome.status}: {failed_checks(outcome.checks)}]"
            typer.echo(f"wrote {shown(outcome.paths[0])}{flag}{_elsewhere(outcome.paths)}")
        elif outcome.action != "unchanged":
            notice(f"{outcome.action}: {outcome.message}")
    if any(o.action == "unchanged" for o in result.outcomes):
        notice(result.summary())  # "999 unchanged, 1 rebuilt"


def _elsewhere(paths: list[str]) -> str:
    """The folders a draft's other files went to, beside its own, each once and named for what it holds
    (a Jekyll post's chart in assets/kit/, its HTML preview in the drafts folder): every file written is
    named somewhere, and a chart the site publishes is not called a preview."""
    home = Path(paths[0]).parent
    folders: dict[Path, list[Path]] = {}
    for path in map(Path, paths[1:]):
        if not path.parent.is_relative_to(home):
            folders.setdefault(path.parent, []).append(path)
    said = [f"{_held(files)} in {shown(str(folder))}{os.sep}" for folder, files in folders.items()]
    return f" (and {', '.join(said)})" if said else ""


def _held(files: list[Path]) -> str:
    """What a folder of a draft's files holds: its preview (a page and the chart it shows), its chart,
    or a file of the site's own by name (MkDocs' .authors.yml)."""
    if any(f.suffix == ".html" for f in files):
        return "its preview files"
    if all(f.suffix == ".svg" for f in files):
        return "its chart" if len(files) == 1 else "its charts"
    return ", ".join(f.name for f in files)


def workspace_root(workspace: Path | None) -> Path | None:
    """The workspace a command works in, its kit.toml read: a broken one is one clear error here,
    as in `kit build`, never silently taken for the defaults (`kit usage` would price wrongly)."""
    from kit.config import find_workspace, load_config

    root = workspace or find_workspace([Path.cwd()])
    load_config(root)
    return root


def main() -> None:
    """Entry point of the `kit` command."""
    # pydantic looks up its plugins (validation observers) in every installed package's metadata
    # when the first model is built: tens of milliseconds of each command's start, for hooks kit's
    # own command has no use for. A user's own setting of the variable is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    skip_plugin_loader()
    sys.stdout = ReaderGone(sys.stdout)  # type: ignore[assignment]
    app()


class ReaderGone:
    """Standard output that, once its reader has gone (`kit check … | head -1` closed the pipe),
    takes the rest and drops it: the command still runs to its end and exits with its own code,
    as it would have unpiped, instead of failing on a write nobody would read."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._gone = False

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                return int(self._stream.write(text))
            except BrokenPipeError:
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._drop()

    def _drop(self) -> None:
        """From now on, to nowhere: what the stream still buffers too, so that the interpreter's own
        flush at exit has nothing to fail on."""
        self._gone = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


# The values with which pydantic's plugin loader loads no plugin at all (pydantic.plugin._loader).
ALL_PLUGINS_OFF = ("__all__", "1", "true")


def skip_plugin_loader() -> None:
    """When every pydantic plugin is off, answer pydantic's plugin lookup without importing its loader.

    Even with plugins off, pydantic's loader module imports importlib.metadata (and with it the
    email package and zipfile): 20 to 40 ms of every command's start, a tenth of `kit check`'s.
    With these settings the real `get_plugins()` returns no plugins, so a module whose
    `get_plugins` returns none stands in for it (tests/test_startup_costs.py holds the two to the
    same answer). A loader already imported, or any other setting, is left to pydantic.
    """
    if os.environ.get("PYDANTIC_DISABLE_PLUGINS") not in ALL_PLUGINS_OFF:
        return
    import types

    loader = types.ModuleType("pydantic.plugin._loader", "No pydantic plugins: every one is switched off.")
    loader.get_plugins = no_plugins  # type: ignore[attr-defined]
    sys.modules.setdefault(loader.__name__, loader)


def no_plugins() -> tuple[()]:
    """What pydantic's `get_plugins()` returns when every plugin is switched off."""
    return ()


if __name__ == "__main__":  # pragma: no cover
    main()
