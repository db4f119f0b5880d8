"""Commands about drafts: build, check, approve, review, and the LLM's usage."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from kit.cli.app import (
    JsonFlag,
    Paths,
    Workspace,
    app,
    emit_json,
    handles_errors,
    notice,
    progress_bar,
    report_build,
    shown,
    workspace_root,
)

if TYPE_CHECKING:
    from kit.audit import Decision


@app.command()
@handles_errors
def build(
    paths: Paths,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", "-k", help="Kinds to build, comma-separated or repeated (default: all; `kit kinds`)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Output folder, or a site's root (default: the workspace's drafts/)."),
    ] = None,
    site: Annotated[
        str | None, typer.Option(help="Write the blog in this site's layout: hugo, jekyll, mkdocs, astro or devto.")
    ] = None,
    cfp: Annotated[
        str | None, typer.Option(help="Talk limits: kubecon, pycon, generic or a [cfp.NAME] of kit.toml.")
    ] = None,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="The site's URL, for absolute links (default: [site] base_url).")
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Rebuild every draft, overwriting those a person has edited, approved or published."
        ),
    ] = False,
    llm: Annotated[
        bool | None,
        typer.Option("--llm/--no-llm", help="Draft richer prose with an LLM (OPENAI_API_KEY or a base_url)."),
    ] = None,
    model: Annotated[str | None, typer.Option(help="The model for --llm (default: [llm] model in kit.toml).")] = None,
    concurrency: Annotated[
        int | None,
        typer.Option(help="Requests in flight at once with --llm (default: [llm] concurrency, else the server's)."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="With --llm, ask again even for requests already answered.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --llm, print the exact requests and send nothing.")
    ] = False,
    batch: Annotated[
        bool,
        typer.Option("--batch", help="With --llm, send the requests as one OpenAI batch (half price, within 24 h)."),
    ] = False,
    workspace: Workspace = None,
    as_json: JsonFlag = False,
) -> None:
    """Build drafts from stories into OUT/<story-slug>/<kind>.<ext>, checked against the story.

    Only what changed is rebuilt: a draft whose story, templates, kit version and options are
    those it was made from is left as it is (--force rebuilds it).

    With --site (or [build] site) the blog is written in that site's layout in OUT, ready to copy
    into the site; with --out at a site's root (hugo.toml, _config.yml, mkdocs.yml, astro.config.*)
    it goes straight into the site's posts folder. Either way the other kinds go to [build] out.

    Public kinds (`kit kinds`) are built only from public stories, from their public parts.
    Exit 0 when every draft passed its checks, 1 when any needs review, 2 on bad input.
    """
    from kit.build import BuildOptions
    from kit.build import build as run_build
    from kit.sites import get_site

    if batch:
        if not llm:
            raise typer.BadParameter("--batch sends the LLM requests as a batch; add --llm", param_hint="--batch")
        from kit.cli.batch import submit

        submit(paths, kind=kind, out=out, site=site, cfp=cfp, model=model, workspace=workspace, as_json=as_json)
        return
    options = BuildOptions.for_paths(paths, workspace, kinds=kind, out=out, site=site, cfp=cfp, force=force,
                                     llm=llm, model=model, concurrency=concurrency, no_cache=no_cache,
                                     dry_run=dry_run, base_url=base_url)  # fmt: skip
    try:
        with progress_bar("Drafting" if options.llm.enabled else "Rendering") as progress:
            result = run_build(paths, options, progress=progress)
    except KeyboardInterrupt as err:  # Ctrl-C: say how far the build got, rather than exit 130 in silence
        notice(str(err) or "interrupted")
        raise typer.Exit(130) from None
    if result.dry_run:
        if as_json:
            emit_json(result.dry_run_data)
        else:
            typer.echo(result.dry_run)
        raise typer.Exit(0)
    report_build(result, as_json)
    note = get_site(options.site).note if options.placed else ""
    if note and any(o.kind == "blog" and o.action == "written" for o in result.outcomes):
        notice(f"note: {note}")
    raise typer.Exit(1 if result.failed else 0)


@app.command()
@handles_errors
def usage(workspace: Workspace = None, as_json: JsonFlag = False) -> None:
    """Report LLM spend from the workspace's log: by day, model and kind, with totals."""
    from kit.llm.usage import format_usage, usage_report

    report = usage_report(workspace_root(workspace))
    if as_json:
        emit_json(report)
    else:
        typer.echo(format_usage(report))


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
        ok = not problems and all(r.report.ok for r in results)
        emit_json({"ok": ok, "drafts": [r.to_dict() for r in results], "problems": [p.to_dict() for p in problems]})
    else:
        for result in results:
            typer.echo(result.report.format(str(result.draft.path)))
        for problem in problems:
            typer.echo(f"error: {problem}", err=True)
    if problems and not results:
        raise typer.Exit(2)
    raise typer.Exit(1 if problems or any(not r.report.ok for r in results) else 0)


def decisions_json(results: list[Decision]) -> dict[str, Any]:
    """What `kit approve` and `kit publish --json` print: whether all was done, and each draft's decision."""
    return {"ok": all(r.done for r in results), "drafts": [r.to_dict() for r in results]}


@app.command()
@handles_errors
def approve(
    paths: Annotated[list[Path], typer.Argument(help="Draft files, or folders of drafts.")],
    force: Annotated[bool, typer.Option("--force", help="Approve even when checks fail.")] = False,
    story: Annotated[
        Path | None, typer.Option(help="The story to check against (default: the one the draft names).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Mark drafts approved (status draft -> approved) once a person has read them.

    A draft that fails its checks is not approved unless --force. An approved draft is kept
    on rebuild, like an edited one.
    """
    from kit.audit import approve as approve_drafts

    results = approve_drafts(paths, force, story)
    if as_json:
        emit_json(decisions_json(results))
    for result in results:
        if result.done and not as_json:
            typer.echo(f"approved {result.path}")
        elif not result.done:
            notice(f"not approved: {result.path}: {result.reason}")
    raise typer.Exit(1 if any(not r.done for r in results) else 0)


@app.command()
@handles_errors
def publish(
    paths: Annotated[list[Path], typer.Argument(help="Blog posts, or folders (a site's root or posts folder).")],
    force: Annotated[bool, typer.Option("--force", help="Publish even when not approved or when checks fail.")] = False,
    story: Annotated[
        Path | None, typer.Option(help="The story to check against (default: the one the post names).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Publish approved blog posts: flip the site's draft flag (draft: false, published: true).

    A post is published only when a person approved it (kit approve), it was not edited since,
    and its checks pass; otherwise it is refused with the reason. Exit 1 when any was refused.
    """
    from kit.audit import publish as publish_posts

    results = publish_posts(paths, force, story)
    if as_json:
        emit_json(decisions_json(results))
    for result in results:
        if result.done and not as_json:
            typer.echo(f"{shown(result.path)}: {result.reason}" if result.reason else f"published {shown(result.path)}")
        elif not result.done:
            notice(f"not published: {shown(result.path)}: {result.reason}")
    raise typer.Exit(1 if any(not r.done for r in results) else 0)


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
