"""Stage 1, prompts: a kind's `.prompt` file (front matter, a `system` and a `user` block),
and the variables it is rendered with (the view's context, the derived facts, the rules).

A workspace's `prompts/KIND.prompt` wins over the built-in; one that only extends the
built-in (`{% extends "builtin:KIND.prompt" %}`) keeps the built-in's front matter.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jinja2
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kit import frontmatter
from kit.errors import TemplateError
from kit.render import blocks_of, folders_of, get_template, template_errors, template_names

HONEST_RULES = (
    "Use no figure that is not given above: every number, percentage, multiplier, amount of "
    "money, duration and count you write must appear in the story or the derived facts, "
    "written as given. Do not compute new figures, convert units or round differently.",
    'Write a change as "from A to B" or as "N×", never as "+200%".',
    'Half the time is "2× faster" or "50% less time"; no reduction is ever above 100%.',
    "Make no improvement claim without its baseline (the value before).",
    "For a metric that is itself a percentage, give the change in percentage points.",
    "Quote people only from the story's quotes, word for word.",
    "No hype words (revolutionary, game-changing, world-class, seamless, unprecedented).",
)


class PromptMeta(BaseModel):
    """A prompt file's front matter."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    description: str = ""
    output: Literal["markdown", "json"] = "markdown"
    schema_name: str | None = Field(default=None, alias="schema")
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_output_tokens: int | None = Field(default=None, gt=0)


@dataclass(frozen=True)
class Prompt:
    """A prompt file: its front matter, and the template with a `system` and a `user` block."""

    kind: str
    name: str
    path: Path
    meta: PromptMeta
    template: jinja2.Template = field(repr=False)

    @property
    def schema(self) -> type[BaseModel] | None:
        return all_schemas()[self.meta.schema_name] if self.meta.schema_name else None


def all_schemas() -> dict[str, type[BaseModel]]:
    """Every structured output a prompt may name: the kinds', and the newsletter's."""
    from kit.kinds import schemas
    from kit.llm.newsletter import SCHEMAS

    return {**schemas(), **SCHEMAS}


def prompt_names(workspace: Path | None) -> list[tuple[str, Path]]:
    """Every prompt kind and the file that wins for it, for `kit prompts list`."""
    return [
        (name.removesuffix(".prompt"), path)
        for name, path in template_names("prompts", workspace)
        if name.endswith(".prompt")
    ]


def load_prompt(kind: str, workspace: Path | None) -> Prompt:
    """The prompt for a kind (the workspace's, else the built-in), or TemplateError."""
    name = f"{kind}.prompt"
    template = get_template(name, "prompts", workspace)
    path = Path(template.filename or name)
    front = _front_matter(template.environment, name, path)
    if front is None:  # an override that only extends the built-in keeps its parameters
        front = _front_matter(template.environment, f"builtin:{name}", path) or {}
    try:
        meta = PromptMeta.model_validate(front)
    except ValidationError as err:
        lines = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        raise TemplateError(f"{path}: front matter: {lines}") from err
    if meta.output == "json" and meta.schema_name not in all_schemas():
        known = ", ".join(all_schemas())
        raise TemplateError(f"{path}: front matter: output json needs schema, one of: {known}")
    return Prompt(kind=kind, name=name, path=path, meta=meta, template=template)


def _front_matter(env: jinja2.Environment, name: str, path: Path) -> dict[str, Any] | None:
    assert env.loader is not None
    source = env.loader.get_source(env, name)[0]
    try:
        front = frontmatter.split(source.replace("\r\n", "\n")).front
    except frontmatter.Unclosed as err:
        raise TemplateError(f"{path}: {err}") from err
    if front is None:
        return None
    try:
        data = yaml.safe_load(front) or {}
    except yaml.YAMLError as err:
        raise TemplateError(f"{path}: front matter is not valid YAML: {err}") from err
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: front matter must be a mapping of settings")
    return data


def render_prompt(prompt: Prompt, variables: dict[str, Any]) -> tuple[str, str]:
    """The system and user messages: each block rendered on its own (front matter is not sent)."""
    with template_errors(str(prompt.path), folders_of(prompt.template)):
        blocks = blocks_of(prompt.template, variables)
    missing = [b for b in ("system", "user") if b not in blocks]
    if missing:
        raise TemplateError(f"{prompt.path}: no {{% block {missing[0]} %}}; a prompt needs both")
    return blocks["system"], blocks["user"]


def prompt_variables(
    kind: str, context: dict[str, Any], skeleton: str, limits: dict[str, dict[str, Any]] | None = None
) -> dict[str, Any]:
    """What a prompt may use: the view's context, and the facts, rules, limits and skeleton.

    `context_json` is compact and says each thing once: no bookkeeping fields, no derived
    figures (those are `facts`), and no section the skeleton already quotes.
    """
    return {
        **context,
        "kind": kind,
        "context_json": json.dumps(_prune(context, skeleton), ensure_ascii=False, separators=(",", ":")),
        "facts": fact_lines(context),
        "rules": list(HONEST_RULES),
        "skeleton": skeleton.strip(),
        "limits": limit_texts(limits or {}),
    }


def limit_texts(limits: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each field's limits in words: {"title": "at most 75 characters"}."""
    out = {}
    for name, limit in limits.items():
        parts = [f"{limit[unit]:,} {label}" for unit, label in (("chars", "characters"), ("words", "words"))
                 if limit.get(unit)]  # fmt: skip
        if parts:
            out[name] = "at most " + " and ".join(parts)
    return out


# Bookkeeping the model has no use for, and derived figures it gets once, as `facts`.
_RAW = frozenset({
    "before_value", "after_value", "internal", "slug", "short_title", "date_text", "visibility", "audience",
    "id", "dimension", "direction", "improved", "approximate", "change", "percent", "points", "fold",
    "comparison", "phrase", "annual", "totals", "key", "proper_words",
})  # fmt: skip


# What a metric says in the story itself: everything derived from it is in `facts`, once.
_METRIC_KEYS = ("name", "before", "after", "better", "unit", "period", "measured_before", "measured_after", "source")


def _prune(value: Any, skeleton: str = "") -> Any:
    """The context without empty values, bookkeeping, derived figures or prose the skeleton holds."""
    if isinstance(value, dict):
        pruned = {k: _prune(v, skeleton) for k, v in value.items() if k not in _RAW}
        if isinstance(value.get("metrics"), list):
            pruned["metrics"] = [
                _prune({k: m[k] for k in _METRIC_KEYS if k in m}) if isinstance(m, dict) else m
                for m in value["metrics"]
            ]
        if isinstance(pruned.get("headline"), dict):  # the headline metric is also in `metrics`
            pruned["headline"] = pruned["headline"].get("name")
        if pruned.get("headline") is False:
            del pruned["headline"]
        if isinstance(pruned.get("sections"), dict) and skeleton:
            pruned["sections"] = {
                k: v for k, v in pruned["sections"].items()
                if not (isinstance(v, dict) and str(v.get("body", "")).strip() in skeleton)
            }  # fmt: skip
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    if isinstance(value, list):
        return [_prune(v, skeleton) for v in value]
    return value


def fact_lines(context: dict[str, Any]) -> list[str]:
    """The derived facts, one per line; a newsletter's context holds `stories`."""
    if "stories" in context:
        return [f"{s['title']}: {line}" for s in context["stories"] for line in fact_lines(s)]
    lines = []
    for m in context.get("metrics", []):
        lines.append(f"{m['name']}: {m['phrase']}; change {m['change']}")
        if m.get("points"):
            lines.append(f"{m['name']}: {m['points']} percentage points")
        if m.get("annual"):
            lines.append(f"{m['name']}, per year: {m['annual']}")
    labels = {
        "annual_savings": "Savings per year",
        "annual_time_saved": "Time saved per year",
        "monthly_delay_cost": "Cost of each month of delay",
        "payback_months": "Payback period in months",
        "roi": "Return on investment",
    }
    totals = context.get("totals", {})
    lines += [f"{label}: {totals[key]}" for key, label in labels.items() if totals.get(key)]
    if totals.get("payback_horizon"):  # past kit's horizon: said in words, never as months
        lines.append(f"Payback: not within {totals['payback_horizon']} ({totals['payback_years']} at these savings)")
    investment = context.get("investment", {})
    for key, label in (("people", "People"), ("duration", "Duration"), ("cost", "Cost"),
                       ("people_months", "People-months")):  # fmt: skip
        if investment.get(key):
            lines.append(f"Investment, {label.lower()}: {investment[key]}")
    return lines
