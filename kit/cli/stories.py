"""Commands about stories and the workspace: schema, validate, kinds, init, new, templates, prompts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kit.cli.app import (
    JsonFlag,
    Paths,
    Workspace,
    app,
    emit_json,
    handles_errors,
    notice,
    prompts_app,
    templates_app,
    workspace_root,
)
from kit.errors import Problem, UsageError


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
    from kit.build import Validation, validate_paths
    from kit.errors import StoryError
    from kit.load import NO_STORIES

    try:
        result = validate_paths(paths)
    except StoryError as err:  # a path that names no story file: a problem told as validate tells any
        result = Validation(problems=list(err.problems))
    if not result.valid and not result.problems:  # no story file at all: an error, as `kit build` says
        result.problems = [Problem(path, NO_STORIES) for path in paths]
    if as_json:
        emit_json(result.to_json())
    else:
        for path in result.valid:
            typer.echo(f"ok: {path}")
        for line in result.hint_lines():
            typer.echo(f"hint: {line}")
        for warning in result.warnings:
            typer.echo(f"warning: {warning}", err=True)
        for line in result.problem_lines():
            typer.echo(f"error: {line}", err=True)
    raise typer.Exit(2 if result.problems else 0)


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
def init(
    folder: Annotated[Path, typer.Argument(help="Where to create the workspace.")] = Path("."),
    as_json: JsonFlag = False,
) -> None:
    """Create a workspace: kit.toml, stories/ (with an example), templates/, prompts/, drafts/."""
    from kit.workspace import init_workspace

    created = init_workspace(folder)
    then = "edit the story in stories/, then run `kit build stories/`"
    if as_json:
        emit_json({"ok": True, "created": [str(path) for path in created], "next": then})
        return
    for path in created:
        typer.echo(f"created {path}")
    typer.echo(f"next: {then}")


@app.command()
@handles_errors
def new(
    title: Annotated[str | None, typer.Option(help="The story's title.")] = None,
    team: Annotated[str | None, typer.Option(help="The team that did the work.")] = None,
    author: Annotated[str | None, typer.Option(help="Your name.")] = None,
    role: Annotated[str | None, typer.Option(help="Your role.")] = None,
    summary: Annotated[str | None, typer.Option(help="The result in one sentence.")] = None,
    metric: Annotated[str | None, typer.Option(help="The main metric's name, e.g. 'Deployment lead time'.")] = None,
    before: Annotated[str | None, typer.Option(help="Its value before, e.g. '6 weeks'.")] = None,
    after: Annotated[str | None, typer.Option(help="Its value after, e.g. '2 days'.")] = None,
    better: Annotated[
        str | None, typer.Option(help="lower or higher: which way is better (default: guessed from the name).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="The file to write (default: stories/<slug>.md).")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Write a new story; in a terminal, asks for each answer and checks it as you type.

    Asks for the title (first, so an existing file is caught at once), team, your name and role,
    then each metric: its name, before and after (quantities that compare), and whether higher
    or lower is better; then offers another metric. What you skip is a YAML comment, never text
    that could reach a draft.
    """
    from kit.workspace import infer_better, interview, new_story

    answers = {"title": title, "team": team, "author": author, "role": role, "summary": summary,
               "metric": metric, "before": before, "after": after}  # fmt: skip
    metrics = None
    if sys.stdin.isatty():

        def ask(question: str, default: str | None) -> str:  # with --json, stdout is for the JSON alone
            try:
                return str(typer.prompt(question, default=default, show_default=bool(default), err=as_json))
            except typer.Abort as err:
                raise _stopped(err) from None

        answers, metrics = interview(ask, lambda line: typer.echo(line, err=True), answers, better=better, out=out,
                                     force=force)  # fmt: skip
    path = new_story(answers, better=better, out=out, force=force, metrics=metrics)
    guessed = infer_better(str(answers["metric"])) if metrics is None and better is None else None
    if guessed is not None:
        notice(f'guessed from its name that {guessed} is better for "{answers["metric"]}"; '
               f"if not, change `better:` in {path} (or pass --better)")  # fmt: skip
    then = f"write the story below its front matter, under the `##` headings it lists, then run `kit validate {path}`"
    if as_json:
        emit_json({"ok": True, "path": str(path), "guessed_better": guessed, "next": then})
        return
    typer.echo(f"wrote {path}; {then}")


def _stopped(abort: typer.Abort) -> Exception:
    """The wizard stopped before the story was whole, and nothing written: Ctrl-C exits 130 as `kit build`'s
    does, the answers running out (Ctrl-D, or a pipe that ends) is bad input, 2. Not "Aborted!" and 1,
    which kit keeps for failed checks. The prompt's Abort keeps the key's exception as its context."""
    notice("")  # the prompt's line is left open
    if isinstance(abort.__context__, KeyboardInterrupt):
        notice("interrupted: no story written; run `kit new` again to start over")
        return typer.Exit(130)
    return UsageError(
        "the answers ended (end of input) before the story was complete, so no story was written; "
        "answer each question in a terminal, or give the answers as options (`kit new --help`)"
    )


FileName = Annotated[str, typer.Argument(help="Its name, as the list command shows it: blog.md.j2 (a template), "
                                               "blog.prompt (a prompt).")]


def _file_commands(group: typer.Typer, folder: Any, noun: str) -> None:
    """`list`, `show` and `export` for the templates or the prompts: one set of commands, two folders."""

    @group.command("list")
    @handles_errors
    def list_(workspace: Workspace = None, as_json: JsonFlag = False) -> None:
        from kit.workspace import list_files

        rows = list_files(folder, workspace_root(workspace))
        if as_json:
            emit_json(rows)
            return
        for row in rows:
            typer.echo(f"{row['name']:<28} {row['used_by'] or '-':<10} {row['origin']:<10} {row['path']}")
        for row in rows:
            if "note" in row:
                notice(f"note: {row['note']}")

    @group.command("show")
    @handles_errors
    def show(name: FileName, workspace: Workspace = None) -> None:
        from kit.workspace import find_file

        typer.echo(find_file(folder, name, workspace_root(workspace)).read_text(encoding="utf-8"), nl=False)

    @group.command("export")
    @handles_errors
    def export(
        name: FileName,
        workspace: Workspace = None,
        force: Annotated[bool, typer.Option("--force", help="Overwrite the workspace's copy.")] = False,
    ) -> None:
        from kit.workspace import export_file

        path = export_file(folder, name, workspace_root(workspace) or Path.cwd(), force=force)
        typer.echo(f'exported {path}; edit it, or `{{% extends "builtin:{name}" %}}` to change only some blocks')

    list_.__doc__ = f"List every {noun} and where it comes from (the workspace's, else built-in), and its kind."
    show.__doc__ = f"Print a {noun}'s source (the one that wins: the workspace's, else the built-in)."
    export.__doc__ = f"Copy a built-in {noun} into the workspace's {folder}/ to customise it."


_file_commands(templates_app, "templates", "template")
_file_commands(prompts_app, "prompts", "prompt")
