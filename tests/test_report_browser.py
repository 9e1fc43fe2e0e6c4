"""The review report in headless Chromium: spans are highlighted, clicking shows records, article markup never runs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_report_fixtures import GOLD, XSS_ID, write_fixture

from extractor.evaluation import load_gold
from extractor.report import write_report

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def report_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("report_browser")
    results, articles, gold = write_fixture(tmp)
    return write_report(tmp / "report.html", results, articles=articles, gold_dir=gold)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any, report_path: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1500, "height": 950})
    pg = context.new_page()
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.goto(report_path.as_uri())
    pg.wait_for_selector("#index-body tr")
    yield pg
    context.close()


def _open(page: Any, article_id: str) -> None:
    assert page.evaluate("id => window.reportSelect(id)", article_id)
    page.wait_for_selector("#text")


def test_names_are_highlighted_and_clicking_shows_their_record(page: Any, tmp_path: Path) -> None:
    gold = load_gold(GOLD)
    article_id = min(gold)
    _open(page, article_id)
    highlighted = set(page.locator("#text .hl").all_inner_texts())
    names = {p.name for m in gold[article_id].meetings for p in m.participants if p.name}
    assert names and names <= highlighted
    name = min(names)
    page.locator("#text .hl.k-person", has_text=name).first.click()
    inspector = page.locator("#inspector")
    assert inspector.is_visible()
    assert name in inspector.inner_text()
    assert page.locator(".card.focus").count() >= 1
    assert page.locator("#text .hl.linked").count() >= 1
    page.screenshot(path=str(tmp_path / "report.png"))
    assert (tmp_path / "report.png").stat().st_size > 10_000
    assert page.errors == []


def test_clicking_a_card_links_its_spans(page: Any) -> None:
    _open(page, min(load_gold(GOLD)))
    page.locator('.card[data-ref="s0"]').click()
    assert page.locator("#text .hl.linked").count() >= 1
    assert "statement" in page.locator("#inspector").inner_text()


def test_article_markup_is_shown_as_text_and_never_runs(page: Any) -> None:
    _open(page, XSS_ID)
    text = page.locator("#text").inner_text()
    assert "<script>alert(1)</script>" in text and 'onerror="window.__pwned=1"' in text
    assert page.locator("#article-head h2").inner_text() == "<b>bold</b> headline & </script>"
    page.locator("#text .hl.k-person", has_text="Jane Doe").first.click()
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#text script, #text img, #article-head b").count() == 0
    assert page.dialogs == []
    assert page.errors == []


def test_index_lists_worst_f1_first_and_sorts_by_column(page: Any) -> None:
    first_f1 = page.locator("#index-body tr").first.locator("td").nth(5).inner_text()
    shown = [t for t in page.locator("#index-body tr td:nth-child(6)").all_inner_texts() if t != "—"]
    assert first_f1 == min(shown)
    page.locator('#index-head th[data-key="w"]').click()
    warnings = [int(t) for t in page.locator("#index-body tr td:nth-child(4)").all_inner_texts()]
    assert warnings == sorted(warnings, reverse=True) and warnings[0] > 0
    page.fill("#filter", XSS_ID)
    assert page.locator("#index-body tr").count() == 1
