"""`chart --svg`, `calendar --svg` and `export --format html` end to end, on a real journal.

What a person bringing these to a counsellor sees: the drawings made by the SVG kit from the
same data the terminal shows, a page that loads nothing, and notes only when they asked.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from html import unescape
from pathlib import Path

import pytest

from conftest import Run

NS = {"s": "http://www.w3.org/2000/svg"}
FORBIDDEN = ("src=", "url(", "@import", "<script", "href", "<link", "<img", "<iframe")


@pytest.fixture
def story(run: Run) -> Run:
    """Three weeks: bids, an injury with two repair steps and an amend kept, a kept promise."""
    run("toward", "--on", "2026-11-02", "asked about her day")
    run("toward", "-p", "--on", "2026-11-03", "made coffee <for me> & more")
    assert run("promise", "Sunday walk together", "--every", "sunday", today=_day(1)).code == 0
    assert run("kept", "1", today=_day(8)).code == 0
    assert (
        run("injury", "kept a bill from her", "--severity", "major", "--me", today=_day(10)).code
        == 0
    )
    run("repair", "1", "--step", "reveal", "told her everything", today=_day(11))
    run("repair", "1", "--step", "acknowledge", "no excuses", today=_day(12))
    run("repair", "1", "--amend", "date night, phones away", "--every", "friday", today=_day(12))
    run("deposit", "3", "--on", "2026-11-20", "a private word that stays home")
    return run


def _day(number: int) -> date:
    return date(2026, 11, number)


def _outside_namespaces(text: str) -> str:
    return text.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_chart_svg_is_the_kits_drawing_with_the_injury_labelled(story: Run, tmp_path: Path) -> None:
    target = tmp_path / "chart.svg"
    result = story("chart", "--svg", str(target))
    assert result.code == 0 and f"Saved the chart as {target}" in result.out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    root = ET.parse(target).getroot()
    (line,) = root.iterfind(".//s:polyline", NS)  # a line, not a staircase of characters
    assert len(line.attrib["points"].split()) == 24  # 2 Nov to 25 Nov, a point a day
    words = " ".join("".join(node.itertext()) for node in root.iterfind(".//s:text", NS))
    assert "10 Nov · injury \u2212" in words and "Running balance" in words
    assert root.find("s:rect", NS).attrib["fill"] == "#ffffff"  # type: ignore[union-attr]
    assert "://" not in _outside_namespaces(target.read_text())
    assert "a private word" not in target.read_text()


def test_dark_and_stdout(story: Run) -> None:
    dark = story("calendar", "--svg", "-", "--dark")
    assert dark.code == 0 and dark.out.startswith("<svg")
    root = ET.fromstring(dark.out)
    assert root.find("s:rect", NS).attrib["fill"] == "#0d1117"  # type: ignore[union-attr]
    titles = ["".join(t.itertext()) for t in root.iterfind(".//s:rect/s:title", NS)]
    assert "2 Nov 2026: net +1" in titles and "26 Nov 2026: nothing recorded" not in titles


def _page(run: Run, tmp_path: Path, *extra: str) -> str:
    target = tmp_path / "session.html"
    result = run("export", "--format", "html", "-o", str(target), *extra)
    assert result.code == 0, result.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    return target.read_text(encoding="utf-8")


def test_the_page_holds_the_period_and_loads_nothing(story: Run, tmp_path: Path) -> None:
    html = _page(story, tmp_path, "--since", "2026-11-01")
    lowered = _outside_namespaces(html).lower()
    assert "://" not in lowered
    for forbidden in FORBIDDEN:
        assert forbidden not in lowered, forbidden
    assert "default-src 'none'" in html
    assert html.count("<svg") == 2 and "<polyline" in html
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    assert "1 Nov 2026 to 25 Nov 2026 · One person's own notes" in text
    assert "kept a bill from her (major, 10 Nov 2026, caused by me)" in text
    assert "Steps reached: reveal 11 Nov 2026, acknowledge 12 Nov 2026" in text
    assert "amend “date night, phones away”" in text
    assert "“Sunday walk together” (me): kept 1 time, last on 8 Nov 2026" in text
    assert "a private word" not in html and "Notes" not in text


def test_notes_only_when_asked_and_escaped(story: Run, tmp_path: Path) -> None:
    html = _page(story, tmp_path, "--notes")
    assert "a private word that stays home" in html
    assert "made coffee &lt;for me&gt; &amp; more" in html and "<for me>" not in html
    assert "+1 toward (my partner): made coffee" in html


def test_notes_with_another_format_is_bad_input(story: Run, db_path: Path) -> None:
    before = db_path.read_bytes()
    result = story("export", "--format", "csv", "--notes")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("trustlog: --notes is for --format html")
    assert db_path.read_bytes() == before


def test_an_exported_page_prints_to_a4(story: Run, tmp_path: Path) -> None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None or shutil.which("pdfinfo") is None:
        pytest.skip("Chromium and poppler-utils print and measure the page")
    source, pdf = tmp_path / "session.html", tmp_path / "session.pdf"
    source.write_text(_page(story, tmp_path, "--notes"), encoding="utf-8")
    subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}",
         "--no-pdf-header-footer", f"--print-to-pdf={pdf}", source.as_uri()],
        check=True, capture_output=True, timeout=90,
    )  # fmt: skip
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    assert re.search(r"Page size:\s+59[45]\.\d+ x 841\.\d+ pts", info.stdout)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    for words in ("Repair", "Promises kept", "Notes", "a private word that stays home"):
        assert words in text.stdout, words
