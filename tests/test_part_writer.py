"""A build part writes its text fields' postings a block at a time (``search/part_writer.py``);
the segment's files are the same, byte for byte, as those Whoosh's own ``add_document`` writes
posting by posting from the same analysis."""

from __future__ import annotations

from pathlib import Path

import pytest
from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3Codec
from whoosh.writing import SegmentWriter

from search import generations
from search.analysis import positions_encoder
from search.config import Config
from search.indexer import rebuild
from search.ingest import iter_source_files, read_articles
from search.schema import TEXT_FIELDS, AnalysedText, analyse, build_schema
from search.segments import POSTINGS_PER_BLOCK, WRITER_POOL_MB, paragraph_documents
from tests.shared_data import SHARED, require

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


class ItemsText(AnalysedText):
    """A text field that Whoosh's writer indexes from ready postings, one at a time."""

    def index(self, value, **kwargs):
        return iter(value) if isinstance(value, list) else super().index(value, **kwargs)


def postings(field, text: str) -> list[tuple[bytes, int, float, bytes]]:
    """What ``field.index(text)`` gives, from the build's analysis (encodings from the same
    table: a pickled block writes an object seen before as a reference)."""
    done = analyse(text)
    encode = positions_encoder(field.format)
    boost = field.format.field_boost
    return [(t.encode("utf-8"), len(p), done.weights[t] * boost, encode(p)) for t, p in done.positions.items()]


def whoosh_segment(folder: Path, articles: list) -> Path:
    """The articles indexed by Whoosh's own SegmentWriter, posting by posting, each title's
    postings made once for all of its article's paragraphs."""
    schema = build_schema()
    for name in TEXT_FIELDS:
        schema[name].__class__ = ItemsText
    folder.mkdir()
    ix = whoosh_index.create_in(str(folder), schema)
    codec = W3Codec(blocklimit=POSTINGS_PER_BLOCK)
    writer = SegmentWriter(ix, limitmb=WRITER_POOL_MB, compound=False, codec=codec)
    for article in articles:
        title = postings(schema["title"], article.title)
        for doc in paragraph_documents(article):
            for name in TEXT_FIELDS:
                if (value := doc.get(name)) is not None:
                    doc.setdefault(f"_stored_{name}", value)
                    doc[name] = title if name == "title" else postings(schema[name], value)
            writer.add_document(**doc)
    writer.commit()
    return folder


def segment_files(folder: Path) -> dict[str, bytes]:
    """A one-segment index's files by what follows the segment's name (``.pst``, ``_text_len.col``)."""
    (segment,) = whoosh_index.open_dir(str(folder))._segments()
    name = segment.segment_id()
    return {p.name.removeprefix(name): p.read_bytes() for p in folder.iterdir() if p.name.startswith(name)}


@pytest.mark.parametrize("corpus", ["seeds", "shared sample"])
def test_segment_files_are_those_whoosh_writes(corpus, tmp_path):
    source = SEEDS if corpus == "seeds" else require(SHARED / "corpus" / "sample-1000.jsonl")
    problems: list = []
    articles = [
        a for f in iter_source_files([source], problems.append) for a in read_articles(f, None, problems.append)
    ]
    assert articles and not problems
    config = Config(index_dir=tmp_path / "index")
    rebuild(config, [source], procs=1)
    built = segment_files(generations.current_generation(config.index_dir))
    expected = segment_files(whoosh_segment(tmp_path / "whoosh", articles))
    if corpus == "shared sample":  # posting lists of several blocks
        reader = whoosh_index.open_dir(str(generations.current_generation(config.index_dir))).reader()
        assert max(reader.doc_frequency(f, t) for f, t in reader.all_terms() if f == "text") > POSTINGS_PER_BLOCK
        reader.close()
    assert sorted(built) == sorted(expected)
    assert {".pst", ".trm", "._stored.col", "._text_len.col"} <= set(built)
    for suffix, data in expected.items():
        assert built[suffix] == data, suffix
