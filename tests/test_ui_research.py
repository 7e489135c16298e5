"""The research tools on the page, in a real headless Chromium against a real gunicorn.

Timeline bars filter by clicking and by keyboard, the KWIC switch, related articles in the
reader, and the CSV export. Screenshots go to ``test-artefacts/ui-research/`` (not committed).
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser import DESKTOP, PHONE
from tests.live_server import live_server
from tests.research_corpus import build_index

pytestmark = pytest.mark.ui

REPO = Path(__file__).resolve().parents[1]
ARTEFACTS = REPO / "test-artefacts" / "ui-research"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("ui-research")
    config = build_index(root)
    with live_server(config.index_dir, root / "gunicorn.log") as url:
        yield url


def open_page(browser: Browser, viewport: dict[str, int]) -> Iterator[Page]:
    """A page that must raise no uncaught exception and break no content security rule."""
    context = browser.new_context(viewport=viewport, locale="nl-NL", accept_downloads=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    try:
        yield page
    finally:
        context.close()
    assert problems == []


@pytest.fixture
def page(browser) -> Iterator[Page]:
    yield from open_page(browser, DESKTOP)


@pytest.fixture
def phone(browser) -> Iterator[Page]:
    yield from open_page(browser, PHONE)


def shot(page: Page, name: str) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)


def params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def bar(page: Page, period: str):
    return page.locator(f'#timeline a[data-period="{period}"]')


def summary(page: Page):
    return page.locator("#summary")


# -- timeline ------------------------------------------------------------------------------------


def test_clicking_a_timeline_bar_filters_the_results_and_the_url(page, base_url):
    page.goto(f"{base_url}/?source=krant&source=archief")  # every article, no words
    timeline = page.get_by_role("figure")
    expect(timeline).to_contain_text("Per jaar: 2015 tot en met 2019")
    expect(timeline).to_contain_text("Niet in de grafiek: 1 artikel zonder datum.")
    expect(page.get_by_role("link", name="2019: 5 artikelen")).to_be_visible()
    expect(page.get_by_role("link", name="2017: 0 artikelen")).to_be_visible()
    shot(page, "timeline-desktop")

    page.get_by_role("link", name="2016: 1 artikel").click()
    expect(summary(page)).to_contain_text("1 artikel gevonden")
    assert params(page)["from"] == ["2016"] and params(page)["to"] == ["2016"]
    expect(page.locator("#hits")).to_contain_text("Feyenoord verliest van Ajax")
    expect(timeline).to_contain_text("Per maand: augustus 2016 tot en met augustus 2016")  # zoomed in

    timeline.get_by_role("link", name="Alle perioden").click()
    expect(summary(page)).to_contain_text("9 artikelen gevonden")
    assert "from" not in params(page)
    page.go_back()  # the filter is in the history like every other
    expect(summary(page)).to_contain_text("1 artikel gevonden")


def test_a_timeline_bar_is_chosen_with_the_keyboard(page, base_url):
    page.goto(f"{base_url}/?q=haven")
    expect(page.get_by_role("figure")).to_contain_text("Per maand: november 2018 tot en met maart 2019")
    expect(page.get_by_role("figure")).to_contain_text("1 artikel met alleen het jaar 2019, 1 artikel zonder datum")
    # one Tab stop for the whole chart (the newest bar), arrow keys, Home and End inside it
    stops = page.locator("#timeline a.timeline-bar[tabindex='0']")
    expect(stops).to_have_count(1)
    expect(stops).to_have_attribute("data-period", "2019-03")
    stops.focus()
    page.keyboard.press("ArrowLeft")
    expect(bar(page, "2019-02")).to_be_focused()
    page.keyboard.press("Home")
    expect(bar(page, "2018-11")).to_be_focused()
    assert bar(page, "2018-11").evaluate("e => e.tabIndex") == 0
    page.keyboard.press("Enter")
    expect(summary(page)).to_contain_text("1 artikel gevonden")
    assert params(page)["from"] == ["2018-11"]
    expect(page.locator("#hits")).to_contain_text("Drukte in november")
    chosen = bar(page, "2018-11")
    expect(chosen).to_have_attribute("aria-current", "true")
    chosen.focus()
    page.keyboard.press("Enter")  # the chosen bar again: every period
    expect(summary(page)).to_contain_text("6 artikelen gevonden")


def test_timeline_reads_at_phone_width(phone, base_url):
    phone.goto(f"{base_url}/?q=haven")
    expect(phone.locator("#timeline svg")).to_be_visible()
    # drawn to the chart's width (again, once a scroll bar has taken its share)
    phone.wait_for_function(
        "(() => { const svg = document.querySelector('#timeline svg');"
        " return svg && svg.getBoundingClientRect().right <= document.documentElement.clientWidth; })()"
    )
    layout = phone.evaluate(
        """() => ({
            svg: document.querySelector('#timeline svg').getBoundingClientRect().toJSON(),
            labels: [...document.querySelectorAll('#timeline .timeline-label')]
                .map(t => t.getBoundingClientRect().toJSON()),
            scrolls: document.documentElement.scrollWidth > document.documentElement.clientWidth,
        })"""
    )
    boxes = layout["labels"]
    assert layout["svg"]["left"] >= 0 and len(boxes) >= 2
    assert all(a["right"] <= b["left"] for a, b in zip(boxes, boxes[1:], strict=False)), "labels overlap"
    assert boxes[-1]["right"] <= PHONE["width"] and not layout["scrolls"]
    shot(phone, "timeline-phone")


# -- words in context ---------------------------------------------------------------------------


def test_kwic_switch_shows_every_occurrence_in_context(page, base_url):
    page.goto(f"{base_url}/?q=containers")
    expect(summary(page)).to_contain_text("5 artikelen gevonden")
    page.get_by_role("button", name="In context").click()
    lines = page.locator("#kwic tr.kwic-line")
    expect(lines).to_have_count(7)
    expect(page.locator("#hits")).to_be_hidden()
    expect(page.locator("#kwic tbody .kwic-match")).to_have_text(["containers"] * 7)
    expect(page.locator("#kwic")).to_contain_text("7 regels uit 6 alinea's.")
    expect(page.get_by_role("button", name="In context")).to_have_attribute("aria-pressed", "true")
    shot(page, "kwic")

    page.get_by_label("Volgorde van de regels").select_option("after")
    api = page.request.get(f"{base_url}/api/kwic?q=containers&sort=after&per_page=50").json()
    rights = [html.unescape(line["right"]) for line in api["lines"]]
    expect(page.locator("#kwic tbody .kwic-right")).to_have_text(rights)
    newest = page.request.get(f"{base_url}/api/kwic?q=containers").json()
    assert [line["right"] for line in api["lines"]] != [line["right"] for line in newest["lines"]]  # re-sorted
    lines.first.get_by_role("link").click()  # the article of a line opens in the reader
    expect(page.locator("#reader-title")).to_have_text(api["lines"][0]["title"])
    page.go_back()
    expect(page.locator("#timeline svg")).to_be_visible()  # drawn again after the reader
    expect(page.locator("#kwic tr.kwic-line")).to_have_count(7)  # still in context
    page.get_by_role("button", name="Resultaten").click()
    expect(page.locator("#hits > li")).to_have_count(5)
    expect(page.locator("#kwic")).to_be_hidden()


def test_kwic_shows_markup_in_the_text_as_text(page, base_url):
    page.goto(f"{base_url}/?q=graden")
    page.get_by_role("button", name="In context").click()
    right = page.locator("#kwic tbody .kwic-right").first
    expect(right).to_contain_text('<b>vet</b> & "aanhalingstekens"')
    expect(page.locator("#kwic b")).to_have_count(0)


def test_kwic_at_phone_width(phone, base_url):
    phone.goto(f"{base_url}/?q=haven")
    phone.get_by_role("button", name="In context").click()
    expect(phone.locator("#kwic tr.kwic-line").first).to_be_visible()
    starts = phone.evaluate(
        "[...document.querySelectorAll('#kwic tbody .kwic-match')].map(td => td.getBoundingClientRect().left)"
    )
    assert len(set(starts)) == 1  # the matches stand in one column
    expect(phone.locator("#kwic tbody .kwic-source").first.get_by_role("link")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    shot(phone, "kwic-phone")


# -- related articles ---------------------------------------------------------------------------


def test_reader_shows_related_articles(page, base_url):
    page.goto(f"{base_url}/?q=ajax&article=voetbal-1")
    expect(page.locator("#reader-title")).to_have_text("Ajax wint in de Kuip")
    related = page.get_by_role("region", name="Meer zoals dit")
    expect(related.get_by_role("listitem")).to_have_count(1)
    expect(related).to_contain_text("archief · 10 augustus 2016")
    shot(page, "reader-related")
    related.get_by_role("link", name="Feyenoord verliest van Ajax").click()
    expect(page.locator("#reader-title")).to_have_text("Feyenoord verliest van Ajax")
    assert params(page)["article"] == ["voetbal-2"] and params(page)["q"] == ["ajax"]
    expect(related.get_by_role("link")).to_have_text(["Ajax wint in de Kuip"])


def test_an_article_without_related_articles_shows_no_empty_list(page, base_url):
    page.goto(f"{base_url}/?article=top-1")
    expect(page.locator("#reader-title")).to_have_text("Ontmoeting bij de grens")
    page.wait_for_load_state("networkidle")
    expect(page.locator("#related")).to_be_hidden()


# -- export -------------------------------------------------------------------------------------


def test_export_link_downloads_a_csv_with_a_row_per_result(page, base_url):
    page.goto(f"{base_url}/?q=haven&source=krant")
    expect(summary(page)).to_contain_text("5 artikelen gevonden")
    with page.expect_download() as download:
        page.get_by_role("link", name="Exporteer (CSV)").click()
    assert download.value.suggested_filename == "zoeklicht-haven-krant.csv"
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 5 and {row["source"] for row in rows} == {"krant"}
    assert "'=SOM(A1) in de haven" in {row["title"] for row in rows}  # a formula is never run


# -- syntax help ---------------------------------------------------------------------------------


def test_help_explains_proximity_and_date(page, base_url):
    page.goto(base_url)
    help_ = page.get_by_role("region", name="Zoeken in het archief")
    for example in ('"Trump Kim"~5', "date:2019", "date:[2018-06 TO 2019]"):
        expect(help_.get_by_text(example, exact=True)).to_be_visible()
    page.locator("#q").fill('"trump kim"~10 date:2019')
    page.locator("#q").press("Enter")
    expect(summary(page)).to_contain_text("1 artikel gevonden")  # what the help says works
