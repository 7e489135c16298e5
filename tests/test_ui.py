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
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Error, Page, Route, expect, sync_playwright

from search.config import Config
from search.indexer import rebuild
from tests.live_server import live_server

pytestmark = pytest.mark.ui

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
ARTEFACTS = REPO / "test-artefacts" / "ui"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run"]  # fmt: skip
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}
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


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


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
        f"{api['total_articles']} artikelen gevonden, {api['total_paragraphs']} alinea's komen overeen."
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
