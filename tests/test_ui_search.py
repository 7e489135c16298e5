"""Searching on the page in a real headless Chromium against a real gunicorn: the empty page,
results as you type, stale and slow answers, what is marked in a snippet, and the events
other scripts hear. The index and server are ``tests/conftest.py``'s ``base_url``.
"""

from __future__ import annotations

import contextlib
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import Error, Route, expect

from tests.ui_corpus import RELEASES
from tests.ui_page import hits, matches_line, params, search, shot, type_and_settle

pytestmark = pytest.mark.ui


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


# Waiting: after 200 ms a quiet "Zoeken…", announced.


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


# -- what a snippet marks -----------------------------------------------------------------------


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
