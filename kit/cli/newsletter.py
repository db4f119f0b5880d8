"""The newsletter command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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
        Path | None, typer.Option(help="Not used: cards link to posts on the site (--base-url).", hidden=True)
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="The blog's URL, to link each post (default: [site] base_url).")
    ] = None,
    llm: Annotated[
        bool, typer.Option("--llm/--no-llm", help="An editor's intro and a blurb per story, drafted by an LLM.")
    ] = False,
    model: Annotated[str | None, typer.Option(help="The model for --llm (default: [llm] model in kit.toml).")] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="With --llm, ask again even for a request already answered.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --llm, print the exact request; write and send nothing.")
    ] = False,
    workspace: Workspace = None,
    as_json: JsonFlag = False,
) -> None:
    """Build one newsletter issue from many stories: OUT/<issue>.html, .txt, .md and .eml.

    The issue is named from the title and the newest story's date up to today (or --until):
    wins-2026-11-26. Stories of every visibility go in, newest first; a story dated after today
    goes in with a warning, unlinked. Exit 0 when every story went in, 1 when
    any was left out because it failed validation, 2 when nothing could be built.
    """
    from kit.config import Workspace
    from kit.errors import UsageError
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
        base_url=(base_url or config.site.base_url or "").rstrip("/") or None,
        site=config.build.site,
    )
    rewrite, summary, failed = None, [], []
    if dry_run and not llm:
        raise UsageError("--dry-run shows the LLM request; add --llm")
    if llm:
        from kit.llm import llm_settings
        from kit.llm.newsletter import dry_run_newsletter, redraft_issue

        settings = llm_settings(config, model, dry_run=dry_run)
        if dry_run:
            typer.echo(dry_run_newsletter(paths, out, options, root, settings))
            raise typer.Exit(0)

        def rewrite(context: dict[str, Any]) -> None:
            said, ok = redraft_issue(context, settings, root, no_cache)
            summary.append(said)
            failed.append(not ok)

    with progress_bar("Reading stories") as progress:
        result = build_newsletter(paths, out, options, root, progress=progress, rewrite=rewrite)
    for line in summary:
        notice(line)
    code = max(result.exit_code, 1 if any(failed) else 0)  # a failed request fails, as in kit build
    if as_json:
        emit_json({**result.to_json(), "ok": not code})
    else:
        for path in result.written:
            typer.echo(f"wrote {path}")
    for warning in result.warnings:
        notice(f"warning: {warning}")
    for problem in result.left_out:
        notice(f"error: {problem}")
    if result.left_out:
        notice(f"left out {result.left_out_files} story file(s); {len(result.stories)} went in")
    for note in result.notes:
        notice(f"note: {note}")
    raise typer.Exit(code)
