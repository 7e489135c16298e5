"""The engine across generations, processes and threads, on real indexes: a new generation
swapped in under searches, a fresh process adopting the index's lexicon, many threads at once.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from search.config import Config
from search.engine import Engine
from search.indexer import rebuild
from search.results import SearchRequest
from tests.news_engine import search

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"


def test_searches_keep_working_while_a_new_generation_is_swapped_in(tmp_path):
    config = Config(index_dir=tmp_path / "index")
    rebuild(config, [SEEDS])
    engine = Engine(config)
    first = engine.generation_name
    failures: list[BaseException] = []
    stop = threading.Event()

    def keep_searching() -> None:
        while not stop.is_set():
            try:
                assert engine.search(SearchRequest(q="Trump")).total_articles == 5
            except BaseException as exc:  # noqa: BLE001 - report any failure to the test thread
                failures.append(exc)
                return

    threads = [threading.Thread(target=keep_searching) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for _ in range(2):
            rebuild(config, [SEEDS])
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert not failures
    assert engine.generation_name != first


def test_a_fresh_server_analyses_queries_with_the_lexicon_the_index_was_built_with(news_engine):
    """The generation carries its lexicon; a new process adopts it instead of rebuilding it."""
    gen = news_engine._current().path
    assert (gen / "lexicon.pickle").is_file()
    script = (
        "import sys; from pathlib import Path; from search import analysis; from search.config import Config;"
        "from search.engine import Engine; from search.results import SearchRequest;"
        "adopted = analysis.use_lexicon(Path(sys.argv[2]));"
        "e = Engine(Config(index_dir=Path(sys.argv[1])));"
        "print('ok', adopted, e.search(SearchRequest(q='ontmoetten')).total_paragraphs,"
        "analysis.use_lexicon(Path(sys.argv[2])))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(news_engine.config.index_dir), str(gen / "lexicon.pickle")],
        capture_output=True, text=True, check=True, cwd=REPO,
    ).stdout.split()  # fmt: skip
    expected = search(news_engine, "ontmoetten").total_paragraphs
    assert out == ["ok", "True", str(expected), "False"]  # True: the snapshot loads; False: one was adopted


def test_articles_and_searches_from_many_threads_at_once(news_engine):
    """Request threads share one generation; nothing they read may trip over another."""
    article_ids = ["000_ebc508246efc8cf3", "001_7f824c05e3695702", "parlement", "xss"]
    failures: list[BaseException] = []

    def read(offset: int) -> None:
        try:
            for i in range(60):
                article_id = article_ids[(i + offset) % len(article_ids)]
                assert news_engine.article(article_id, q="trump").id == article_id
                assert search(news_engine, "ontmoeting").total_articles >= 5
        except BaseException as exc:  # noqa: BLE001 - report any failure to the test thread
            failures.append(exc)

    threads = [threading.Thread(target=read, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
