"""The newsletter tells the truth about money, setbacks and trade-offs, and its subject survives email.

Each test here failed before its fix: the subject called revenue and net costs "saved", an
encoded Subject header lost a space when read back, no card named a metric that got worse,
and a story in which nothing improved was counted as a win.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import re
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kit import newsletter as nl
from kit.mail import message
from tests.support import kit_cli, write_story

EPOCH = "1790000000"


def story(title: str, team: str, metrics: str, date: str = "2026-09-01") -> str:
    return (
        f"---\ntitle: {json.dumps(title)}\ndate: {date}\nteam: {team}\n"
        "authors:\n  - name: A. Author\nmetrics:\n" + metrics + "---\n## Results\nIt worked.\n"
    )


# Money saved in CHF and pounds, money brought in (revenue) in BRL, a net cost in dollars.
FEES = """\
  - name: Card fees
    before: CHF 200k
    after: CHF 110k
    period: month
    better: lower
  - name: Print costs
    before: £1,000
    after: £500
    period: month
    better: lower
"""
REVENUE = """\
  - name: Online revenue
    before: BRL 2.5M
    after: BRL 4.1M
    period: month
    better: higher
"""
HOSTING = """\
  - name: Deploy time
    before: 2 hours
    after: 10 minutes
    better: lower
  - name: Cloud hosting
    before: $45k
    after: $60k
    period: month
    better: lower
"""
# A win with a trade-off (the one-pager names it), and a story in which nothing improved.
TRIAGE = """\
  - name: Median wait to triage
    before: 42 minutes
    after: 11 minutes
    better: lower
    headline: true
  - name: Patients who left without being seen
    before: 2.1%
    after: 3.4%
    better: lower
"""
WORSE = """\
  - name: Tickets
    before: 800
    after: 1600
    unit: tickets
    period: month
    better: lower
  - name: Satisfaction
    before: 4.5/5
    after: 4.1/5
    better: higher
"""


@pytest.fixture(autouse=True)
def _fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def newsletter(folder: Path, out: Path) -> dict[str, str]:
    """`kit newsletter --json` over folder: the issue's files by suffix, and the JSON as "json"."""
    code, stdout, stderr = kit_cli("newsletter", str(folder), "--out", str(out), "--json")
    assert code == 0, stderr
    data = json.loads(stdout)
    files = {Path(p).suffix: Path(p).read_text(encoding="utf-8", errors="replace") for p in data["written"]}
    return files | {"json": stdout, "subject": data["subject"]}


# ---- the subject says what the body says ----------------------------------------------------


def test_the_subject_labels_each_currency_as_the_body_does(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "fees.md", story("Cheaper cards", "Payments", FEES, "2026-09-03"))
    write_story(tmp_path / "s", "revenue.md", story("Brazil online", "Commerce", REVENUE, "2026-09-02"))
    write_story(tmp_path / "s", "hosting.md", story("Faster deploys", "Platform", HOSTING))
    files = newsletter(tmp_path / "s", tmp_path / "out")
    # Revenue is not "saved", and a net cost is "more spent": word for word the body's labels.
    assert files["subject"] == (
        "Wins: 3 wins from 3 teams, CHF 1.08M · £6,000 a year saved, net; "
        "BRL 19.2M a year saved or earned, net; $180k a year more spent, net"
    )
    for line in ("- CHF 1.08M a year saved, net", "- BRL 19.2M a year saved or earned, net",
                 "- $180k a year more spent, net"):  # fmt: skip
        assert line in files[".txt"]


# ---- the Subject header reads back exactly ---------------------------------------------------


def decoded_subjects(raw: bytes) -> list[str]:
    """The Subject as each of Python's standard parsers gives it back (compat32 leaves unfolding to us)."""
    modern = email.message_from_bytes(raw, policy=email.policy.default)["Subject"]
    legacy = email.message_from_bytes(raw, policy=email.policy.compat32)["Subject"]
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", legacy)  # RFC 5322 unfolding: a line break before a space goes
    return [str(modern), str(make_header(decode_header(unfolded)))]


def test_the_eml_subject_decodes_to_the_exact_subject(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "fees.md", story("Cheaper cards", "Payments", FEES, "2026-09-03"))
    write_story(tmp_path / "s", "revenue.md", story("Brazil online", "Commerce", REVENUE, "2026-09-02"))
    write_story(tmp_path / "s", "hosting.md", story("Faster deploys", "Platform", HOSTING))
    out = tmp_path / "out"
    subject = newsletter(tmp_path / "s", out)["subject"]
    raw = next(out.glob("*.eml")).read_bytes()
    assert decoded_subjects(raw) == [subject, subject]
    assert all(len(line) <= 78 for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"))  # folded


# Words as subjects hold them (amounts, separators, plain and non-ASCII words) and any text at all.
WORDS = ["Wins:", "13", "wins", "from", "teams,", "BRL", "19.2M", "·", "CHF", "1.08M", "£6,000", "₹35.4M",
         "¥40M", "$1.85M", "a", "year", "saved,", "net;", "Zürich", "=?utf-8?q?x?=", "1,000,000;2",
         "x" * 80]  # fmt: skip
word = st.sampled_from(WORDS) | st.text(st.characters(codec="utf-8", exclude_categories=("C", "Z")), min_size=1)
subjects = st.lists(word, max_size=40).map(" ".join)  # one line, single spaces, as subject_line makes it


@settings(max_examples=300, deadline=None)
@given(subjects)
def test_any_subject_survives_the_round_trip(subject: str) -> None:
    context = {"subject": subject, "sender": "kit <kit@localhost>", "to": "all@localhost", "issue": "wins-x"}
    when = dt.datetime.fromtimestamp(int(EPOCH), dt.UTC)
    raw = message(context, "text\n", "<p>html</p>\n", when).as_bytes(policy=email.policy.SMTP)
    assert decoded_subjects(raw) == [subject, subject]
    assert all(len(line) <= 78 for line in raw.split(b"\r\n\r\n")[0].split(b"\r\n"))


# ---- trade-offs and setbacks ------------------------------------------------------------------


def test_every_card_names_its_trade_offs_as_the_one_pager_does(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "triage.md", story("Triage in minutes", "Emergency", TRIAGE, "2026-09-02"))
    write_story(tmp_path / "s", "hosting.md", story("Faster deploys", "Platform", HOSTING))
    files = newsletter(tmp_path / "s", tmp_path / "out")
    lwbs = "Patients who left without being seen rose from 2.1% to 3.4% (up 1.3 percentage points, worse)."
    hosting = "Cloud hosting rose from $45k to $60k a month (33% more, worse), costing $180k more a year."
    assert f"Trade-off: {lwbs}" in files[".txt"] and f"Trade-off: {hosting}" in files[".txt"]
    assert f"**Trade-off:** {lwbs}" in files[".md"] and f"**Trade-off:** {hosting}" in files[".md"]
    assert f"<strong>Trade-off:</strong> {lwbs}" in files[".html"]
    assert f"<strong>Trade-off:</strong> {hosting}" in files[".html"]


def test_a_story_in_which_nothing_improved_is_a_setback_not_a_win(tmp_path: Path) -> None:
    write_story(tmp_path / "s", "triage.md", story("Triage in minutes", "Emergency", TRIAGE, "2026-09-02"))
    write_story(tmp_path / "s", "worse.md", story("A hard quarter", "Help Desk", WORSE, "2026-09-05"))
    files = newsletter(tmp_path / "s", tmp_path / "out")
    headline = json.loads(files["json"])["headline"]
    assert (headline["wins"], headline["setbacks"], headline["teams"]) == (1, 1, 2)
    assert files["subject"] == "Wins: 1 win and 1 setback from 2 teams"
    text = files[".txt"]
    # The win leads, though the setback is newer; the rest is counted for what it is.
    assert text.splitlines()[1].startswith("Triage in minutes: Median wait to triage from 42 minutes")
    assert text.splitlines()[1].endswith(" And 1 setback.")
    assert "- 1 win and 1 setback from 2 teams" in text
    assert "Setback: nothing measured improved" in text
    # The setback's other regression is named; its headline, already shown, is not said twice.
    assert "Also worse: Satisfaction fell from 4.5 to 4.1 out of 5 (down 0.4 points, worse)." in text
    assert "Also worse: Tickets" not in text
    assert "1 win and 1 setback" in files[".html"] and "1 win and 1 setback" in files[".md"]
    assert "more win" not in text + files[".html"] + files[".md"]
    # A line of trade-offs ends its paragraph: the footer's rule never makes it a heading.
    assert "worse).\n\n---\n" in files[".md"]


def test_the_preheader_and_subject_count_wins_and_setbacks_apart() -> None:
    def card(title: str, improved: int) -> dict[str, object]:
        return {"title": title, "headline": None, "improved": improved, "team": title, "savings": {},
                "earns": [], "time_saved": None}  # fmt: skip

    win, other, lost = card("Won", 1), card("Also won", 2), card("Lost", 0)
    assert nl.preheader([win, other, other, lost]) == "Won. And 2 more wins and 1 setback."
    assert nl.preheader([win, lost]) == "Won. And 1 setback."
    assert nl.preheader([lost, lost]) == "Lost. And 1 more setback."
    assert nl.subject_line("Wins", nl.totals([lost, lost])) == "Wins: 2 setbacks from 1 team"


def test_totals_are_money_to_the_cent_not_float_noise() -> None:
    """BRL 1.6M a month for a year summed as floats is 19199999.999999993: --json says 19200000.0."""
    cards = [{"savings": {"BRL": 1_600_000.1 * 12 - 1.2}, "earns": [], "time_saved": None, "improved": 1,
              "team": "T"} for _ in range(3)]  # fmt: skip
    totals = nl.totals(cards)
    assert totals["annual_savings"] == {"BRL": round(3 * (1_600_000.1 * 12 - 1.2), 2)}
    assert all(round(v, 2) == v for v in totals["annual_savings"].values())
