"""Reading an article from the results, in a real headless Chromium: the matched paragraph,
title-only matches, hopping between matches, the "origineel" link and an unknown article.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Route, expect

from tests.ui_page import hits, params, search, shot

pytestmark = pytest.mark.ui


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


# Title-only matches: marked in the title, counted as the reader counts, labelled as such.


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


# The reader keeps the way back in view and hops between found paragraphs.


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


def test_an_unknown_article_says_so(page, base_url):
    page.goto(f"{base_url}/?article=bestaat-niet&q=kim")
    expect(page.locator("#reader-title")).to_have_text("Dit artikel kon niet worden geladen.")
    expect(page.get_by_role("alert")).to_contain_text("bestaat-niet")
    page.get_by_role("link", name="← Terug naar de resultaten").click()
    expect(hits(page).first).to_be_visible()
    expect(page.get_by_role("alert")).to_be_hidden()
