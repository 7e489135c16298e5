"""Completing the word being typed on the search page, in a real headless Chromium: the list
of completions by keyboard, capitals, phrases, and the note that the last word is a word start.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.ui_page import hits, params, type_and_settle

pytestmark = pytest.mark.ui


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


# Completions whatever the capitals, in the usual written form.


@pytest.mark.parametrize(("typed", "expected"), [("Trum", "Trump"), ("trum", "Trump"), ("Ontm", "ontmoeting")])
def test_completions_ignore_capitals_and_show_the_usual_form(page, base_url, typed, expected):
    page.goto(base_url)
    page.locator("#q").press_sequentially(typed, delay=20)
    expect(page.get_by_role("listbox", name="Aanvullingen").get_by_role("option").first).to_contain_text(expected)


# While typing: the last word is a word start, said quietly; nothing breaks a phrase.


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
