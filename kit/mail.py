"""The newsletter as files: email-safe HTML, plain text, Markdown, and the `.eml` with two of them.

The HTML is rendered from a template with a `<style>` block, then every rule is inlined
(css_inline) because most mail clients drop `<style>`; only `@media` rules stay, for the
clients that honour them. Nothing is fetched: no remote stylesheets, no images.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses
from pathlib import Path
from typing import Any

from kit.clock import now_iso
from kit.drafts import compose
from kit.errors import UsageError
from kit.render import render
from kit.write import atomic_write, ensure_writable, safe_path

MAX_HTML_BYTES = 100_000  # Gmail clips a message whose HTML passes about 102 KB


@dataclass
class Written:
    """The files written, and how the HTML came out."""

    paths: list[Path]
    compact: bool = False
    html_bytes: int = 0
    notes: list[str] = field(default_factory=list)


def check_address(value: str, option: str) -> None:
    """Refuse what is not one or more email addresses (`Name <a@b>, c@d`), or UsageError."""
    found = getaddresses([value]) if "\n" not in value and "\r" not in value else []
    if not found or any(not _plausible(addr) for _, addr in found):
        raise UsageError(
            f'{option} "{value}" is not an email address; '
            'write one such as "Wins <wins@example.com>"'
        )


def _plausible(addr: str) -> bool:
    local, at, domain = addr.partition("@")
    return bool(local and at and domain and " " not in addr)


def inline_css(html: str) -> str:
    """Every CSS rule inlined into style attributes; `@media` rules kept; nothing fetched."""
    import css_inline

    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    inlined = str(inliner.inline(html))
    return inlined if inlined.endswith("\n") else inlined + "\n"


def email_html(context: dict[str, Any], workspace: Path | None) -> tuple[str, bool, list[str]]:
    """The HTML, with cards cut to a compact form when full ones would pass the size limit."""
    html = inline_css(render("newsletter.html.j2", context, workspace=workspace))
    full = len(html.encode("utf-8"))
    if full <= MAX_HTML_BYTES:
        return html, False, []
    html = inline_css(
        render("newsletter.html.j2", {**context, "compact": True}, workspace=workspace)
    )
    size = len(html.encode("utf-8"))
    notes = [
        f"the HTML would be {_kb(full)} with full cards; "
        "the cards are compact so mail clients show it whole"
    ]
    if size > MAX_HTML_BYTES:
        notes.append(
            f"the HTML is {_kb(size)} even with compact cards, "
            "and Gmail clips messages above 102 KB; "
            "select fewer stories with --since, --until, --tag or --team"
        )
    return html, True, notes


def _kb(size: int) -> str:
    return f"{size / 1000:,.0f} KB"


def message(context: dict[str, Any], text: str, html: str, when: dt.datetime) -> EmailMessage:
    """A multipart/alternative message: the plain text first, the HTML last (the preferred part)."""
    msg = EmailMessage()
    msg.set_raw("Subject", subject_header(context["subject"]))  # already folded and encoded: kept as it is
    msg["From"] = context["sender"]
    msg["To"] = context["to"]
    msg["Date"] = format_datetime(when)
    msg["Message-ID"] = message_id(context, html)
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    # A boundary from the content, not a random one: the same issue gives the same bytes.
    msg.set_boundary("kit-" + hashlib.sha256((text + html).encode("utf-8")).hexdigest()[:32])
    return msg


def subject_header(subject: str) -> str:
    """The Subject's value, folded and encoded so that every standard decoder gives back `subject`.

    EmailMessage's own folding splits a run of non-ASCII words into encoded words and may leave
    a space between two of them outside both, where RFC 2047 decoders drop it ("1.08M · £6,000"
    came back as "1.08M· £6,000"). `Header` encodes the whole value instead, in encoded words
    that each carry their own spaces. Plain ASCII stays readable, folded at its spaces only,
    unless it holds "=?" (a decoder would take it for an encoded word) or a word too long for a line.
    """
    from email.header import Header

    plain = subject.isascii() and "=?" not in subject and all(len(word) <= 70 for word in subject.split())
    return Header(subject, "us-ascii" if plain else "utf-8", header_name="Subject").encode()


def message_id(context: dict[str, Any], html: str) -> str:
    """A Message-ID that is the same for the same issue and content (stable golden files)."""
    addresses = getaddresses([context["sender"]])
    domain = addresses[0][1].rpartition("@")[2] if addresses else ""
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()[:16]
    return f"<{context['issue']}.{digest}@{domain or 'localhost'}>"


def write_issue(
    context: dict[str, Any], out: Path, workspace: Path | None, when: dt.datetime
) -> Written:
    """Render and write `<issue>.html`, `.txt`, `.md` and `.eml` into `out`, atomically."""
    html, compact, notes = email_html(context, workspace)
    text = render("newsletter.txt.j2", context, workspace=workspace)
    # Provenance in front matter, so `kit build` over a folder that holds the issue skips it.
    provenance = {"kind": "newsletter", "issue": context["issue"], "generated": now_iso()}
    markdown = compose({"title": context["subject"], "date": context["date"], "kit": provenance},
                       render("newsletter.md.j2", context, workspace=workspace))  # fmt: skip
    eml = message(context, text, html, when).as_bytes(policy=email.policy.SMTP)
    files = [(safe_path(out, f"{context['issue']}.{suffix}"), data)
             for suffix, data in (("html", html), ("txt", text), ("md", markdown), ("eml", eml))]  # fmt: skip
    ensure_writable(path for path, _ in files)
    written: list[Path] = []
    for path, data in files:
        atomic_write(path, data)
        written.append(path)
    return Written(written, compact, len(html.encode("utf-8")), notes)
