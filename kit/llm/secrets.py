"""Secrets never leave kit: API keys (`sk-...`, an `api-key` header, `?key=`) and credentials in
URLs are replaced before any message is printed and before any log or cache row is written."""

from __future__ import annotations

from collections.abc import Iterable

from kit import rx

HIDDEN = "[hidden]"
_PATTERNS = (
    # OpenAI-style keys, whole or masked as in OpenAI's 401 message ("sk-proj-****abcd").
    (rx.compile(r"\bsk-[A-Za-z0-9_*\-]{3,}"), "sk-" + HIDDEN),
    # user:password@ (or a token@) in a URL
    (rx.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^/\s@:]+(?::[^/\s@]*)?@"), r"\1" + HIDDEN + "@"),
    # api-key / authorization header values, and key-like query parameters
    (
        rx.compile(r"(?i)\b(api-key|authorization|x-api-key)([\"']?\s*[:=]\s*[\"']?)(bearer\s+)?[^\s\"',;&]+"),
        r"\1\2" + HIDDEN,
    ),
    (rx.compile(r"(?i)([?&](?:api[-_]?key|key|token|access_token|sig|code)=)[^&\s\"',]+"), r"\1" + HIDDEN),
)


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """The text with every known secret and every key-shaped string replaced."""
    for secret in secrets:
        if secret and len(secret) >= 6:
            text = text.replace(secret, HIDDEN)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def public_url(url: str) -> str:
    """A URL fit to print and store: no user, password or key in it."""
    return scrub(url)
