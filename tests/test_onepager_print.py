"""Every one-pager prints on one page, on Letter and on A4: every example, the stories in
tests/data/onepager, and generated stories as long as the format allows a reader to expect.

The one-pager names no paper (its `@page` sets the margins only), so each is printed as the
print dialog would on either paper: headless Chromium over DevTools, since `--print-to-pdf`
has no flag for the paper (tests/chromium_support.py). pdfinfo (poppler-utils) counts the pages.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.chromium_support import PAPERS, Chromium
from tests.support import DATA, EXAMPLES, kit_cli, write_story

STORIES = DATA / "onepager"


@pytest.fixture
def pdfinfo() -> str:
    found = shutil.which("pdfinfo")
    if found is None:
        pytest.skip("pdfinfo is not installed (apt-get install poppler-utils)")
    return found


def pdf_pages(pdfinfo: str, pdf: Path) -> tuple[int, tuple[float, float]]:
    """The page count and the first page's size in points, as pdfinfo reads them."""
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, timeout=30, check=True).stdout
    pages = re.search(r"^Pages:\s+(\d+)$", info, re.MULTILINE)
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)
    assert pages and size, info
    return int(pages.group(1)), (float(size.group(1)), float(size.group(2)))


def long_story(metrics: int, paragraphs: int, quotes: int = 3, title: int = 200) -> str:
    """A story at the long end of the format: long title, names, sections, quotes and ask."""
    words = "platform migration region capacity reliability deployment observability contract"
    sentence = (
        "The {0} work in the {1} region took longer than planned because every team had its own "
        "{2} process, its own dashboards and its own on-call rotation."
    )

    def para(seed: int) -> str:
        w = words.split()
        return " ".join(
            sentence.format(w[(seed + i) % 8], w[(seed + i + 1) % 8], w[(seed + i + 2) % 8]) for i in range(3)
        )

    kinds = [
        ("7 weeks", "3 days", "lower", ""),
        ("$310k", "$205k", "lower", "month"),
        ("£95k", "£61k", "lower", "month"),
        ("$0", "$18k", "lower", "month"),
        ("99.2%", "99.95%", "higher", ""),
        ("2.5 hours", "3.2 hours", "lower", ""),
        ("24 incidents", "5 incidents", "lower", "quarter"),
        ("35–40 models", "128 models", "higher", ""),
    ]
    lines = ["metrics:"]
    for i in range(metrics):
        before, after, better, period = kinds[i if i < len(kinds) else 4 + i % 4]  # money once per kind
        lines += [
            f"  - name: Metric {i + 1} measured across every regional platform, every team and every model we run",
            f'    before: "{before}"',
            f'    after: "{after}"',
            f"    better: {better}",
        ]
        lines += [f"    period: {period}"] if period else []
    lines += ["quotes:"] + [
        f"  - text: Quote {i + 1} says the best compliment a platform can get is that nobody notices it any more.\n"
        f"    by: Person {i + 1}\n    role: Director of Something Important, Global"
        for i in range(quotes)
    ]
    head = "Consolidation " * (title // 14)
    front = f"""---
title: "{head.strip()[:title]}"
date: 2026-11-02
team: Machine Learning Platform and Reliability Engineering
organization: Northwind Analytics International
summary: Consolidating three regional platforms into one cut lead time, incidents and spend.
ask: {"Fund four more platform engineers from January 2027 so the legacy models move before June. " * 2}
authors:
  - name: Amara Okafor
    role: Director of ML Platform Engineering, Global
  - name: Henrik Lindqvist
    role: Principal Site Reliability Engineer, Europe and Asia-Pacific
tools: [Kubernetes, KServe, MLflow, Argo CD, Terraform, Prometheus, Grafana, PagerDuty, Snowflake, Kafka]
investment: {{people: 11, duration: 20 months, cost: $2.4M}}
{chr(10).join(lines)}
---
"""
    body = ""
    for title_, extra in (("Context", ""), ("Problem", ""), ("Approach", "bullets"), ("Results", ""),
                          ("Risks", ""), ("Lessons", "bullets"), ("Next", "")):  # fmt: skip
        body += f"\n## {title_}\n\n" + "\n\n".join(para(i) for i in range(paragraphs)) + "\n"
        if extra:
            body += "\n" + "".join(f"- **Lever {i}.** {para(i)}\n" for i in range(6))
    return front + body


GENERATED = {
    "long-8-metrics": long_story(8, 4),
    "long-12-metrics": long_story(12, 3),
    "one-metric-long-prose": long_story(1, 8, quotes=1),
}


def build_all(tmp_path: Path) -> list[Path]:
    """Every one-pager: the examples, tests/data/onepager and the generated stories."""
    stories = tmp_path / "generated"
    for name, text in GENERATED.items():
        write_story(stories, f"{name}.md", text)
    pages = []
    for index, source in enumerate((EXAMPLES / "stories", STORIES, stories)):
        out = tmp_path / "out" / str(index)
        code, _, err = kit_cli("build", source, "--kind", "onepager", "--out", out)
        assert code in (0, 1), err  # 1: a check found something; the checks have tests of their own
        found = sorted(out.glob("*/onepager.html"))
        assert len(found) == len(list(source.glob("*.md")))  # an internal kind: every story
        pages += found
    return pages


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_every_one_pager_prints_on_one_page(paper: str, tmp_path: Path, chromium: Chromium, pdfinfo: str) -> None:
    printed: dict[str, int] = {}
    with chromium.devtools(timeout=180) as browser:
        for page in build_all(tmp_path):
            browser.open(page.as_uri())
            pdf = browser.print_pdf(tmp_path / f"{page.parent.name}.pdf", paper)
            count, size = pdf_pages(pdfinfo, pdf)
            width, height = PAPERS[paper]
            assert size == pytest.approx((width * 72, height * 72), abs=1), (page.parent.name, paper, size)
            printed[page.parent.name] = count
        assert browser.problems() == []
    assert {name: count for name, count in printed.items() if count != 1} == {}, f"on {paper}"


def test_examples_print_at_full_size_and_long_stories_stay_readable(tmp_path: Path) -> None:
    """Only prose gives way for the examples; a story longer than a page is printed smaller, not tiny."""
    scales = {}
    for page in build_all(tmp_path):
        zoom = re.search(r"@media print \{.*?main \{ zoom: ([\d.]+); \}", page.read_text(encoding="utf-8"), re.DOTALL)
        assert zoom, page
        scales[page.parent.name] = float(zoom.group(1))
    examples = {p.stem for p in (EXAMPLES / "stories").glob("*.md")}
    assert {name: s for name, s in scales.items() if name in examples and s < 1} == {}
    assert min(scales.values()) >= 0.7, scales
