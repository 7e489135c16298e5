"""What the search page tells its reader, as the API answers it: marked titles, paragraph counts
that agree with the reader, a did-you-mean only when it helps, what the words find on their own,
stop words, and completions whatever the capitals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from search import idsets
from search.config import Config
from search.indexer import rebuild
from web.app import create_app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

# A name that is mostly in headlines, a word a typo away from it that is more frequent, and
# one article with hostile HTML in its title.
ARTICLES = {
    "kabinet.txt": "date 2020-01\nHet kabinet vergadert\n\nHet kabinet vergaderde de hele dag over de begroting.\n\n"
    "Na afloop was het stil, en het bleef stil.\n",
    "rutte.txt": "date 2020-02\nRutte bezoekt Brussel\n\nDe premier sprak met Europese leiders over de begroting.\n\n"
    "Rutte noemde het gesprek later goed.\n",
    "rustte.txt": "date 2020-03\nEen stille zondag\n\nHij rustte uit. Zij rustte ook. Iedereen rustte.\n\n"
    "Het dorp rustte en de hond rustte.\n",
    "html.txt": "date 2020-04\nRutte en <b>de</b> <img src=x onerror=alert(1)> pers\n\nEen gewone alinea.\n",
}


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    root = tmp_path_factory.mktemp("page")
    folder = root / "nieuws"
    folder.mkdir()
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    config = Config(index_dir=root / "index")
    rebuild(config, [folder])
    return create_app(config).test_client()


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    config = Config(index_dir=tmp_path_factory.mktemp("seeds") / "index")
    rebuild(config, [SEEDS])
    return create_app(config).test_client()


def search(client, **query) -> dict:
    r = client.get("/api/search", query_string=query)
    assert r.status_code == 200, r.get_data(as_text=True)
    return r.get_json()


def article(client, article_id: str, q: str, prefix: bool = False) -> dict:
    query = {"q": q, **({"prefix": "1"} if prefix else {})}
    r = client.get(f"/api/articles/{article_id}", query_string=query)
    assert r.status_code == 200
    return r.get_json()


def marks(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html)


# -- titles and counts -------------------------------------------------------------------------


def test_matched_words_are_marked_in_titles_and_the_rest_is_escaped(client):
    body = search(client, q="rutte")
    titles = {hit["title"]: hit["title_html"] for hit in body["hits"]}
    assert marks(titles["Rutte bezoekt Brussel"]) == ["Rutte"]
    hostile = titles["Rutte en <b>de</b> <img src=x onerror=alert(1)> pers"]
    assert hostile == "<mark>Rutte</mark> en &lt;b&gt;de&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt; pers"


def test_a_title_only_match_counts_no_paragraph_and_the_reader_says_the_title_matched(client):
    hit = next(h for h in search(client, q="brussel")["hits"] if h["title"] == "Rutte bezoekt Brussel")
    assert hit["matching_paragraphs"] == 0  # "Brussel" is only in the headline
    body = article(client, hit["article_id"], "brussel")
    assert body["title_matches"] is True and marks(body["title_html"]) == ["Brussel"]
    assert not any(p["matches"] for p in body["paragraphs"])


def test_each_hit_counts_the_paragraphs_of_its_own_article(client):
    """Counted for the page at once: a title-only hit beside one matched in its text still says 0."""
    counts = {hit["title"]: hit["matching_paragraphs"] for hit in search(client, q="rutte")["hits"]}
    assert counts == {"Rutte bezoekt Brussel": 1, "Rutte en <b>de</b> <img src=x onerror=alert(1)> pers": 0}


@pytest.fixture(params=["searched", "probed", "mapped"])
def own_text_lookup(request, monkeypatch):
    """Paragraphs holding a query word in their own text are found by binary search when the
    matches are few (the matches in each word's postings, or a rare word's postings among the
    matches), through a bitmap of the words' postings when many: each, whatever the size."""
    search_steps, probe_steps = {"searched": (0, 8), "probed": (1, 0), "mapped": (10**9, 10**9)}[request.param]
    monkeypatch.setattr(idsets, "SEARCH_STEPS", search_steps)
    monkeypatch.setattr(idsets, "PROBE_STEPS", probe_steps)


@pytest.mark.parametrize(("q", "prefix"), [("Trump", False), ("onderhandelingen", False), ("kim ontmoet", True),
                                           ("korea", False), ('"witte huis"', False)])  # fmt: skip
def test_matching_paragraphs_agree_with_the_reader(seeds, own_text_lookup, q, prefix):
    body = search(seeds, q=q, per_page=50, **({"prefix": "1"} if prefix else {}))
    assert body["hits"]
    for hit in body["hits"]:
        paragraphs = article(seeds, hit["article_id"], q, prefix)["paragraphs"]
        assert hit["matching_paragraphs"] == sum(p["matches"] for p in paragraphs), hit["title"]


@pytest.mark.parametrize("q", ["Trump", "kim ontmoet", "korea OR verslag"])
def test_the_summary_counts_paragraphs_as_the_hits_do(seeds, own_text_lookup, q):
    body = search(seeds, q=q, per_page=50)
    assert body["total_articles"] <= 50  # every article on this one page
    assert body["matching_paragraphs"] == sum(hit["matching_paragraphs"] for hit in body["hits"])
    assert body["matching_paragraphs"] <= body["total_paragraphs"]


# -- empty and near-empty answers --------------------------------------------------------------


def test_no_did_you_mean_when_the_correction_finds_nothing_either(client):
    body = search(client, q="kabinet Rutte")
    assert body["total_articles"] == 0
    assert body["did_you_mean"] is None  # "kabinet rustte" finds nothing either


def test_did_you_mean_when_the_correction_finds_more(seeds):
    body = search(seeds, q="ontmoetngen")
    assert body["did_you_mean"] == "ontmoetingen"
    assert search(seeds, q=body["did_you_mean"])["total_articles"] > body["total_articles"]


def test_the_words_on_their_own_when_together_they_find_nothing(client):
    body = search(client, q="kabinet Rutte")
    alone = {w["word"]: w["total_articles"] for w in body["words_alone"]}
    assert alone == {"kabinet": 1, "Rutte": 2}
    for word, count in alone.items():
        assert search(client, q=word)["total_articles"] == count
    assert search(client, q="kabinet Rutte", source="elders")["words_alone"] == [
        {"word": "kabinet", "total_articles": 0},
        {"word": "Rutte", "total_articles": 0},
    ]  # with the same filters


@pytest.mark.parametrize("q", ["kabinet", "kabinet OR Rutte", '"kabinet Rutte"', "kabinet -vergadert"])
def test_the_words_on_their_own_only_for_plain_words_that_find_nothing(client, q):
    assert search(client, q=q)["words_alone"] == []


@pytest.mark.parametrize("q", ["kabinet NOT Rutte", "Rutte AND kabinet", "kabinet OR Rutte"])
def test_an_operator_is_no_word_on_its_own(client, q):
    """Finding nothing with an operator between plain words is an answer, not a 400 about the
    operator searched alone (as if "NOT" were a query)."""
    response = client.get("/api/search", query_string={"q": q, "source": "elders"})
    assert response.status_code == 200 and response.get_json()["total_articles"] == 0
    assert response.get_json()["words_alone"] == []


@pytest.mark.parametrize(("q", "stop"), [("het", ["het"]), ("het de", ["het", "de"]), ("het kabinet", ["het"])])
def test_stop_words_are_named_as_not_searched(client, q, stop):
    body = search(client, q=q)
    assert body["stop_words"] == stop
    assert (body["total_articles"] == 0) == (q != "het kabinet")


# -- completions -------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["rutt", "Rutt", "RUTT"])
def test_completion_ignores_capitals_and_shows_the_usual_form(client, typed):
    words = [c["word"] for c in client.get("/api/suggest", query_string={"q": typed}).get_json()["completions"]]
    assert words == ["Rutte"]


def test_a_word_usually_written_small_is_shown_small(client):
    completions = client.get("/api/suggest", query_string={"q": "Rust"}).get_json()["completions"]
    assert completions == [{"word": "rustte", "count": 5}]  # never at a sentence start here
    completions = client.get("/api/suggest", query_string={"q": "HE"}).get_json()["completions"]
    assert completions[0]["word"] == "het"  # "Het" starts sentences, "het" is more frequent
