"""The search page by keyboard alone, in a real headless Chromium: one Tab stop per filter
group, a skip link, and an Escape that never wipes the search.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.ui_page import hits, params, search, type_and_settle

pytestmark = pytest.mark.ui


def tab_stops_to_first_result(page: Page) -> int:
    page.locator("#q").focus()
    for stops in range(1, 80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#hits') !== null"):
            return stops
    raise AssertionError("Tab never reached the first result")


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
