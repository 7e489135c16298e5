"""What can go wrong on the search page, in a real headless Chromium: HTML in indexed text
that must never run, an API error, a stopped server, and input refused next to its control.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.live_server import live_server
from tests.ui_corpus import XSS_IMG, XSS_SCRIPT, XSS_SVG, XSS_TITLE
from tests.ui_page import PROBLEM, hits, params, search, shot, type_and_settle

pytestmark = pytest.mark.ui


# -- safety ------------------------------------------------------------------------------------


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


# -- errors ------------------------------------------------------------------------------------


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


def test_a_stopped_server_shows_an_error(page, ui_index_dir, tmp_path):
    with live_server(ui_index_dir, tmp_path / "gunicorn.log") as url:
        search(page, url)
    page.locator("#q").press_sequentially(" kim", delay=10)
    expect(page.get_by_role("alert")).to_contain_text("De zoekdienst is niet bereikbaar")
    expect(hits(page)).to_have_count(6)
    shot(page, "server-stopped")
    page.locator("#facet-source button").first.click()  # still answers clicks, still reports
    expect(page.get_by_role("alert")).to_contain_text("niet bereikbaar")


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
