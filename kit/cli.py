"""The `kit` command: a thin adapter over the library.

Commands parse options, call one library function, and turn its result or a known
error into output and an exit code: 0 success, 1 checks or some items failed, 2 bad
input or usage. Heavy modules are imported inside the commands that need them.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from kit.errors import KitError

app = typer.Typer(
    name="kit",
    help=(
        "Turn a team's measurable success story into a blog post, a talk submission, an "
        "executive one-pager and an internal newsletter.\n\n"
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
    """Turn a KitError into one line per problem on stderr and its exit code: never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except KitError as err:
            for line in err.lines():
                typer.echo(f"error: {line}", err=True)
            raise typer.Exit(err.exit_code) from None

    return wrapper  # type: ignore[return-value]


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


@app.command()
@handles_errors
def schema() -> None:
    """Print the JSON Schema of a story file's front matter (for editors)."""
    from kit.story import json_schema

    emit_json(json_schema())


@app.command()
@handles_errors
def validate(paths: Paths, as_json: JsonFlag = False) -> None:
    """Check story files without building anything; report every problem in every file."""
    from kit.build import validate_paths

    result = validate_paths(paths)
    if as_json:
        emit_json(result.to_json())
    else:
        for path in result.valid:
            typer.echo(f"ok: {path}")
        for line in result.problem_lines():
            typer.echo(f"error: {line}", err=True)
    raise typer.Exit(2 if result.problems else 0)


def main() -> None:
    """Entry point of the `kit` command."""
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
