"""The newsletter command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kit.cli.app import JsonFlag, Paths, Workspace, app, emit_json, handles_errors, notice, progress_bar


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
    with progress_bar("Reading stories") as progress:
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
