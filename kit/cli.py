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


@app.command()
@handles_errors
def build(
    paths: Paths,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", help="Kinds to build, comma-separated or repeated (default: all; `kit kinds`)."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder (default: the workspace's drafts/).")
    ] = None,
    site: Annotated[
        str | None, typer.Option(help="The site generator the blog is for (default hugo; see `kit kinds`).")
    ] = None,
    cfp: Annotated[
        str | None, typer.Option(help="Talk limits: kubecon, pycon, generic or a [cfp.NAME] of kit.toml.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite drafts a person has edited or approved.")] = False,
    llm: Annotated[
        bool | None,
        typer.Option("--llm/--no-llm", help="Draft richer prose with an LLM (OPENAI_API_KEY or a base_url)."),
    ] = None,
    model: Annotated[str | None, typer.Option(help="The model for --llm (default: [llm] model in kit.toml).")] = None,
    concurrency: Annotated[int | None, typer.Option(help="Requests in flight at once with --llm (default 8).")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="With --llm, ask again even for requests already answered.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --llm, print the exact requests and send nothing.")
    ] = False,
    workspace: Workspace = None,
    as_json: JsonFlag = False,
) -> None:
    """Build drafts from stories into OUT/<story-slug>/<kind>.<ext>, checked against the story.

    Public kinds (`kit kinds`) are built only from public stories, from their public parts.
    Exit 0 when every draft passed its checks, 1 when any needs review, 2 on bad input.
    """
    from kit.build import BuildOptions
    from kit.build import build as run_build

    options = BuildOptions.for_paths(paths, workspace, kinds=kind, out=out, site=site, cfp=cfp, force=force,
                                     llm=llm, model=model, concurrency=concurrency, no_cache=no_cache,
                                     dry_run=dry_run)  # fmt: skip
    with _progress("Drafting" if options.llm.enabled else "Rendering") as progress:
        result = run_build(paths, options, progress=progress)
    if result.dry_run:
        typer.echo(result.dry_run)
        raise typer.Exit(0)
    if result.llm_summary:
        notice(result.llm_summary)
    if as_json:
        emit_json(result.to_json())
    else:
        for outcome in result.outcomes:
            if outcome.action == "written":
                flag = "" if outcome.status == "draft" else f"  [{outcome.status}: {_failed_checks(outcome.checks)}]"
                typer.echo(f"wrote {_shown(outcome.paths[0])}{flag}")
            else:
                notice(f"{outcome.action}: {outcome.message}")
    raise typer.Exit(1 if result.failed else 0)


@app.command()
@handles_errors
def kinds(as_json: JsonFlag = False) -> None:
    """List the kinds of draft kit builds (and the sites a blog is written for)."""
    from kit.kinds import KINDS
    from kit.sites import SITES

    rows = [{"name": k.name, "audience": k.audience.value, "files": list(k.files), "templates": list(k.templates),
             "prompt": k.prompt, "description": k.description} for k in KINDS.values()]  # fmt: skip
    if as_json:
        emit_json({"kinds": rows, "sites": [{"name": s.name, "label": s.label} for s in SITES.values()]})
        return
    for row in rows:
        typer.echo(f"{row['name']:<10} {row['audience']:<9} {row['description']}; writes {', '.join(row['files'])}")
    typer.echo(f"\nsites for the blog (--site): {', '.join(SITES)}")


@app.command()
@handles_errors
def usage(workspace: Workspace = None, as_json: JsonFlag = False) -> None:
    """Report LLM spend from the workspace's log: by day, model and kind, with totals."""
    from kit.llm.usage import format_usage, usage_report

    report = usage_report(_root(workspace))
    if as_json:
        emit_json(report)
    else:
        typer.echo(format_usage(report))


def _shown(path: str | Path) -> str:
    """A path as the user would type it: relative to here when it is below here."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _failed_checks(checks: dict[str, str]) -> str:
    return ", ".join(f"{name} {value}" for name, value in checks.items() if value != "ok") or "see kit check"


class _progress:
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


@app.command()
@handles_errors
def check(
    paths: Annotated[list[Path], typer.Argument(help="Draft files, or folders of drafts (OUT/<slug>/<kind>.md).")],
    story: Annotated[
        Path | None, typer.Option(help="The story to check against (default: the one the draft names).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Check drafts against their stories: facts, visibility, limits and style.

    Prints file:line, the offending text, why, and what the story says. Exit 0 when every
    draft is clean, 1 when any check fails (style findings are warnings).
    """
    from kit.audit import audit_all

    results, problems = audit_all(paths, story)
    if as_json:
        emit_json({"drafts": [r.to_dict() for r in results], "problems": [str(p) for p in problems]})
    else:
        for result in results:
            typer.echo(result.report.format(str(result.draft.path)))
        for problem in problems:
            typer.echo(f"error: {problem}", err=True)
    if problems and not results:
        raise typer.Exit(2)
    raise typer.Exit(1 if problems or any(not r.report.ok for r in results) else 0)


@app.command()
@handles_errors
def approve(
    paths: Annotated[list[Path], typer.Argument(help="Draft files, or folders of drafts.")],
    force: Annotated[bool, typer.Option("--force", help="Approve even when checks fail.")] = False,
) -> None:
    """Mark drafts approved (status draft -> approved) once a person has read them.

    A draft that fails its checks is not approved unless --force. An approved draft is kept
    on rebuild, like an edited one.
    """
    from kit.audit import approve as approve_drafts

    results = approve_drafts(paths, force)
    for result in results:
        if result.approved:
            typer.echo(f"approved {result.path}")
        else:
            typer.echo(f"not approved: {result.path}: {result.reason}", err=True)
    failed = any(not r.approved for r in results)
    raise typer.Exit(1 if failed else 0)


@app.command()
@handles_errors
def review(
    drafts: Annotated[
        Path | None,
        typer.Argument(help="The drafts folder, or one draft (default: the workspace's drafts/)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The HTML page to write.")] = Path("review.html"),
    story: Annotated[Path | None, typer.Option(help="The story to check against (default: each draft's own).")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Write one HTML page with every draft, its check findings marked in the text, and its status.

    The page is self-contained (it fetches nothing) and filters by kind and status.
    Exit 0 when written (findings are what the page is for), 1 when some drafts could not
    be read or checked, 2 on bad input (no drafts).
    """
    from kit.config import Workspace
    from kit.review import build_review

    folder = drafts or Workspace.find().drafts
    result = build_review([folder], out, story, workspace=Workspace.find([folder]).root)
    if as_json:
        emit_json(result.to_dict())
    else:
        counts = f"{len(result.drafts)} drafts, {result.errors} errors, {result.warnings} warnings"
        unchecked = f", {result.unchecked} not checked" if result.unchecked else ""
        typer.echo(f"wrote {result.path}: {counts}{unchecked}")
    for draft in result.drafts:
        if draft.problem:
            notice(f"not checked: {draft.problem}")
    for problem in result.problems:
        notice(f"error: {problem}")
    raise typer.Exit(1 if result.unchecked else 0)


@app.command()
@handles_errors
def init(
    folder: Annotated[Path, typer.Argument(help="Where to create the workspace.")] = Path("."),
) -> None:
    """Create a workspace: kit.toml, stories/ (with an example), templates/, prompts/, drafts/."""
    from kit.workspace import init_workspace

    for path in init_workspace(folder):
        typer.echo(f"created {path}")
    typer.echo("next: edit the story in stories/, then run `kit build stories/`")


@app.command()
@handles_errors
def new(
    title: Annotated[str | None, typer.Option(help="The story's title.")] = None,
    team: Annotated[str | None, typer.Option(help="The team that did the work.")] = None,
    author: Annotated[str | None, typer.Option(help="Your name.")] = None,
    metric: Annotated[str | None, typer.Option(help="The main metric's name, e.g. 'Deployment lead time'.")] = None,
    before: Annotated[str | None, typer.Option(help="Its value before, e.g. '6 weeks'.")] = None,
    after: Annotated[str | None, typer.Option(help="Its value after, e.g. '2 days'.")] = None,
    better: Annotated[str, typer.Option(help="lower or higher: which way is better.")] = "lower",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="The file to write (default: stories/<slug>.md).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a story skeleton to fill in; asks for the essentials when run in a terminal."""
    from kit.workspace import new_story

    answers = {"title": title, "team": team, "author": author, "metric": metric, "before": before, "after": after}
    if sys.stdin.isatty():
        prompts = {"title": "Title", "team": "Team", "author": "Your name", "metric": "Main metric",
                   "before": "Its value before (e.g. 6 weeks)", "after": "Its value after (e.g. 2 days)"}  # fmt: skip
        for key, question in prompts.items():
            if not answers[key]:
                answers[key] = typer.prompt(question)
    path = new_story(answers, better=better, out=out, force=force)
    typer.echo(f"wrote {path}; fill it in, then run `kit validate {path}`")


FileName = Annotated[str, typer.Argument(help="Its name, e.g. blog.md.j2 or blog.prompt (see the list command).")]


def _file_commands(group: typer.Typer, folder: Any, noun: str) -> None:
    """`list`, `show` and `export` for the templates or the prompts: one set of commands, two folders."""

    @group.command("list")
    @handles_errors
    def list_(workspace: Workspace = None, as_json: JsonFlag = False) -> None:
        from kit.workspace import list_files

        rows = list_files(folder, _root(workspace))
        if as_json:
            emit_json(rows)
            return
        for row in rows:
            typer.echo(f"{row['name']:<28} {row['used_by']:<10} {row['origin']:<10} {row['path']}")

    @group.command("show")
    @handles_errors
    def show(name: FileName, workspace: Workspace = None) -> None:
        from kit.workspace import find_file

        typer.echo(find_file(folder, name, _root(workspace)).read_text(encoding="utf-8"), nl=False)

    @group.command("export")
    @handles_errors
    def export(
        name: FileName,
        workspace: Workspace = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite the workspace's copy.")] = False,
    ) -> None:
        from kit.workspace import export_file

        path = export_file(folder, name, _root(workspace) or Path.cwd(), force=force)
        typer.echo(f'exported {path}; edit it, or `{{% extends "builtin:{name}" %}}` to change only some blocks')

    list_.__doc__ = f"List every {noun} and where it comes from (the workspace's, else built-in), and its kind."
    show.__doc__ = f"Print a {noun}'s source (the one that wins: the workspace's, else the built-in)."
    export.__doc__ = f"Copy a built-in {noun} into the workspace's {folder}/ to customise it."


_file_commands(templates_app, "templates", "template")
_file_commands(prompts_app, "prompts", "prompt")


def _root(workspace: Path | None) -> Path | None:
    from kit.config import find_workspace

    return workspace or find_workspace([Path.cwd()])


@app.command()
@handles_errors
def newsletter(
    paths: Paths,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder for the issue's four files.")],
    since: Annotated[str | None, typer.Option(help="Only stories measured on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[
        str | None, typer.Option(help="Only stories measured on or before this date (YYYY-MM-DD); dates the issue.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", help="Only stories with this tag (repeat for any of several).")
    ] = None,
    team: Annotated[
        list[str] | None, typer.Option("--team", help="Only this team's stories (repeat for several).")
    ] = None,
    title: Annotated[
        str | None, typer.Option(help="The newsletter's name (default: [newsletter] title, Wins).")
    ] = None,
    sender: Annotated[str | None, typer.Option("--from", help="From address (default: [newsletter] from).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="To address (default: [newsletter] to).")] = None,
    group_by: Annotated[str | None, typer.Option("--group-by", help="none, team or tag (a story's first tag).")] = None,
    drafts: Annotated[
        Path | None, typer.Option(help="Where blog drafts are, to link them (default: the workspace's drafts/).")
    ] = None,
    workspace: Workspace = None,
    as_json: JsonFlag = False,
) -> None:
    """Build one newsletter issue from many stories: OUT/<issue>.html, .txt, .md and .eml.

    The issue is named from the title and the newest story's date (or --until): wins-2026-11-26.
    Stories of every visibility go in, newest first. Exit 0 when every story went in, 1 when
    any was left out because it failed validation, 2 when nothing could be built.
    """
    from kit.config import Workspace
    from kit.newsletter import NewsletterOptions, Selection, build_newsletter, parse_day

    found = Workspace.find(paths, workspace)
    root, config = found.root, found.config
    selection = Selection(
        since=parse_day(since, "--since"),
        until=parse_day(until, "--until"),
        tags=tuple(tag or ()),
        teams=tuple(team or ()),
    )
    options = NewsletterOptions.from_config(
        config.newsletter,
        selection=selection,
        title=title,
        sender=sender,
        to=to,
        group_by=group_by,
        drafts=drafts or found.drafts,
    )
    with _progress("Reading stories") as progress:
        result = build_newsletter(paths, out, options, root, progress=progress)
    if as_json:
        emit_json(result.to_json())
    else:
        for path in result.written:
            typer.echo(f"wrote {path}")
    for problem in result.left_out:
        notice(f"error: {problem}")
    if result.left_out:
        notice(f"left out {result.left_out_files} story file(s); {len(result.stories)} went in")
    for note in result.notes:
        notice(f"note: {note}")
    raise typer.Exit(result.exit_code)


def main() -> None:
    """Entry point of the `kit` command."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
