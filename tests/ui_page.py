"""Driving the search page in a real headless Chromium: a watched page and what a person does on it.

Screenshots of the main states go to ``test-artefacts/ui/`` (not committed). The pages
themselves are fixtures in ``tests/conftest.py`` (``page``, ``phone``, ``wide``, ``csp_off``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page, expect

ARTEFACTS = Path(__file__).resolve().parents[1] / "test-artefacts" / "ui"
PROBLEM = "application/problem+json"
WIDE = {"width": 1366, "height": 900}


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
