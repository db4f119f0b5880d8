"""Start-up and repeated work (issue 13): `kit --help` stays light; what is computed once reads the same."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest

from kit.quantity import QuantityError, parse_quantity
from tests.support import modules_loaded


def test_help_reads_neither_the_version_nor_pydantic() -> None:
    assert modules_loaded(["--help"], ("importlib.metadata", "pydantic", "yaml", "jinja2")) == ([], 0)


def test_the_version_kit_states_is_the_installed_packages() -> None:
    import kit

    assert kit.__version__ == metadata.version("kit")
    done = subprocess.run([sys.executable, "-m", "kit", "--version"], capture_output=True, text=True, check=False)
    assert done.stdout == f"kit {metadata.version('kit')}\n"


MARKDOWN = """\
# A title

Text with *emphasis*, `code`, a [reference link][ref] and ![a chart **drawn**](chart.svg "Chart").

| Metric | Before | After |
|---|---|---|
| Lead time | 6 weeks | 2 days |

> a quote

- one
- two

[ref]: https://example.com/ "Example"
"""


def test_markdown_parsed_once_renders_as_the_parser_does() -> None:
    from kit.kinds.paper import page_height
    from kit.markdown import markdown_html, markdown_parser

    expected = markdown_parser().render(MARKDOWN)
    assert 'href="https://example.com/" title="Example"' in expected and 'alt="a chart drawn"' in expected
    assert markdown_html(MARKDOWN) == expected
    height = page_height(MARKDOWN)
    # the tokens the height was read from are rendered again, the same
    assert markdown_html(MARKDOWN) == expected
    assert page_height(MARKDOWN) == height


def test_a_misspelt_unit_is_refused_every_time() -> None:
    for _ in range(2):  # the second time, the near miss comes from the cache
        with pytest.raises(QuantityError) as caught:
            parse_quantity("5 Weks")
        assert str(caught.value) == '"Weks" in "5 Weks" is not a unit kit knows; did you mean "weeks"?'


def test_a_free_unit_is_read_every_time() -> None:
    assert parse_quantity("12 incidents").unit == parse_quantity("3 incidents").unit == "incidents"


def test_x_counts_the_edges_of_its_ranges() -> None:
    from kit.kinds.social import x_length

    light = [0x20, 0x10FF, 0x2000, 0x200D, 0x2010, 0x201F, 0x2032, 0x2037]
    heavy = [0x1100, 0x1FFF, 0x200E, 0x200F, 0x2020, 0x2031, 0x2038, 0x4E2D, 0x1F600]
    assert [x_length(chr(c)) for c in light] == [1] * len(light)
    assert [x_length(chr(c)) for c in heavy] == [2] * len(heavy)
    assert x_length("中 https://example.com/中 中") == 2 + 1 + 23 + 1 + 2
