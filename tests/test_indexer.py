"""Builds of real tiny indexes: what gets served, what gets reported, what survives a failure."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from whoosh import index as whoosh_index
from whoosh.qparser import MultifieldParser

import search.indexer
from search import generations
from search.config import Config
from search.errors import IndexLockedError
from search.follower import Generation
from search.generation_format import Meta
from search.indexer import NothingIndexedError, StrictBuildError, rebuild
from search.records import paragraph_id


def found(index_dir: Path, query: str) -> list[str]:
    """Paragraph ids the served generation finds for ``query``, opened as a reader would."""
    gen = generations.current_generation(index_dir)
    assert gen is not None, "no generation is served"
    ix = whoosh_index.open_dir(str(gen))
    try:
        with ix.searcher() as searcher:
            parsed = MultifieldParser(["title", "heading", "text"], ix.schema).parse(query)
            return [paragraph_id(hit["article"], hit["para"]) for hit in searcher.search(parsed, limit=None)]
    finally:
        ix.close()


def generation_dirs(index_dir: Path) -> list[str]:
    return sorted(p.name for p in index_dir.iterdir() if p.name.startswith((generations.GEN_PREFIX, ".tmp")))


# -- a build ------------------------------------------------------------------------------------


def test_build_serves_a_generation_that_finds_paragraphs(built_index):
    report = built_index.report
    gen = generations.current_generation(built_index.index_dir)
    assert gen is not None and gen.name == report.generation
    hits = found(built_index.index_dir, "Pyongyang")
    assert hits and all(h.split(":")[0][:3] in {"000", "001", "002", "003", "004"} for h in hits)
    assert "003_b4ec18b8cba0ac6d:0" in found(built_index.index_dir, "lift")  # the "lift naar huis" story
    assert found(built_index.index_dir, "ontmoetingen")  # Dutch forms meet: ontmoeting / ontmoetingen


def test_summary_counts_articles_paragraphs_and_files(built_index):
    report = built_index.report
    assert (report.articles, report.paragraphs, report.files, report.skipped) == (5, 56, 5, [])
    assert report.summary().startswith("indexed 5 articles, 56 paragraphs from 5 files in ")
    meta = Meta.read(generations.current_generation(built_index.index_dir))
    assert (meta.articles, meta.paragraphs, meta.sources) == (5, 56, {"seeds": 56})
    assert (meta.date_min, meta.date_max) == ("2018-05-01", "2021-02-28")  # months, not days


def test_stored_fields_keep_date_precision_and_heading(built_index):
    generation = Generation.open(generations.current_generation(built_index.index_dir))
    try:
        docnum = int(np.flatnonzero(np.asarray(generation.matcher.documents.article_idx) == 3)[3])
        doc = generation.stored(docnum)
    finally:
        generation.close()
    assert doc["id"] == "003_b4ec18b8cba0ac6d:3"
    assert (doc["date"], doc["precision"], doc["heading"], doc["source"]) == ("2021-02", "month", "Verrassing", "seeds")


def test_article_facts_are_stored_once_with_the_first_paragraph(built_index):
    """Whoosh, the index of record, holds every fact once: the article's with its first paragraph."""
    ix = whoosh_index.open_dir(str(generations.current_generation(built_index.index_dir)))
    try:
        with ix.searcher() as searcher:
            stored = list(searcher.all_stored_fields())
    finally:
        ix.close()
    firsts = [doc for doc in stored if doc["para"] == 0]
    assert len(firsts) == 5 and all(doc["title"] and doc["source"] == "seeds" for doc in firsts)
    assert not any({"title", "source", "date", "url"} & doc.keys() for doc in stored if doc["para"] > 0)


def test_skipped_inputs_are_counted_with_reasons_and_the_rest_indexed(corpus, index_config):
    corpus.txt("goed.txt", "Het kabinet is gevallen.")
    corpus.txt("notes.md", "notities")
    corpus.jsonl(
        "regels.jsonl",
        [{"id": "r1", "text": "De dijk is doorgebroken."}, '{"text": kapot', {"text": "x", "date": "gisteren"}],
    )
    seen = []
    report = rebuild(index_config, [corpus.root], on_skip=seen.append)
    assert (report.articles, report.files) == (3, 2)  # the article with a bad date is kept
    assert [str(s) for s in seen] == [str(s) for s in report.skipped]
    assert sorted((Path(s.path).name, s.line, s.reason.split(" (")[0].split(":")[0]) for s in report.skipped) == [
        ("notes.md", None, "unsupported file type .md"),
        ("regels.jsonl", 2, "malformed JSON"),
        ("regels.jsonl", 3, "not a date"),
    ]
    summary = report.summary()
    assert "skipped or repaired 3:" in summary
    assert "1× malformed JSON" in summary and "1× not a date" in summary
    assert found(index_config.index_dir, "dijk") == ["r1:0"]


def _broken_link(corpus) -> None:
    (corpus.root / "weg.txt").symlink_to(corpus.root / "nergens.txt")


def _truncated_gz(corpus) -> None:
    data = gzip.compress(b"".join(json.dumps({"text": f"Zin {i}."}).encode() + b"\n" for i in range(2000)))
    corpus.raw("kapot.jsonl.gz", data[: len(data) // 2])


@pytest.mark.parametrize(
    ("make_bad", "name", "line", "reason"),
    [
        (lambda c: c.raw("latin.txt", b"Goed.\n\nCaf\xe9."), "latin.txt", 3, "not UTF-8"),
        (lambda c: c.raw("regels.jsonl", b'{"text": "Een."}\n{kapot\n'), "regels.jsonl", 2, "malformed JSON"),
        (lambda c: c.raw("rijen.csv", b"id,text\n1,Tekst.\n2,\n"), "rijen.csv", 3, "row without text"),
        (lambda c: c.txt("lees.mij", "Tekst."), "lees.mij", None, "unsupported file type"),
        (_broken_link, "weg.txt", None, "cannot read"),
        (_truncated_gz, "kapot.jsonl.gz", None, "cannot read"),
        (lambda c: c.jsonl("d.jsonl", [{"text": "Oud.", "date": "1 smarch 2019"}]), "d.jsonl", 1, "not a date"),
    ],
    ids=["undecodable", "bad-json", "csv-no-text", "extension", "broken-link", "truncated-gz", "bad-date"],
)
def test_bad_input_is_named_and_the_good_file_still_indexed(corpus, index_config, make_bad, name, line, reason):
    corpus.txt("goed.txt", "De Hoge Raad oordeelt over de dijkwacht.")
    make_bad(corpus)
    report = rebuild(index_config, [corpus.root])
    (skip,) = [s for s in report.skipped if Path(s.path).name == name]
    assert skip.reason.startswith(reason)
    if line is not None:
        assert skip.line == line
    assert found(index_config.index_dir, "dijkwacht") == ["goed:0"]


def test_truncated_gz_keeps_the_lines_before_the_cut(corpus, index_config):
    _truncated_gz(corpus)
    report = rebuild(index_config, [corpus.root])
    (skip,) = report.skipped
    assert 0 < report.articles < 2000
    assert skip.line == report.articles + 1


def test_duplicate_article_ids_are_reported(corpus, index_config, seeds_dir):
    corpus.txt("000_ebc508246efc8cf3.txt", "Een kopie met dezelfde naam.")
    report = rebuild(index_config, [seeds_dir, corpus.root])
    assert report.articles == 5
    assert [s.reason for s in report.skipped] == ["duplicate article id 000_ebc508246efc8cf3"]


def test_source_option_names_every_article(corpus, index_config):
    corpus.jsonl("n.jsonl", [{"text": "Het regent.", "source": "nos"}])
    rebuild(index_config, [corpus.root], source="kranten")
    meta = Meta.read(generations.current_generation(index_config.index_dir))
    assert meta.sources == {"kranten": 1}


def test_two_processes_index_the_same_documents(seeds_dir, tmp_path):
    counts = []
    for procs in (1, 2):
        config = Config(index_dir=tmp_path / f"procs-{procs}")
        report = rebuild(config, [seeds_dir], procs=procs)
        ix = whoosh_index.open_dir(str(generations.current_generation(config.index_dir)))
        try:
            with ix.searcher() as searcher:
                ids = sorted(paragraph_id(doc["article"], doc["para"]) for doc in searcher.all_stored_fields())
        finally:
            ix.close()
        counts.append((report.paragraphs, ids))
    assert counts[0] == counts[1]
    assert found(tmp_path / "procs-2", "Pyongyang") and counts[0][0] == 56


# -- publishing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("interruption", [RuntimeError("disk on fire"), KeyboardInterrupt()], ids=["error", "ctrl-c"])
def test_a_failed_build_leaves_the_old_index_served(built_index, corpus, monkeypatch, interruption):
    old = generations.current_generation(built_index.index_dir)
    before = found(built_index.index_dir, "Pyongyang")
    corpus.txt("a.txt", "Eerste artikel over de Pyongyang-route.")
    corpus.txt("b.txt", "Tweede artikel.")
    real_read = search.indexer.read_articles
    calls = []

    def read_then_fail(path, source, on_problem):
        calls.append(path)
        if len(calls) == 2:  # midway: one file already written to the new generation
            raise interruption
        return real_read(path, source, on_problem)

    monkeypatch.setattr(search.indexer, "read_articles", read_then_fail)
    with pytest.raises(type(interruption)):
        rebuild(built_index.config, [corpus.root])
    assert generations.current_generation(built_index.index_dir) == old
    assert found(built_index.index_dir, "Pyongyang") == before
    assert generation_dirs(built_index.index_dir) == [old.name]  # no .tmp-gen-* left behind


def test_an_empty_build_is_not_published(built_index, tmp_path):
    old = generations.current_generation(built_index.index_dir)
    with pytest.raises(NothingIndexedError) as info:
        rebuild(built_index.config, [tmp_path / "typo"])
    assert [s.reason for s in info.value.report.skipped] == ["no such file or folder"]
    assert generations.current_generation(built_index.index_dir) == old
    assert generation_dirs(built_index.index_dir) == [old.name]


def test_a_strict_build_with_a_skip_is_not_published(built_index, corpus):
    old = generations.current_generation(built_index.index_dir)
    corpus.txt("goed.txt", "Nieuw artikel over dijkwacht.")
    corpus.jsonl("r.jsonl", [{"text": "Ook goed."}, "{kapot"])
    with pytest.raises(StrictBuildError, match="1 inputs skipped") as info:
        rebuild(built_index.config, [corpus.root], strict=True)
    assert info.value.report.articles == 2  # everything was read and every problem reported first
    assert [(s.line, s.reason.split(" (")[0]) for s in info.value.report.skipped] == [(2, "malformed JSON")]
    assert generations.current_generation(built_index.index_dir) == old
    assert found(built_index.index_dir, "dijkwacht") == []
    assert generation_dirs(built_index.index_dir) == [old.name]


def test_the_index_never_shows_a_half_built_generation(built_index, corpus):
    old = generations.current_generation(built_index.index_dir)
    for i in range(3):
        corpus.txt(f"{i}.txt", f"Artikel {i} over de dijkwacht.")
    seen_mid_build = []

    def look(_paragraphs: int) -> None:
        names = generation_dirs(built_index.index_dir)
        seen_mid_build.append(
            (
                generations.current_generation(built_index.index_dir) == old,
                [n for n in names if n.startswith(generations.GEN_PREFIX)],
                sum(n.startswith(generations.TMP_PREFIX) for n in names),
                found(built_index.index_dir, "dijkwacht"),
            )
        )

    report = rebuild(built_index.config, [corpus.root], progress=look)
    assert seen_mid_build == [(True, [old.name], 1, [])] * 3
    assert len(found(built_index.index_dir, "dijkwacht")) == 3
    assert generations.current_generation(built_index.index_dir).name == report.generation


def test_a_generation_without_meta_is_never_served(tmp_path):
    index_dir = tmp_path / "index"
    (index_dir / "gen-1").mkdir(parents=True)  # as if a build died between rename and meta
    (index_dir / generations.CURRENT).write_text("gen-1\n")
    assert generations.current_generation(index_dir) is None
    (index_dir / "gen-1" / generations.META).write_text("{}")
    assert generations.current_generation(index_dir) == index_dir / "gen-1"  # complete now: served


@pytest.mark.parametrize("name", ["../elsewhere", "elsewhere", ".tmp-gen-1"])
def test_current_naming_anything_but_a_generation_is_ignored(tmp_path, name):
    index_dir = tmp_path / "index"
    (index_dir / name).mkdir(parents=True)
    (index_dir / name / generations.META).write_text("{}")
    (index_dir / generations.CURRENT).write_text(name + "\n")
    assert generations.current_generation(index_dir) is None


def test_an_index_dir_that_is_a_file_has_no_generation(tmp_path):
    (tmp_path / "index").write_text("not a folder")
    assert generations.current_generation(tmp_path / "index") is None


def test_a_leftover_of_a_killed_build_is_cleaned_by_the_next(index_config, seeds_dir):
    stale = index_config.index_dir / f"{generations.TMP_PREFIX}123"
    stale.mkdir(parents=True)
    (stale / "_MAIN_1.toc").write_bytes(b"half")
    rebuild(index_config, [seeds_dir])
    assert not stale.exists()


def test_new_builds_switch_current_and_keep_only_the_previous_generation(index_config, corpus, seeds_dir):
    first = rebuild(index_config, [seeds_dir]).generation
    corpus.txt("dijk.txt", "De dijkwacht houdt de wacht.")
    second = rebuild(index_config, [seeds_dir, corpus.root]).generation
    index_dir = index_config.index_dir
    assert generations.current_generation(index_dir).name == second
    assert generation_dirs(index_dir) == sorted([first, second])  # readers still on the first may finish
    assert found(index_dir, "dijkwacht") == ["dijk:0"]
    third = rebuild(index_config, [corpus.root]).generation
    assert generation_dirs(index_dir) == sorted([second, third])  # the first is gone now
    assert generations.current_generation(index_dir).name == third
    assert found(index_dir, "Pyongyang") == []
    ix = whoosh_index.open_dir(str(index_dir / second))  # the grace generation still opens
    try:
        assert ix.doc_count() == 57
    finally:
        ix.close()


# -- one build at a time ------------------------------------------------------------------------


def test_a_build_is_refused_while_the_lock_is_held(built_index, seeds_dir):
    old = generations.current_generation(built_index.index_dir)
    with generations.build_lock(built_index.index_dir):
        with pytest.raises(IndexLockedError, match="another build of .* is running"):
            rebuild(built_index.config, [seeds_dir])
    assert generations.current_generation(built_index.index_dir) == old
    assert rebuild(built_index.config, [seeds_dir]).generation != old.name  # free again


def test_a_build_in_another_process_holds_the_lock(index_config, seeds_dir):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from search.generations import build_lock\n"
            "with build_lock(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()",
            str(index_config.index_dir),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(IndexLockedError):
            rebuild(index_config, [seeds_dir])
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
        holder.stdout.close()
    assert rebuild(index_config, [seeds_dir]).articles == 5
