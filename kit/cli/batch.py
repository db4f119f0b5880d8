"""`kit batch`: large LLM runs through OpenAI's Batch API (submit, status, collect, cancel)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kit.cli.app import JsonFlag, Paths, Workspace, app, emit_json, handles_errors, notice, report_build, workspace_root

batch_app = typer.Typer(
    help="Large LLM runs through OpenAI's Batch API: half the price, replies within 24 hours.", no_args_is_help=True
)
app.add_typer(batch_app, name="batch")


def _settings(workspace: Path | None) -> Any:
    from kit.config import load_config
    from kit.llm.batch import batch_settings

    return batch_settings(load_config(workspace))


def _line(record: dict[str, Any]) -> str:
    counts = record.get("counts") or {}
    done = f", {counts.get('completed', 0)}/{counts.get('total', 0)} done" if counts else ""
    return f"{record['id']}: {record['status']}{done}; {len(record['requests'])} request(s), model {record['model']}"


@batch_app.command("submit")
@handles_errors
def submit(
    paths: Paths,
    kind: Annotated[list[str] | None, typer.Option("--kind", "-k", help="Kinds to draft (default: all).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Where `collect` writes the drafts.")] = None,
    site: Annotated[str | None, typer.Option(help="The blog's site layout (as kit build).")] = None,
    cfp: Annotated[str | None, typer.Option(help="Talk limits (as kit build).")] = None,
    model: Annotated[str | None, typer.Option(help="The model (default: [llm] model in kit.toml).")] = None,
    workspace: Workspace = None,
    as_json: JsonFlag = False,
) -> None:
    """Submit the drafts `kit build PATHS --llm` would ask for as one batch; `kit batch collect ID` writes them."""
    from kit.llm.batch import submit_build

    choices = {"kinds": kind, "out": str(out) if out else None, "site": site, "cfp": cfp, "model": model}
    record = submit_build(paths, workspace, {k: v for k, v in choices.items() if v is not None})
    if as_json:
        emit_json(record)
    elif record["id"] is None:
        cached = record["cached"]
        typer.echo(f"nothing to send: all {cached} request(s) are answered from the cache; run kit build --llm")
    else:
        typer.echo(f"submitted batch {_line(record)} ({record['cached']} already in the cache)")
        typer.echo(f"then: kit batch status {record['id']}; kit batch collect {record['id']}")


@batch_app.command("status")
@handles_errors
def status(
    batch_id: Annotated[str | None, typer.Argument(help="One batch (default: every one not yet collected).")] = None,
    workspace: Workspace = None,
    as_json: JsonFlag = False,
) -> None:
    """Each batch's state on the server, and how many of its requests are done."""
    from kit.llm.batch import status as batch_status

    root = workspace_root(workspace)
    found = batch_status(_settings(root), root, batch_id)
    if as_json:
        emit_json(found)
        return
    typer.echo("\n".join(_line(r) + ("; collected" if r.get("collected") else "") for r in found) or "no batches")


@batch_app.command("collect")
@handles_errors
def collect(
    batch_id: Annotated[str, typer.Argument(help="The batch, as `kit batch status` lists it.")],
    force: Annotated[bool, typer.Option("--force", help="Overwrite drafts a person has edited.")] = False,
    workspace: Workspace = None,
    as_json: JsonFlag = False,
) -> None:
    """Read a completed batch into the cache, then write its drafts as `kit build --llm` does (checked, repaired)."""
    from kit.llm.batch import collect_build

    record, result = collect_build(workspace_root(workspace), batch_id, force)
    if record.get("again"):
        notice(f"batch {record['id']}: collected before; its {record['stored']} repl(ies) are in the cache")
    else:
        notice(f"batch {record['id']}: {record['stored']} repl(ies) read into the cache, {record['failed']} failed")
    report_build(result, as_json)
    raise typer.Exit(1 if result.failed else 0)


@batch_app.command("cancel")
@handles_errors
def cancel(
    batch_id: Annotated[str, typer.Argument(help="The batch to cancel.")],
    workspace: Workspace = None,
) -> None:
    """Ask the server to cancel a batch (what it already finished is still billed)."""
    from kit.llm.batch import cancel as batch_cancel

    root = workspace_root(workspace)
    typer.echo(_line(batch_cancel(_settings(root), root, batch_id)))
