"""Narrowing and paging the results on the search page, in a real headless Chromium: facets,
dates and sorting in the URL, long filter lists, and pages that end.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.ui_corpus import RELEASES, WIDE_ARTICLES, WIDE_MAX_PAGE, WIDE_SOURCES
from tests.ui_page import WIDE, facet, hits, params, search, shot

pytestmark = pytest.mark.ui


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


# Long filter lists: the top sources with "meer…", a filter box, compact years, the count in view.


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


# -- paging ------------------------------------------------------------------------------------


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


# Where paging ends, the page says so.


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
