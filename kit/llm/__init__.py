"""Drafting with an LLM: prompts as files, exact requests, sent concurrently, cached and checked.

The pipeline, one module per stage:

1. `prompts`: a kind's `.prompt` file, rendered from the view's context into a system and a
   user message (`settings` holds the run's server, model and limits; `servers` the server
   profiles; `prices` what tokens cost).
2. `adapters`: one adapter per OpenAI API (Chat Completions, Responses) lays out the body,
   names the path, and reads the reply; nothing else tells the APIs apart.
3. `requests`: the exact request (and its hash, the cache key), and follow-ups that append
   the model's reply and a note on what to fix.
4. `transport` sends a request as built, making its own retries (the only module that imports
   `openai`, inside its functions); `replies` decodes, cleans and validates what comes back;
   `secrets` scrubs keys and credentials from every message and row.
5. `run`: plans every request, sends them concurrently through the cache and log (`cache`,
   reported by `kit usage` from `usage`), checks each draft and asks once for a repair (a
   large run's checks go to worker processes, `workers`); `summary`: the dry run and the
   end-of-run summary.

Beside the run: `newsletter` drafts a newsletter issue's intro and blurbs (`kit newsletter
--llm`), and `batch` sends a run's first requests through OpenAI's Batch API (`kit batch`),
both through the same requests, cache, checks and log.

`import kit.llm`, `kit --help` and template-only builds never load `openai`.
"""

from kit.llm.adapters import ADAPTERS, Adapter, ChatAdapter, ResponsesAdapter, strict_schema
from kit.llm.cache import Cache, LogEntry, cache_path
from kit.llm.prompts import (
    HONEST_RULES,
    Prompt,
    PromptMeta,
    fact_lines,
    load_prompt,
    prompt_names,
    prompt_variables,
    render_prompt,
)
from kit.llm.replies import (
    InvalidFields,
    Reply,
    RequestFailed,
    StopRun,
    clean_markdown,
    decode_body,
    limit_problems,
    parse_fields,
)
from kit.llm.requests import (
    Request,
    build_request,
    follow_up,
    parse_reply,
    repair_note,
    request_hash,
    schema_in_prompt,
    schema_note,
    without,
)
from kit.llm.run import Check, DraftJob, DraftResult, Progress, adraft_all, draft_all, plan
from kit.llm.secrets import scrub
from kit.llm.servers import PROFILES, Profile, infer_server
from kit.llm.settings import MISSING_SERVER, PLACEHOLDER_KEY, Settings, llm_settings
from kit.llm.summary import dry_run, estimate_tokens, format_dry_run, format_summary

__all__ = [
    "ADAPTERS",
    "HONEST_RULES",
    "MISSING_SERVER",
    "PLACEHOLDER_KEY",
    "PROFILES",
    "Adapter",
    "Cache",
    "ChatAdapter",
    "Check",
    "DraftJob",
    "DraftResult",
    "InvalidFields",
    "LogEntry",
    "Profile",
    "Progress",
    "Prompt",
    "PromptMeta",
    "Reply",
    "Request",
    "RequestFailed",
    "ResponsesAdapter",
    "Settings",
    "StopRun",
    "adraft_all",
    "build_request",
    "cache_path",
    "clean_markdown",
    "decode_body",
    "draft_all",
    "dry_run",
    "format_dry_run",
    "estimate_tokens",
    "fact_lines",
    "follow_up",
    "format_summary",
    "infer_server",
    "limit_problems",
    "llm_settings",
    "load_prompt",
    "parse_fields",
    "parse_reply",
    "plan",
    "prompt_names",
    "prompt_variables",
    "render_prompt",
    "repair_note",
    "request_hash",
    "schema_in_prompt",
    "schema_note",
    "scrub",
    "strict_schema",
    "without",
]
