"""`kit usage`: LLM spend from the workspace's log, by day, model and kind, and per model.

Every HTTP attempt is a row (retries and failed replies too: they are billed), priced at
its model's price when it was made (`kit.llm.prices`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kit.llm.cache import Cache, cache_path

_SUMS = ("requests", "sent", "cached", "failed", "input_tokens", "output_tokens", "cost")


def usage_report(workspace: Path | None) -> dict[str, Any]:
    """Totals per (day, model, kind) and overall; empty when nothing was ever drafted."""
    path = cache_path(workspace)
    if not path.is_file():
        return {"database": str(path), "rows": [], "models": [], "totals": _empty()}
    cache = Cache(path)
    try:
        entries = cache.rows()
    finally:
        cache.close()
    groups: dict[tuple[str, str, str], dict[str, Any]] = {}
    models: dict[str, dict[str, Any]] = {}
    totals = _empty()
    for entry in entries:
        key = (entry["time"][:10], entry["model"], entry["kind"])
        group = groups.setdefault(key, {"day": key[0], "model": key[1], "kind": key[2], **_empty()})
        model = models.setdefault(entry["model"], {"model": entry["model"], **_empty()})
        for target in (group, model, totals):
            _add(target, entry)
    rows = [groups[key] for key in sorted(groups)]
    per_model = [models[name] for name in sorted(models)]
    for row in (*rows, *per_model, totals):
        row["cost"] = round(row["cost"], 6)
    return {"database": str(path), "rows": rows, "models": per_model, "totals": totals}


def _empty() -> dict[str, Any]:
    return {name: 0.0 if name == "cost" else 0 for name in _SUMS}


def _add(target: dict[str, Any], entry: dict[str, Any]) -> None:
    target["requests"] += 1
    target["cached"] += entry["cached"]
    target["sent"] += 0 if entry["cached"] else 1
    target["failed"] += entry["status"] != "ok"
    target["input_tokens"] += entry["input_tokens"]
    target["output_tokens"] += entry["output_tokens"]
    target["cost"] += entry["cost"]


_COLUMNS = (
    ("day", "day", "<"),
    ("model", "model", "<"),
    ("kind", "kind", "<"),
    ("requests", "requests", ">"),
    ("sent", "sent", ">"),
    ("cached", "cached", ">"),
    ("failed", "failed", ">"),
    ("input_tokens", "tokens in", ">"),
    ("output_tokens", "tokens out", ">"),
    ("cost", "cost (USD)", ">"),
)


def format_usage(report: dict[str, Any]) -> str:
    """The report as a plain-text table (costs are estimates from [llm.prices] in kit.toml)."""
    if not report["rows"]:
        return f"No LLM requests logged yet ({report['database']})."
    total = {"day": "total", "model": "", "kind": "", **report["totals"]}
    table = [[_cell(row, key) for key, _, _ in _COLUMNS] for row in (*report["rows"], total)]
    heads = [head for _, head, _ in _COLUMNS]
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(heads)]

    def line(cells: list[str]) -> str:
        return "  ".join(
            f"{cell:{align}{width}}" for cell, width, (_, _, align) in zip(cells, widths, _COLUMNS, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    body = [line(r) for r in table[:-1]]
    by_model = ["", "by model:"] + [
        f"  {m['model']}: {m['requests']:,} requests ({m['failed']:,} failed), {m['input_tokens']:,} tokens in, "
        f"{m['output_tokens']:,} out, ${m['cost']:.4f}"
        for m in report.get("models", [])
    ]
    return "\n".join([line(heads), rule, *body, rule, line(table[-1]), *by_model]) + "\n"


def _cell(row: dict[str, Any], key: str) -> str:
    value = row[key]
    if key == "cost":
        return f"{value:.4f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
