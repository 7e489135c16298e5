"""Hostile input is cleaned or refused at ingest, and every repair is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from search.config import Config
from search.engine import Engine
from search.errors import IngestError
from search.indexer import StrictBuildError, rebuild
from search.ingest import iter_source_files
from search.records import MAX_ID_CHARS, MAX_PARAGRAPH_CHARS, MAX_SOURCE_CHARS
from search.results import SearchRequest
from tests.ingested import read


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox",
        "//evil.example/x",
        "http:alert(1)",
        "\x01javascript:alert(1)",
    ],
)
def test_only_http_links_are_kept_and_others_are_reported(corpus, url):
    path = corpus.jsonl("a.jsonl", [{"id": "a", "title": "T", "text": "Tekst van het artikel.", "url": url}])
    [article], problems = read(path)
    assert article.url == ""
    assert [p.line for p in problems] == [None] and "not an http(s) URL" in problems[0].reason


@pytest.mark.parametrize("url", ["https://nos.nl/artikel/1", "HTTP://example.com/a?b=c", " https://x.nl/ "])
def test_http_links_stay(corpus, url):
    path = corpus.jsonl("a.jsonl", [{"id": "a", "title": "T", "text": "Tekst.", "url": url}])
    [article], problems = read(path)
    assert article.url == url.strip() and problems == []


def test_control_and_bidi_characters_are_removed_everywhere(corpus):
    path = corpus.jsonl(
        "a.jsonl",
        [
            {
                "id": "a\x1b[31mrood",
                "source": "nos\x1b[2J\x07",
                "title": "Titel \u202egnp.exe\u202c en \u2066isolaat\u2069",
                "text": "Tekst met \u202eomgekeerd\u202c en \x1b[1mvet.",
                "url": "https://nos.nl/\x1bx",
            }
        ],
    )
    [article], _ = read(path)
    fields = [article.id, article.source, article.title, article.url, article.paragraphs[0].text]
    for value in fields:
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E for c in value), value
        assert not any(0x2066 <= ord(c) <= 0x2069 for c in value), value
    assert article.source == "nos[2J"


def test_long_ids_and_sources_are_capped_so_they_can_be_looked_up_and_filtered(corpus, tmp_path):
    long_id, long_source = "x" * 5000, "bron" * 100
    path = corpus.jsonl("a.jsonl", [{"id": long_id, "source": long_source, "title": "T", "text": "De krant schreef."}])
    [article], problems = read(path)
    assert len(article.id) <= MAX_ID_CHARS and len(article.source) == MAX_SOURCE_CHARS
    assert any("source name" in p.reason for p in problems)
    config = Config(index_dir=tmp_path / "index")
    rebuild(config, [path])
    engine = Engine(config)
    assert engine.article(article.id).title == "T"
    assert engine.search(SearchRequest(q="krant", sources=(article.source,))).total_articles == 1


def test_an_overlong_paragraph_is_split_and_reported(corpus, tmp_path):
    sentence = "De gemeenteraad vergaderde urenlang over de begroting. "
    text = sentence * (3 * MAX_PARAGRAPH_CHARS // len(sentence))
    path = corpus.jsonl("a.jsonl", [{"id": "lang", "title": "Lang", "text": text}])
    [article], problems = read(path)
    assert len(article.paragraphs) >= 3
    assert all(len(p.text) <= MAX_PARAGRAPH_CHARS for p in article.paragraphs)
    assert all(p.text.endswith(".") for p in article.paragraphs)  # cut after sentences
    assert " ".join(p.text for p in article.paragraphs) == text.strip()
    assert ["overlong paragraph split" in p.reason for p in problems] == [True]


@pytest.fixture
def unreadable(monkeypatch):
    """Make a folder unreadable: chmod for an ordinary user; root reads anything, so for root
    the folder's listing fails the way it would (PermissionError from scandir)."""

    def make(folder: Path) -> None:
        if os.geteuid() != 0:
            folder.chmod(0)
            return
        real = os.scandir

        def scandir(path=".", *args):
            if isinstance(path, (str, os.PathLike)) and Path(path) == folder:
                raise PermissionError(13, "Permission denied", str(folder))
            return real(path, *args)

        monkeypatch.setattr(os, "scandir", scandir)

    yield make


def test_an_unreadable_folder_is_reported_and_strict_refuses(corpus, tmp_path, unreadable):
    corpus.txt("ok/a.txt", "Titel\n\nDe krant schreef over de raad.")
    corpus.txt("geheim/b.txt", "Titel\n\nDit wordt nooit gelezen.")
    unreadable(corpus.root / "geheim")
    try:
        problems: list[IngestError] = []
        files = list(iter_source_files([corpus.root], problems.append))
        assert [f.name for f in files] == ["a.txt"]
        assert len(problems) == 1 and problems[0].path.endswith("geheim")
        assert "cannot read folder" in problems[0].reason
        with pytest.raises(StrictBuildError):
            rebuild(Config(index_dir=tmp_path / "index"), [corpus.root], strict=True)
    finally:
        (corpus.root / "geheim").chmod(0o755)
