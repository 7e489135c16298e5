"""Empty and near-empty answers on the search page, in a real headless Chromium: did-you-mean,
the words counted on their own, and a query of stop words.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.ui_page import hits, params, shot, type_and_settle

pytestmark = pytest.mark.ui


def test_no_results_offers_did_you_mean(page, base_url):
    page.goto(f"{base_url}/?q=ontmoetngen")
    expect(page.get_by_role("status")).to_have_text("Niets gevonden voor ‘ontmoetngen’.")
    link = page.get_by_role("link", name="ontmoetingen")
    expect(link).to_be_visible()
    link.click()
    expect(hits(page)).to_have_count(6)
    expect(page.locator("#q")).to_have_value("ontmoetingen")
    assert params(page)["q"] == ["ontmoetingen"]


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
