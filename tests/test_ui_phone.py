"""The search page at phone width, in a real headless Chromium: no horizontal scroll, the
results first and the filters folded into one control.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.ui_page import facet, hits, no_horizontal_scroll, params, search, shot

pytestmark = pytest.mark.ui


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
