"""Stored fields read from the mapped columns are Whoosh's, paragraph for paragraph, also when
many request threads read at once."""

from __future__ import annotations

import gc
import random
import sys
import threading
import weakref
from pathlib import Path

import pytest

from search import generations
from search.config import Config
from search.follower import Generation
from search.indexer import rebuild
from search.stored import StoredFields

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="module", params=[1, 2], ids=["one segment", "two segments"])
def generation(request, tmp_path_factory) -> Generation:
    config = Config(index_dir=tmp_path_factory.mktemp(f"procs{request.param}") / "index")
    rebuild(config, [SEEDS], procs=request.param)
    opened = Generation.open(generations.current_generation(config.index_dir))
    assert len(opened.searcher.reader().leaf_readers()) == request.param
    yield opened
    opened.close()


def whoosh_fields(generation: Generation) -> list[dict]:
    with generation.lock:
        return [generation.searcher.stored_fields(d) for d in range(generation.matcher.size)]


def test_every_paragraph_has_whooshs_stored_fields(generation):
    expected = whoosh_fields(generation)
    assert len(expected) > 20
    assert [generation.fields[d] for d in range(generation.matcher.size)] == expected
    assert all(f["text"] for f in expected)


def test_a_docnum_beyond_the_index_is_no_paragraph(generation):
    with pytest.raises(IndexError):
        generation.fields[generation.matcher.size]
    with pytest.raises(IndexError):
        generation.fields[-1]


def test_threads_reading_at_once_each_get_their_own_paragraph(generation):
    """Whoosh's readers seek, then read: unguarded, one thread's seek moves another's read."""
    expected = whoosh_fields(generation)
    fields = StoredFields(generation.path, generation.searcher.reader())
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    wrong: list[int] = []

    def read(seed: int) -> None:
        order = list(range(generation.matcher.size)) * 20
        random.Random(seed).shuffle(order)
        for docnum in order:
            try:
                if fields[docnum] != expected[docnum]:
                    wrong.append(docnum)
            except Exception:  # a read from another thread's position: not even a record
                wrong.append(docnum)

    try:
        threads = [threading.Thread(target=read, args=(seed,)) for seed in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
        fields.close()
    assert wrong == []


def test_a_paragraph_read_again_is_the_same_and_a_copy_for_the_caller(generation):
    first = generation.stored(3)
    first["text"] = "changed by a caller"
    assert generation.stored(3)["text"] == whoosh_fields(generation)[3]["text"]


def test_a_closed_generation_reads_nothing(tmp_path):
    config = Config(index_dir=tmp_path / "index")
    rebuild(config, [SEEDS])
    opened = Generation.open(generations.current_generation(config.index_dir))
    assert opened.stored(0)["text"]
    opened.close()
    with pytest.raises(ValueError):
        opened.stored(0)


def test_a_generation_let_go_closes_its_files_at_once(tmp_path):
    """A server replaces its generation when CURRENT changes: the old one's files close when its
    last request lets go of it, not at some later garbage collection (nothing that reads its
    stored fields may hold the generation)."""
    config = Config(index_dir=tmp_path / "index")
    rebuild(config, [SEEDS])
    opened = Generation.open(generations.current_generation(config.index_dir))
    fields, gone = opened.fields, weakref.ref(opened)
    assert opened.stored(0)["text"]
    gc.disable()
    try:
        del opened
        assert gone() is None
        with pytest.raises(ValueError):
            fields[0]  # its maps are closed
    finally:
        gc.enable()
