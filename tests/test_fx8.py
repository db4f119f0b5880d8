"""The newsletter is dated by what has happened, and every card says truly what changed.

Each test here failed before its fix: a story dated in the future named and dated the whole
issue (and its card linked a post no site publishes before that date); a card counted among
the wins named nothing that improved ("at 45 minutes (unchanged)"); a story whose every metric
held at zero was called a setback.
"""

from __future__ import annotations

import email
import email.policy
import json
import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from kit import newsletter as nl
from tests.support import kit_cli, write_story
from tests.test_newsletter import story as newsletter_story

EPOCH = "1790000000"  # 2026-09-21T14:13:20Z: "today" for these tests
BASE = "https://blog.example.com"


def story(title: str, date: str, team: str, metrics: str) -> str:
    """A public story, as `tests.test_newsletter.story` writes one."""
    return newsletter_story(title, date, team, metrics, visibility="public")


DEPLOYS = """\
  - name: Deployment lead time
    before: 6 weeks
    after: 2 days
    better: lower
"""
AVAILABILITY = """\
  - name: Plant availability
    before: 91.5%
    after: 97.8%
    better: higher
"""
# The reviewer's hospital story: the headline held, the number of patients seen rose.
TRIAGE = """\
  - name: Door-to-triage time
    before: 45 min
    after: 45 min
    better: lower
    headline: true
  - name: Patients seen
    before: 180
    after: 210
    unit: patients
    period: day
    better: higher
"""
# The headline got worse, the other metric improved: a win whose card must still say what improved.
QUEUE = """\
  - name: Queue length
    before: 12
    after: 15
    unit: people
    better: lower
    headline: true
  - name: Orders shipped
    before: 400
    after: 500
    unit: orders
    better: higher
"""
ZERO = """\
  - name: Incidents
    before: 0
    after: 0
    unit: incidents
    better: lower
"""


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def newsletter(folder: Path, out: Path, *args: str) -> tuple[dict[str, str], dict, str]:
    """`kit newsletter --json`: the issue's files by suffix (.eml as its text part), the JSON, stderr."""
    code, stdout, stderr = kit_cli("newsletter", str(folder), "--out", str(out), "--json", *args)
    assert code == 0, stderr
    data = json.loads(stdout)  # --json stays valid, warnings or not
    files = {Path(p).suffix: Path(p).read_text(encoding="utf-8") for p in data["written"]}
    msg = email.message_from_bytes(Path(out / f"{data['issue']}.eml").read_bytes(), policy=email.policy.default)
    assert isinstance(msg, EmailMessage)
    text, html = (part.get_content().replace("\r\n", "\n") for part in msg.iter_parts())
    assert (text, html) == (files[".txt"], files[".html"])  # the .eml carries the other two, unchanged
    files[".eml"] = str(msg["Subject"]) + "\n" + text + html
    return files, data, stderr


# ---- 1. a story dated after today ----------------------------------------------------------------


def test_a_story_dated_after_today_neither_names_nor_dates_the_issue(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "deploys.md", story("Faster deploys", "2026-09-01", "Platform", DEPLOYS))
    plant = write_story(tmp_path / "s", "plant.md", story("Plant uptime", "2031-01-15", "Plant", AVAILABILITY))
    files, data, stderr = newsletter(tmp_path / "s", tmp_path / "out", "--base-url", BASE)
    assert data["issue"] == "wins-2026-09-01"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        f"wins-2026-09-01.{ext}" for ext in ("eml", "html", "md", "txt")
    ]
    assert files[".txt"].startswith("Wins: September 1, 2026\n")
    assert "# Wins: September 1, 2026\n" in files[".md"] and "date: '2026-09-01'" in files[".md"]
    # Kept in the issue, and said once, on one line that names the file and its date.
    assert [s["slug"] for s in data["stories"]] == ["plant", "deploys"]
    warning = (
        f"warning: {plant}: dated 2031-01-15, after today (2026-09-21); it is in the issue but does not "
        "date it, and its post is not linked (a site publishes no post dated in the future); correct its "
        "`date:` if it is a mistake"
    )
    assert stderr.splitlines() == [warning]
    assert data["warnings"] == [warning.removeprefix("warning: ")]
    # The post that Hugo and Jekyll would not publish until 2031 is linked nowhere; the other one is.
    for suffix in (".txt", ".md", ".html", ".eml"):
        assert f"{BASE}/posts/deploys/" in files[suffix], suffix
        assert "/plant" not in files[suffix], suffix


def test_an_issue_of_future_stories_only_is_dated_today(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "plant.md", story("Plant uptime", "2031-01-15", "Plant", AVAILABILITY))
    files, data, stderr = newsletter(tmp_path / "s", tmp_path / "out")
    assert data["issue"] == "wins-2026-09-21"
    assert files[".txt"].startswith("Wins: September 21, 2026\n")
    warning = f"warning: {tmp_path / 's' / 'plant.md'}: dated 2031-01-15, after today (2026-09-21); it is "
    assert [line for line in stderr.splitlines() if line.startswith("warning: ")] == [
        warning + "in the issue but does not date it; correct its `date:` if it is a mistake"
    ]  # no base URL: there was no link to drop


def test_until_still_dates_the_issue_and_past_stories_warn_of_nothing(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "deploys.md", story("Faster deploys", "2026-09-01", "Platform", DEPLOYS))
    _, data, stderr = newsletter(tmp_path / "s", tmp_path / "out", "--until", "2026-09-15", "--base-url", BASE)
    assert (data["issue"], data["warnings"], stderr) == ("wins-2026-09-15", [], "")


# ---- 2. a win's card names what improved ---------------------------------------------------------


def test_a_win_whose_headline_held_leads_with_what_improved(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "hospital.md", story("Triage wait", "2026-01-20", "Emergency", TRIAGE))
    files, data, _ = newsletter(tmp_path / "s", tmp_path / "out")
    assert (data["headline"]["wins"], data["headline"]["setbacks"]) == (1, 0)
    improved = "Patients seen: from 180 to 210 patients a day (17% more), 10,950 more patients a year"
    held = "Door-to-triage time: held at 45 minutes"
    assert f"{improved}\n{held}\n" in files[".txt"]
    assert f"**Patients seen**: {improved.split(': ', 1)[1]}" in files[".md"]
    assert "**Door-to-triage time**: held at 45 minutes" in files[".md"]
    assert "<strong>Patients seen</strong>: from 180 to 210 patients a day" in files[".html"]
    assert "<strong>Door-to-triage time</strong>: held at 45 minutes" in files[".html"]
    assert files[".txt"].splitlines()[1] == "Triage wait: Patients seen from 180 to 210 patients a day (17% more)."
    for suffix, text in files.items():
        assert not re.search(r"(?<!held) at 45 min", text), suffix  # never "at 45 minutes" alone
        assert "Setback" not in text, suffix


def test_a_win_whose_headline_got_worse_names_what_improved_and_the_trade_off(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "queue.md", story("Busier shop", "2026-03-01", "Shop", QUEUE))
    files, data, _ = newsletter(tmp_path / "s", tmp_path / "out")
    assert data["headline"]["wins"] == 1
    assert "Orders shipped: from 400 to 500 orders (25% more)\n" in files[".txt"]
    assert "Trade-off: Queue length rose from 12 to 15 people (25% more, worse)." in files[".txt"]
    assert "**Trade-off:** Queue length rose from 12 to 15 people" in files[".md"]
    assert "<strong>Trade-off:</strong> Queue length rose from 12 to 15 people" in files[".html"]


# ---- 3. a result that held is no setback -----------------------------------------------------------


def test_every_metric_held_at_zero_is_never_called_a_setback(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "zero.md", story("No incidents", "2026-03-01", "Safety", ZERO))
    write_story(tmp_path / "s", "deploys.md", story("Faster deploys", "2026-09-01", "Platform", DEPLOYS))
    files, data, _ = newsletter(tmp_path / "s", tmp_path / "out")
    totals = data["headline"]
    assert (totals["wins"], totals["setbacks"], totals["steady"]) == (1, 0, 1)
    assert data["subject"] == "Wins: 1 win and 1 steady result from 2 teams"
    for suffix, text in [*files.items(), ("tally", totals["tally"])]:
        assert "setback" not in text.casefold(), suffix
        assert "1 win and 1 steady result" in text, suffix
    assert "Incidents: held at 0 incidents\n" in files[".txt"]
    assert "**Incidents**: held at 0 incidents" in files[".md"]
    assert "<strong>Incidents</strong>: held at 0 incidents" in files[".html"]
    assert files[".txt"].splitlines()[1].endswith(". And 1 steady result.")


def test_a_steady_lead_counts_what_follows_apart() -> None:
    def card(title: str, improved: int, steady: bool = False) -> dict[str, object]:
        return {"title": title, "headline": None, "improved": improved, "steady": steady, "team": title,
                "savings": {}, "earns": [], "time_saved": None, "fold": 1.0}  # fmt: skip

    held, won, lost = card("Held", 0, True), card("Won", 1), card("Lost", 0)
    assert nl.preheader([held, held, lost]) == "Held. And 1 setback and 1 more steady result."
    assert nl.preheader([lost, lost, held]) == "Lost. And 1 more setback and 1 steady result."
    assert nl.preheader([won, held, lost]) == "Won. And 1 setback and 1 steady result."
    assert nl.totals([won, won, held, lost])["tally"] == "2 wins, 1 setback and 1 steady result"
    assert [c["title"] for c in nl.lead_first([lost, held])] == ["Held", "Lost"]
