"""The search page in a real headless Chromium, against a real gunicorn serving a real index.

The index holds the seeds, one article of a source of its own ("proefbron") whose title and
text contain HTML that must never run, and twelve short press releases ("haven": two pages of
results). Screenshots of the main states go to ``test-artefacts/ui/`` (not committed).
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from playwright.sync_api import Browser, Error, Page, Route, expect

from search.config import Config
from search.indexer import rebuild
from tests.browser import DESKTOP, PHONE
from tests.live_server import live_server

pytestmark = pytest.mark.ui

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
ARTEFACTS = REPO / "test-artefacts" / "ui"
PROBLEM = "application/problem+json"

XSS_TITLE = "Verslag van <b>ontmoetingen</b> <img src=x onerror=window.__xss=1>"
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=window.__xss=1>"
XSS_SVG = "<svg onload=alert(2)>"
XSS_ARTICLE = f"""date 2021-02
{XSS_TITLE}

Bij de ontmoetingen stond {XSS_SCRIPT} op het bord, en ook {XSS_IMG} in de hoek.

Tussen de gesprekken door tekende iemand {XSS_SVG} op een servet.
"""
RELEASES = 12  # more than one page of ten


def press_release(n: int) -> str:
    return f"date 2019-03-{n:02d}\nPersbericht {n}\n\nDe haven meldt in persbericht {n} een record voor overslag.\n"


# -- fixtures ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    """The seeds, one hostile article and the press releases, each in a source folder, indexed for real."""
    root = tmp_path_factory.mktemp("ui")
    hostile, releases = root / "proefbron", root / "haven"
    hostile.mkdir()
    releases.mkdir()
    (hostile / "proef.txt").write_text(XSS_ARTICLE, encoding="utf-8")
    for n in range(1, RELEASES + 1):
        (releases / f"persbericht-{n:02d}.txt").write_text(press_release(n), encoding="utf-8")
    config = Config(index_dir=root / "index")
    report = rebuild(config, [SEEDS, hostile, releases])
    assert report.articles == 6 + RELEASES and not report.skipped
    return config.index_dir


@pytest.fixture(scope="module")
def base_url(index_dir) -> Iterator[str]:
    with live_server(index_dir, index_dir.parent / "gunicorn.log") as url:
        yield url


class Watched:
    """A page with what it did that it must not: dialogs opened, uncaught exceptions."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def open_page(browser: Browser, viewport: dict[str, int], **context_options) -> Iterator[Watched]:
    context = browser.new_context(viewport=viewport, locale="nl-NL", **context_options)
    context.set_default_timeout(10_000)
    watched = Watched(context.new_page())
    try:
        yield watched
    finally:
        context.close()
    assert watched.errors == [], "uncaught exceptions in the page"
    assert watched.dialogs == [], "the page opened dialogs"


@pytest.fixture
def watched(browser) -> Iterator[Watched]:
    yield from open_page(browser, DESKTOP)


@pytest.fixture
def page(watched) -> Page:
    return watched.page


# -- helpers -----------------------------------------------------------------------------------


def shot(page: Page, name: str, full_page: bool = True) -> None:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=full_page)


def params(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def hits(page: Page):
    return page.locator("#hits > li")


def search(page: Page, base_url: str, query: str = "ontmoetingen") -> None:
    page.goto(f"{base_url}/?q={query}")
    expect(hits(page).first).to_be_visible()


def type_and_settle(page: Page, text: str) -> None:
    """Type into the search box as a person would, then wait for the answer to what was typed."""
    box = page.locator("#q")
    box.press_sequentially(text, delay=10)
    wanted = box.input_value().strip()
    page.wait_for_url(lambda url: parse_qs(urlsplit(url).query).get("q", [""])[0] == wanted)
    expect(page.locator("#results")).to_have_attribute("aria-busy", "false")


def facet(page: Page, name: str):
    return page.locator("#filters").get_by_role("button", name=re.compile(f"^{re.escape(name)}:"))


def matches_line(n: int) -> str:
    return "1 alinea in dit artikel komt overeen" if n == 1 else f"{n} alinea's in dit artikel komen overeen"


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


# -- the empty page ----------------------------------------------------------------------------


def test_empty_page_focuses_the_box_and_explains_syntax_and_index(page, base_url):
    page.goto(base_url)
    expect(page.locator("#q")).to_be_focused()
    help_ = page.get_by_role("region", name="Zoeken in het archief")
    for example in ('"Witte Huis"', "Trump OR Kim", "Korea -Zuid", "ontmoet*"):
        expect(help_.get_by_text(example, exact=True)).to_be_visible()
    expect(page.locator("#index-info")).to_contain_text(f"{6 + RELEASES} artikelen")
    expect(page.locator("#index-info")).to_contain_text("mei 2018 tot en met februari 2021")
    expect(page.locator("#index-info").get_by_role("link", name="proefbron")).to_be_visible()
    expect(page.locator("#results")).to_be_hidden()
    shot(page, "help")


# -- results as you type -----------------------------------------------------------------------


def test_typing_shows_highlighted_results_before_enter(page, base_url):
    page.goto(base_url)
    type_and_settle(page, "ontmoetingen")  # no Enter
    assert params(page) == {"q": ["ontmoetingen"], "prefix": ["1"]}  # searched as you typed
    api = page.request.get(f"{base_url}/api/search?q=ontmoetingen&prefix=1").json()
    expect(page.get_by_role("status")).to_have_text(
        f"{api['total_articles']} artikelen gevonden, {api['matching_paragraphs']} alinea's komen overeen."
    )
    marks = page.locator("#hits mark")
    expect(marks.first).to_be_visible()
    assert all(m.lower().startswith("ontmoet") for m in marks.all_inner_texts())

    results = page.get_by_role("list", name="Zoekresultaten").get_by_role("article")
    expect(results).to_have_count(len(api["hits"]))
    expect(results.get_by_role("heading")).to_have_text([hit["title"] for hit in api["hits"]])
    expect(results.locator(".matches")).to_have_text([matches_line(hit["matching_paragraphs"]) for hit in api["hits"]])
    month = next(i for i, hit in enumerate(api["hits"]) if hit["date"] == "2018-05")
    assert api["hits"][month]["date_precision"] == "month"
    expect(results.nth(month).locator(".meta")).to_contain_text("seeds · mei 2018")
    shot(page, "results")


def test_a_stale_answer_never_replaces_a_newer_one(page, base_url):
    held: list[Route] = []
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))

    def hold_first_trump(route: Route) -> None:
        if "q=trump&" in route.request.url and not held:
            held.append(route)  # never answered: the page must give up on it
        else:
            route.continue_()

    page.route("**/api/search?*", hold_first_trump)
    page.goto(base_url)
    with page.expect_request(lambda request: "q=trump&" in request.url):
        page.locator("#q").press_sequentially("trump", delay=10)
    type_and_settle(page, " singapore")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^\d+ artikel(en)? gevonden"))
    shown = page.get_by_role("status").inner_text()
    assert held and held[0].request.url in failed, "the older request was not aborted"
    with contextlib.suppress(Error):  # too late: the page has aborted it
        held[0].fulfill(status=200, content_type="application/json", body='{"total_articles": 99, "hits": []}')
    page.wait_for_timeout(200)
    expect(page.get_by_role("status")).to_have_text(shown)
    assert params(page)["q"] == ["trump singapore"]


# -- facets, filters and the URL ---------------------------------------------------------------


def test_source_facet_filters_changes_url_and_survives_reload(page, base_url):
    search(page, base_url)
    expect(hits(page)).to_have_count(6)
    facet(page, "proefbron").click()
    expect(hits(page)).to_have_count(1)
    expect(facet(page, "proefbron")).to_have_attribute("aria-pressed", "true")
    assert params(page)["source"] == ["proefbron"]
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^1 artikel gevonden"))

    page.reload()
    expect(hits(page)).to_have_count(1)
    expect(facet(page, "proefbron")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#q")).to_have_value("ontmoetingen")

    facet(page, "proefbron").click()  # again: the filter goes
    expect(hits(page)).to_have_count(6)
    assert "source" not in params(page)
    page.go_back()
    expect(hits(page)).to_have_count(1)
    page.go_forward()
    expect(hits(page)).to_have_count(6)


def test_year_facet_toggles_a_date_range(page, base_url):
    search(page, base_url)
    facet(page, "2018").click()
    expect(hits(page)).to_have_count(1)
    assert (params(page)["from"], params(page)["to"]) == (["2018"], ["2018"])
    expect(page.locator("#from")).to_have_value("2018")
    facet(page, "2018").click()
    expect(hits(page)).to_have_count(6)
    assert "from" not in params(page)


def test_date_range_and_sort(page, base_url):
    search(page, base_url)
    page.locator("#from").fill("2021-2")
    page.locator("#to").fill("2021")
    page.get_by_role("button", name="Toepassen").click()
    expect(hits(page)).to_have_count(2)
    assert (params(page)["from"], params(page)["to"]) == (["2021-02"], ["2021"])
    page.locator("#from").fill("gisteren")
    page.get_by_role("button", name="Toepassen").click()
    expect(page.locator("#range-error")).to_contain_text("‘gisteren’ is geen datum")
    page.get_by_role("button", name="Wissen").click()
    expect(hits(page)).to_have_count(6)

    page.get_by_label("Sorteren").select_option("oldest")
    expect(hits(page).first.locator(".meta")).to_contain_text("mei 2018")
    assert params(page)["sort"] == ["oldest"]
    page.get_by_label("Sorteren").select_option("newest")
    expect(hits(page).first.locator(".meta")).to_contain_text("februari 2021")


def test_paging(page, base_url):
    search(page, base_url, "persbericht")
    summary = f"{RELEASES} artikelen gevonden, {RELEASES} alinea's komen overeen. Resultaat 1–10."
    expect(page.get_by_role("status")).to_have_text(summary)
    pager = page.get_by_role("navigation", name="Pagina's")
    expect(pager).to_contain_text("Pagina 1 van 2")
    expect(pager.get_by_role("button", name="Vorige")).to_be_disabled()
    expect(hits(page)).to_have_count(10)
    first_page = page.locator("#hits a").all_inner_texts()

    pager.get_by_role("button", name="Volgende").click()
    expect(hits(page)).to_have_count(RELEASES - 10)
    assert params(page)["page"] == ["2"]
    expect(pager).to_contain_text("Pagina 2 van 2")
    expect(pager.get_by_role("button", name="Volgende")).to_be_disabled()
    expect(page.locator("#hits a").first).to_be_focused()
    assert not set(page.locator("#hits a").all_inner_texts()) & set(first_page)
    expect(hits(page).first.locator(".meta")).to_contain_text(re.compile(r"haven · \d{1,2} maart 2019"))

    page.go_back()
    expect(hits(page)).to_have_count(10)
    expect(page.locator("#hits a")).to_have_text(first_page)


# -- completion --------------------------------------------------------------------------------


def test_arrow_keys_and_enter_choose_a_completion(page, base_url):
    page.goto(base_url)
    box = page.locator("#q")
    box.press_sequentially("ontm", delay=20)
    listbox = page.get_by_role("listbox", name="Aanvullingen")
    options = listbox.get_by_role("option")
    words = [c["word"] for c in page.request.get(f"{base_url}/api/suggest?q=ontm").json()["completions"]]
    assert words[0] == "ontmoeting" and len(words) >= 2  # the most frequent first
    expect(listbox.locator(".suggestion-word")).to_have_text(words)
    expect(box).to_have_attribute("aria-expanded", "true")

    box.press("ArrowDown")
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", "suggestion-1")
    box.press("ArrowUp")
    box.press("ArrowDown")
    box.press("Enter")

    expect(box).to_have_value(f"{words[1]} ")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_be_focused()
    page.wait_for_url(re.compile(rf"q={words[1]}(&|$)"))
    assert "prefix" not in params(page)  # a chosen word is a whole word
    expect(hits(page).first).to_be_visible()


def test_escape_closes_the_completions_and_keeps_the_text(page, base_url):
    page.goto(base_url)
    box = page.locator("#q")
    box.press_sequentially("ontmoe", delay=20)
    listbox = page.get_by_role("listbox", name="Aanvullingen")
    expect(listbox.get_by_role("option").first).to_be_visible()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_value("ontmoe")
    expect(hits(page).first).to_be_visible()


# -- the reader --------------------------------------------------------------------------------


def test_clicking_a_result_opens_the_reader_at_the_matched_paragraph(page, base_url):
    page.set_viewport_size({"width": 1280, "height": 500})  # short, so the paragraph needs scrolling
    search(page, base_url)
    link = page.locator('#hits a[data-article="004_4ec734f60fdfd72d"]')
    title = link.inner_text()
    link.click()

    state = params(page)
    assert state["article"] == ["004_4ec734f60fdfd72d"] and state["q"] == ["ontmoetingen"]
    assert link.get_attribute("href") == page.url.removeprefix(base_url)
    target = page.locator(f"#alinea-{state['para'][0]}")
    reader = page.get_by_role("article", name=title)
    expect(reader).to_be_visible()
    expect(target).to_have_class(re.compile(r"\btarget\b"))
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport()
    expect(target.locator("mark").first).to_be_visible()
    assert page.evaluate("window.scrollY") > 0
    heading = "Vierde ontmoeting ooit tussen Koreaanse leiders"  # a section heading of the article
    expect(reader.locator("h3.reader-heading", has_text=heading)).to_have_count(1)
    assert reader.locator(".paragraph").count() > 5  # every paragraph, not only the matches
    expect(page.locator("#results")).to_be_hidden()
    shot(page, "reader", full_page=False)

    page.reload()  # the article has its own URL
    expect(page.locator(f"#alinea-{state['para'][0]}")).to_be_focused()

    page.go_back()
    expect(hits(page)).to_have_count(6)
    page.go_forward()
    expect(page.locator("#reader")).to_be_visible()
    page.get_by_role("link", name="← Terug naar de resultaten").click()
    expect(hits(page)).to_have_count(6)


def test_the_page_works_by_keyboard_alone(page, base_url):
    page.goto(base_url)
    type_and_settle(page, "ontmoetingen")
    expect(hits(page)).to_have_count(6)
    for _ in range(30):  # through the filters to the first result
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#hits') !== null"):
            break
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == page.locator("#hits a").first.inner_text()
    page.keyboard.press("Enter")
    expect(page.locator("#reader .target")).to_be_focused()
    expect(page.locator("#reader .target mark").first).to_be_visible()  # marked, though typed as a prefix
    page.keyboard.press("Escape")
    expect(hits(page)).to_have_count(6)
    expect(page.locator("#hits a").first).to_be_focused()

    page.keyboard.press("Shift+Tab")  # back up into the filters: a facet works with the keyboard
    for _ in range(30):
        if page.evaluate("document.activeElement.closest('#facet-source') !== null"):
            break
        page.keyboard.press("Shift+Tab")
    for _ in range(5):  # inside the group, the arrow keys move
        if page.evaluate("document.activeElement.getAttribute('aria-label') || ''").startswith("proefbron"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(hits(page)).to_have_count(1)


# -- safety ------------------------------------------------------------------------------------


@pytest.fixture
def csp_off(browser) -> Iterator[Watched]:
    """Without the server's CSP, so only the page's own rendering stands between text and script."""
    yield from open_page(browser, DESKTOP, bypass_csp=True)


def test_html_in_indexed_text_is_shown_as_text_and_never_runs(csp_off, base_url):
    page = csp_off.page
    page.goto(f"{base_url}/?q=ontmoetingen&source=proefbron")
    hit = hits(page)
    expect(hit).to_have_count(1)
    expect(hit.get_by_role("heading")).to_have_text(XSS_TITLE)
    snippet = hit.locator(".snippet")
    expect(snippet).to_contain_text(XSS_SCRIPT)
    expect(snippet).to_contain_text(XSS_IMG)
    expect(snippet.locator("mark").first).to_have_text("ontmoetingen")

    hit.get_by_role("link").click()
    reader = page.locator("#reader")
    expect(reader.get_by_role("heading", level=2)).to_have_text(XSS_TITLE)
    expect(reader).to_contain_text(XSS_SVG)
    expect(reader).to_contain_text(XSS_IMG)

    assert page.locator("#main script, #main img, #main svg, #main b").count() == 0
    assert page.evaluate("window.__xss") is None
    page.wait_for_timeout(100)  # let any onload/onerror that slipped through fire
    assert csp_off.dialogs == []


# -- layout ------------------------------------------------------------------------------------


@pytest.fixture
def phone(browser) -> Iterator[Watched]:
    yield from open_page(browser, PHONE, is_mobile=True, has_touch=True)


def test_phone_width_has_no_horizontal_scroll(phone, base_url):
    page = phone.page
    page.goto(base_url)
    expect(page.locator("#index-info")).to_contain_text("artikelen")
    assert no_horizontal_scroll(page)
    shot(page, "phone-help")

    search(page, base_url)
    expect(page.locator("#hits mark").first).to_be_visible()
    assert no_horizontal_scroll(page)
    expect(page.get_by_text("Periode en volgorde")).to_be_hidden()  # behind "Filters" on a phone
    page.get_by_role("button", name="Filters").click()
    expect(page.get_by_text("Periode en volgorde")).to_be_visible()  # and folded away in there
    expect(page.locator("#sort")).to_be_hidden()
    assert no_horizontal_scroll(page)
    shot(page, "phone-filters")
    page.get_by_role("button", name="Klaar").click()
    shot(page, "phone-results")

    page.locator("#hits a").first.click()
    expect(page.locator("#reader .target")).to_be_in_viewport()
    assert no_horizontal_scroll(page)
    shot(page, "phone-reader", full_page=False)


# -- errors ------------------------------------------------------------------------------------


def test_no_results_offers_did_you_mean(page, base_url):
    page.goto(f"{base_url}/?q=ontmoetngen")
    expect(page.get_by_role("status")).to_have_text("Niets gevonden voor ‘ontmoetngen’.")
    link = page.get_by_role("link", name="ontmoetingen")
    expect(link).to_be_visible()
    link.click()
    expect(hits(page)).to_have_count(6)
    expect(page.locator("#q")).to_have_value("ontmoetingen")
    assert params(page)["q"] == ["ontmoetingen"]


def test_an_api_error_is_shown_and_the_page_recovers(page, base_url):
    search(page, base_url)
    problem = {"type": "about:blank", "title": "Service Unavailable", "status": 503, "detail": "index wordt gebouwd"}
    body = json.dumps(problem)
    page.route("**/api/search?*", lambda route: route.fulfill(status=503, content_type=PROBLEM, body=body))
    page.locator("#q").press_sequentially(" kim", delay=10)
    alert = page.locator("#error")
    expect(alert).to_be_visible()
    expect(alert).to_have_attribute("role", "alert")
    expect(alert).to_contain_text("index wordt gebouwd")
    expect(hits(page)).to_have_count(6)  # the earlier results stay

    page.unroute("**/api/search?*")
    type_and_settle(page, " jong")
    expect(alert).to_be_hidden()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"gevonden"))
    assert params(page)["q"] == ["ontmoetingen kim jong"]


def test_a_stopped_server_shows_an_error(page, index_dir, tmp_path):
    with live_server(index_dir, tmp_path / "gunicorn.log") as url:
        search(page, url)
    page.locator("#q").press_sequentially(" kim", delay=10)
    expect(page.get_by_role("alert")).to_contain_text("De zoekdienst is niet bereikbaar")
    expect(hits(page)).to_have_count(6)
    shot(page, "server-stopped")
    page.locator("#facet-source button").first.click()  # still answers clicks, still reports
    expect(page.get_by_role("alert")).to_contain_text("niet bereikbaar")


def test_an_unknown_article_says_so(page, base_url):
    page.goto(f"{base_url}/?article=bestaat-niet&q=kim")
    expect(page.locator("#reader-title")).to_have_text("Dit artikel kon niet worden geladen.")
    expect(page.get_by_role("alert")).to_contain_text("bestaat-niet")
    page.get_by_role("link", name="← Terug naar de resultaten").click()
    expect(hits(page).first).to_be_visible()
    expect(page.get_by_role("alert")).to_be_hidden()


# -- a broad archive: many sources and years, paging that ends ----------------------------------

WIDE_SOURCES = 17
WIDE_YEARS = range(2000, 2025)
WIDE_ARTICLES = 50
WIDE_MAX_PAGE = 3  # so that paging ends before the results do (the real default is 100)
WIDE = {"width": 1366, "height": 900}


@pytest.fixture(scope="module")
def wide_url(tmp_path_factory) -> Iterator[str]:
    """Fifty cabinet articles from 17 sources over 25 years, served with paging capped at 3 pages."""
    root = tmp_path_factory.mktemp("wide")
    for n in range(WIDE_ARTICLES):
        folder = root / f"bron{n % WIDE_SOURCES:02d}"
        folder.mkdir(exist_ok=True)
        year = WIDE_YEARS[n % len(WIDE_YEARS)]
        (folder / f"kabinet-{n:02d}.txt").write_text(
            f"date {year}-06-01\nKabinet bespreekt punt {n}\n\nHet kabinet besprak punt {n} van de begroting.\n",
            encoding="utf-8",
        )
    config = Config(index_dir=root / "index")
    assert rebuild(config, [root]).articles == WIDE_ARTICLES
    env = {"ZOEKLICHT_MAX_PAGE": str(WIDE_MAX_PAGE)}
    with live_server(config.index_dir, root / "gunicorn.log", extra_env=env) as url:
        yield url


@pytest.fixture
def wide(browser) -> Iterator[Watched]:
    yield from open_page(browser, WIDE)


def tab_stops_to_first_result(page: Page) -> int:
    page.locator("#q").focus()
    for stops in range(1, 80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#hits') !== null"):
            return stops
    raise AssertionError("Tab never reached the first result")


# 1. Phone: results first, filters behind one control, active filters as removable chips.


def test_on_a_phone_the_results_come_first_and_filters_fold_into_one_control(phone, wide_url):
    page = phone.page
    page.goto(f"{wide_url}/?q=kabinet")
    first = hits(page).first
    expect(first).to_be_in_viewport()  # above the fold on a 740 px screen, not below the chips
    assert first.bounding_box()["y"] < 400
    toggle = page.get_by_role("button", name="Filters", exact=True)
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.locator("#facet-source")).to_be_hidden()

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    facet(page, "bron03").click()
    page.get_by_role("button", name="Klaar").click()
    expect(page.get_by_role("button", name="Filters (1)")).to_be_focused()
    chip = page.get_by_role("list", name="Actieve filters").get_by_role("button", name="Filter bron03 weghalen")
    expect(chip).to_be_visible()
    expect(hits(page)).to_have_count(3)  # 3, 20, 37
    assert chip.bounding_box()["y"] < first.bounding_box()["y"]  # above the results
    assert no_horizontal_scroll(page)
    shot(page, "phone-wide-results", full_page=False)

    chip.click()
    expect(hits(page)).to_have_count(10)
    assert "source" not in params(page)
    toggle = page.get_by_role("button", name="Filters", exact=True)
    expect(toggle).to_be_focused()  # the focus stays where the chip was
    toggle.press("Enter")
    expect(page.locator("#facet-source")).to_be_visible()
    page.keyboard.press("Escape")  # the panel closes by keyboard too
    expect(page.locator("#facet-source")).to_be_hidden()
    expect(toggle).to_be_focused()


# 2. Long filter lists: the top sources with "meer…", a filter box, compact years, the count in view.


def test_long_filter_lists_stay_short_and_the_new_count_is_in_view(wide, wide_url):
    page = wide.page
    page.goto(f"{wide_url}/?q=kabinet")
    sources = page.locator("#facet-source button")
    expect(sources.filter(visible=True)).to_have_count(5)
    more = page.get_by_role("button", name=f"meer… ({WIDE_SOURCES - 5})")
    aside = page.locator("#filters").bounding_box()
    assert aside["height"] < WIDE["height"], "the sidebar is longer than the screen"
    expect(page.locator("#to")).to_be_in_viewport()  # the date form is where it is seen
    shot(page, "desktop-wide-results", full_page=False)

    more.click()
    expect(sources.filter(visible=True)).to_have_count(WIDE_SOURCES)
    box = page.get_by_role("searchbox", name="Bronnen filteren")
    expect(box).to_be_focused()
    box.fill("bron1")
    expect(sources.filter(visible=True)).to_have_count(7)  # bron10 … bron16
    facet(page, "bron12").click()
    expect(hits(page)).to_have_count(3)

    page.set_viewport_size({"width": 1366, "height": 500})
    page.locator("#from").fill("2000")
    page.locator("#to").fill("2012")
    page.get_by_role("button", name="Toepassen").click()
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^2 artikelen gevonden"))
    expect(page.get_by_role("status")).to_be_in_viewport()


# 3. Title-only matches: marked in the title, counted as the reader counts, labelled as such.


def test_a_match_in_the_title_is_marked_and_labelled_as_a_title_match(page, base_url):
    # "verslag" stands alone only in the title of the hostile article; the seeds have it as a
    # compound's first part (verslaggevers), which the second word leaves out
    search(page, base_url, "verslag -verslaggevers")
    expect(page.get_by_role("status")).to_have_text("1 artikel gevonden, alleen in de titel.")
    hit = hits(page).first
    expect(hit.get_by_role("heading").locator("mark")).to_have_text("Verslag")
    expect(hit.locator(".matches")).to_have_text("Gevonden in de titel")
    shot(page, "title-match", full_page=False)
    hit.get_by_role("link").click()
    reader = page.locator("#reader")
    expect(reader.get_by_role("heading", level=2).locator("mark")).to_have_text("Verslag")
    expect(page.locator("#reader-match-info")).to_have_text(
        "De woorden van ‘verslag -verslaggevers’ staan in de titel, niet in de alinea's."
    )
    expect(reader.locator(".paragraph.target")).to_have_count(0)  # no paragraph called "found"
    expect(page.locator("#reader-title")).to_be_focused()
    shot(page, "reader-title-match", full_page=False)


def test_the_list_counts_matching_paragraphs_as_the_reader_marks_them(page, base_url):
    search(page, base_url, "trump")
    counts = [int(re.match(r"\d+", t).group()) for t in page.locator("#hits .matches").all_inner_texts()]
    for i, expected in enumerate(counts[:3]):
        search(page, base_url, "trump")
        page.locator("#hits a").nth(i).click()
        expect(page.locator("#reader .paragraph.match")).to_have_count(expected)


# 4. Empty and near-empty answers.


def test_no_did_you_mean_when_it_finds_nothing_either_but_the_words_on_their_own(page, base_url):
    page.goto(f"{base_url}/?q=haven ontmoetngen")  # "haven ontmoetingen" would find nothing either
    expect(page.get_by_role("status")).to_have_text("Geen artikel met alle woorden.")
    expect(page.locator("#did-you-mean")).to_be_hidden()
    alone = page.locator("#alone")
    expect(alone).to_have_text("Met haven alleen: 12 artikelen; met ontmoetngen alleen: 0 artikelen.")
    expect(alone.get_by_role("link")).to_have_text(["haven"])  # a word that finds nothing is no link
    shot(page, "empty-words-alone")
    alone.get_by_role("link", name="haven").click()
    expect(hits(page)).to_have_count(10)
    assert params(page)["q"] == ["haven"]


def test_while_typing_a_word_on_its_own_is_counted_and_linked_as_typed(page, base_url):
    page.goto(base_url)
    type_and_settle(page, "haven singap")  # "singap" is still being typed: a word start
    alone = page.locator("#alone")
    expect(alone).to_contain_text(re.compile(r"met singap alleen: [1-9]\d* artikel"))
    count = int(re.search(r"singap alleen: (\d+)", alone.inner_text()).group(1))
    alone.get_by_role("link", name="singap").click()
    expect(hits(page)).to_have_count(count)  # the link finds what it said it would


def test_a_query_of_stop_words_says_they_are_not_searched(page, base_url):
    page.goto(f"{base_url}/?q=het")
    expect(page.get_by_role("status")).to_have_text("‘het’ wordt niet gezocht.")
    expect(page.locator("#stop-note")).to_contain_text("stopwoorden")
    shot(page, "empty-stop-words")


def test_errors_are_dutch_and_next_to_their_control(page, base_url):
    search(page, base_url)
    sent: list[str] = []
    page.on("request", lambda request: sent.append(request.url))
    page.locator("#from").fill("2021")
    page.locator("#to").fill("2018")
    page.get_by_role("button", name="Toepassen").click()
    range_error = page.locator("#range-error")
    expect(range_error).to_have_text("De begindatum ligt na de einddatum.")  # refused at the form
    expect(page.locator("#from")).to_be_focused()
    assert "from" not in params(page) and not [url for url in sent if "from=" in url]

    page.goto(f"{base_url}/?q=ontmoetingen&from=2021&to=2018")  # a link with the range reversed
    expect(range_error).to_have_text("De begindatum ligt na de einddatum.")
    expect(page.locator("#error")).to_be_hidden()

    page.goto(f"{base_url}/?q={'woord ' * 100}")
    expect(page.locator("#q-error")).to_have_text(
        re.compile(r"^De zoekopdracht is te lang: \d+ tekens, hooguit 500\.$")
    )
    expect(page.locator("#error")).to_be_hidden()
    shot(page, "error-at-the-box")


# 5. Completions whatever the capitals, in the usual written form.


@pytest.mark.parametrize(("typed", "expected"), [("Trum", "Trump"), ("trum", "Trump"), ("Ontm", "ontmoeting")])
def test_completions_ignore_capitals_and_show_the_usual_form(page, base_url, typed, expected):
    page.goto(base_url)
    page.locator("#q").press_sequentially(typed, delay=20)
    expect(page.get_by_role("listbox", name="Aanvullingen").get_by_role("option").first).to_contain_text(expected)


# 6. While typing: the last word is a word start, said quietly; nothing breaks a phrase.


def test_while_typing_the_last_word_is_said_to_be_a_word_start_and_enter_settles_the_count(page, base_url):
    page.goto(base_url)
    type_and_settle(page, "ontmoeting")
    note = page.locator("#prefix-note")
    expect(note).to_have_text("Terwijl u typt, telt ‘ontmoeting’ als begin van een woord; Enter zoekt het hele woord.")
    page.locator("#q").press("Enter")
    expect(note).to_be_hidden()
    whole = page.request.get(f"{base_url}/api/search?q=ontmoeting").json()
    expect(page.get_by_role("status")).to_have_text(re.compile(rf"^{whole['total_articles']} artikelen gevonden"))


def test_no_completions_inside_a_phrase(page, base_url):
    page.goto(base_url)
    type_and_settle(page, '"kim jo')
    page.wait_for_timeout(300)
    expect(page.get_by_role("listbox", name="Aanvullingen")).to_be_hidden()
    page.locator("#q").fill("")
    type_and_settle(page, "kim jo")  # outside a phrase, completion goes on
    expect(page.get_by_role("listbox", name="Aanvullingen").get_by_role("option").first).to_contain_text(
        re.compile("^jong", re.IGNORECASE)
    )


# 7. The reader keeps the way back in view and hops between found paragraphs.


def test_the_reader_keeps_the_way_back_in_view_and_hops_between_matches(phone, base_url):
    page = phone.page
    search(page, base_url, "trump")
    page.locator("#hits a").first.click()
    back = page.get_by_role("link", name="← Terug naar de resultaten")
    target = page.locator("#reader .target")
    expect(target).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 300
    expect(back).to_be_in_viewport()
    expect(page.locator("#reader-bar-title")).to_be_visible()
    total = page.locator("#reader .paragraph.match").count()
    info = page.locator("#hop-info")
    first = target.get_attribute("id")
    expect(info).to_have_text(re.compile(rf"^\d+ van {total}$"))
    at = int(info.inner_text().split()[0])
    page.get_by_role("button", name="volgende treffer").click()
    expect(info).to_have_text(f"{at + 1} van {total}")
    expect(target).not_to_have_id(first)
    expect(target).to_be_in_viewport()
    expect(back).to_be_in_viewport()
    shot(page, "phone-reader-hops", full_page=False)
    page.get_by_role("button", name="vorige treffer").click()
    expect(target).to_have_id(first)


# 8. Keyboard: one Tab stop per filter group, a skip link, Escape keeps the search.


def test_each_filter_group_is_one_tab_stop_with_arrow_keys_inside(wide, wide_url):
    page = wide.page
    page.goto(f"{wide_url}/?q=kabinet")
    expect(hits(page)).to_have_count(10)
    # the box's own controls, one stop per filter group, the timeline, the view switch and the
    # export link: not one per source and year (37 before)
    assert tab_stops_to_first_result(page) <= 16
    years = page.locator("#facet-year button")
    expect(page.locator('#facet-year button[tabindex="0"]')).to_have_count(1)
    page.locator('#facet-year button[tabindex="0"]').focus()
    page.keyboard.press("ArrowRight")
    expect(years.nth(1)).to_be_focused()
    page.keyboard.press("End")
    expect(years.last).to_be_focused()
    page.keyboard.press("Enter")
    expect(hits(page)).to_have_count(2)  # the oldest year, 2000
    expect(page.locator('#facet-year button[aria-pressed="true"]')).to_be_focused()


def test_the_skip_link_leads_from_the_box_to_the_first_result(page, base_url):
    search(page, base_url)
    page.locator("#q").focus()
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de resultaten").last
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("#hits a").first).to_be_focused()


def test_escape_in_the_box_never_wipes_the_search(page, base_url):
    search(page, base_url)
    box = page.locator("#q")
    box.focus()
    expect(page.get_by_role("listbox", name="Aanvullingen")).to_be_hidden()
    box.press("Escape")
    page.wait_for_timeout(400)
    expect(box).to_have_value("ontmoetingen")
    assert params(page)["q"] == ["ontmoetingen"]
    expect(hits(page)).to_have_count(6)


# 9. Waiting: after 200 ms a quiet "Zoeken…", announced.


def test_a_slow_answer_shows_searching_after_a_moment(page, base_url):
    search(page, base_url)

    def slow(route: Route) -> None:
        page.wait_for_timeout(1200)
        route.continue_()

    page.route("**/api/search?*", slow)
    page.locator("#q").press_sequentially(" kim", delay=10)
    busy = page.locator("#busy")
    expect(busy).to_have_text("Zoeken…")
    expect(busy).to_have_attribute("aria-live", "polite")
    expect(busy).to_be_visible()
    expect(page.get_by_role("status")).to_have_text(re.compile("gevonden"), timeout=5000)
    expect(busy).to_have_text("", timeout=5000)
    expect(busy).to_be_hidden()


# 10. Where paging ends, the page says so.


def test_the_last_page_says_that_paging_ends_and_how_to_narrow(wide, wide_url):
    page = wide.page
    page.goto(f"{wide_url}/?q=kabinet&page={WIDE_MAX_PAGE - 1}")
    expect(hits(page)).to_have_count(10)
    end = page.locator("#paging-end")
    expect(end).to_be_hidden()
    page.get_by_role("button", name="Volgende").click()
    expect(page.locator("#page-info")).to_have_text(f"Pagina {WIDE_MAX_PAGE} van {WIDE_MAX_PAGE}")
    expect(end).to_have_text(
        f"Verder bladeren gaat niet: alleen de eerste {WIDE_MAX_PAGE * 10} van de {WIDE_ARTICLES} artikelen zijn te "
        "bekijken. Verfijn de zoekopdracht of kies een bron of periode om de rest te zien."
    )
    shot(page, "paging-end")


# -- hooks for other parts of the page (a timeline, an export link) ----------------------------


def test_other_scripts_hear_each_answer_and_can_change_the_search(page, base_url):
    page.add_init_script(
        "window.__heard = []; document.addEventListener('zoeklicht:results',"
        " (e) => window.__heard.push(e.detail.data.total_articles));"
    )
    search(page, base_url)
    assert page.evaluate("window.__heard") == [6]
    page.evaluate("document.dispatchEvent(new CustomEvent('zoeklicht:navigate', {detail: {from: '2018', to: '2018'}}))")
    expect(hits(page)).to_have_count(1)
    assert (params(page)["from"], params(page)["to"], params(page)["q"]) == (["2018"], ["2018"], ["ontmoetingen"])
    page.wait_for_function("window.__heard.length === 2")
    assert page.evaluate("window.__heard") == [6, 1]


# 10b and 11. A phrase is marked as one span; a snippet shows why a paragraph matched every word.


def test_a_phrase_is_marked_as_one_span(page, base_url):
    search(page, base_url, quote('"vraag van Kim"'))
    marks = hits(page).first.locator(".snippet mark")
    expect(marks.filter(has_text="vraag")).to_have_text(["vraag van Kim"])  # one span, "van" inside
    assert "van" not in [t.strip() for t in marks.all_inner_texts()]


def test_a_snippet_shows_each_matched_word_in_fragments(page, base_url):
    """Panmunjeom opens the paragraph and Korea's closes it, 330 characters later: the snippet
    shows both, in fragments joined with an ellipsis, instead of the window around one."""
    search(page, base_url, quote("Korea Panmunjeom"))
    snippet = hits(page).first.locator(".snippet")
    marked = [t.lower() for t in snippet.locator("mark").all_inner_texts()]
    assert any(t.startswith("panmunjeom") for t in marked) and any(t.startswith("korea") for t in marked)
    expect(snippet).to_contain_text("…")


# The reader's "origineel" link: only http(s), whatever an index built elsewhere holds.


@pytest.mark.parametrize(
    ("url", "offered"),
    [
        ("https://nos.nl/artikel/1", True),
        ("JaVaScRiPt:window.__xss=1", False),
        (" javascript:window.__xss=1", False),
        ("java\tscript:window.__xss=1", False),
        ("data:text/html,<script>window.__xss=1</script>", False),
    ],
)
def test_the_reader_offers_only_web_links_as_origineel(page, base_url, url, offered):
    def with_url(route: Route) -> None:
        response = route.fetch()
        article = response.json()
        article["url"] = url
        route.fulfill(response=response, json=article)

    page.route("**/api/articles/004_4ec734f60fdfd72d?*", with_url)
    page.goto(f"{base_url}/?q=ontmoetingen&article=004_4ec734f60fdfd72d")
    expect(page.locator("#reader-title")).to_be_visible()
    link = page.locator("#reader").get_by_role("link", name="origineel")
    if offered:
        expect(link).to_have_attribute("href", url)
    else:
        expect(link).to_have_count(0)
        assert page.evaluate("window.__xss") is None
