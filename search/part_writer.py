"""A build part's Whoosh segment writer: Whoosh writes the stored fields, the lengths and the
postings of the small fields; the text fields' postings are written from the part's own
collected postings (``arrays.FieldPart``), a block at a time, into the same files and bytes.

Whoosh's own path costs a Python step per posting four times over: the posting pool's
``add`` (a tuple sized and appended), the sort of every tuple, ``FieldWriter.add_postings``
(which also reads each posting's document length back from the lengths column on disk) and
``PostingsWriter.add_posting``. The build part already holds the text fields' postings sorted
by term and document (``FieldCollector.finish``), with every document's field length, so a
block's documents, weights, encoded positions and length bounds are slices of lists, and
Whoosh's own ``_write_block`` pickles, compresses and records them: its block format and its
term info stay Whoosh's, and ``tests/test_part_writer.py`` holds the segment files equal, byte
for byte, to those Whoosh's own ``add_document`` writes.

Equal, that is, to what Whoosh writes while its pool holds every posting in memory. A pool past
its limit spills sorted runs to disk and reads them back as new objects, and a block then
pickles every repeated encoding in full instead of as a reference: the full corpus, whose
parts outgrew a 1 GiB pool, had 393 MiB of index that way against 352 MiB from this writer,
with the same terms, postings and stored fields.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import accumulate, groupby
from operator import itemgetter

import numpy as np
from whoosh.fields import FieldType
from whoosh.util.numeric import byte_to_length, length_to_byte
from whoosh.writing import SegmentWriter

from .analysis import one_position_encodings, positions_encoder
from .arrays import FieldPart


class PartWriter(SegmentWriter):
    """A SegmentWriter whose fields in ``own`` (given ``schema.Analysed`` values) get their
    stored values and lengths from ``add_document`` and their postings from ``finalize``."""

    def __init__(self, ix: object, own: Iterable[str], **kwargs: object) -> None:
        super().__init__(ix, **kwargs)
        self._own = frozenset(own)
        plain = all(not f.column_type and not f.vector and not f.separate_spelling() for f in self.schema)
        if not plain:
            raise ValueError("a part writer writes no columns, vectors or spelling fields")
        self._last: dict[str, tuple[object, list]] = {}  # per field, its last value and postings

    def add_document(self, **fields: object) -> None:
        """``SegmentWriter.add_document`` for documents of plain fields (no boosts, columns,
        vectors or spelling): the same calls to the per-document writer and the pool, in the
        same order, without its general cases. A field in ``own`` adds its length only; any
        other indexed field's postings are made once for a run of documents with the same
        value (an article's id, source and dates, for each of its paragraphs)."""
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        add_post = self.pool.add
        own = self._own
        last = self._last
        perdocwriter.start_doc(docnum)
        for name in sorted([name for name in fields if not name.startswith("_")]):
            value = fields[name]
            if value is None:
                continue
            field = schema[name]
            length = 0
            if name in own:
                length = value.length
            elif field.indexed:
                seen = last.get(name)
                if seen is None or seen[0] != value:
                    # Whoosh multiplies each weight by the field's boost here (1.0: a float)
                    items = [(text, freq, weight * 1.0, vbytes) for text, freq, weight, vbytes in field.index(value)]
                    last[name] = seen = (value, items)
                for text, freq, weight, vbytes in seen[1]:
                    if field.scorable:
                        length += freq
                    add_post((name, text, docnum, weight, vbytes))
            stored = fields.get(f"_stored_{name}", value)
            perdocwriter.add_field(name, field, stored if field.stored else None, length)
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def finalize(self, fields: dict[str, FieldPart], shared: dict[str, list[int]]) -> object:
        """Writes the postings (Whoosh's pool for its fields, ``fields`` for ours, in field
        name order as Whoosh writes them) and closes the segment's files; returns the segment,
        for the parent to commit. What ``SegmentWriter._finalize_segment`` does, without
        reading the lengths back. ``shared`` names, for a field analysed once for several
        documents (a title, for its article's paragraphs), each document's analysis (see
        ``write_postings``)."""
        self.perdocwriter.close()
        fieldwriter = self.fieldwriter
        pending = sorted(name for name in self._own if len(fields[name].terms))
        for name, items in groupby(self.pool.iter_postings(), key=itemgetter(0)):
            while pending and pending[0] < name:
                own = pending.pop(0)
                write_postings(fieldwriter, own, self.schema[own], fields[own], shared.get(own))
            # Whoosh's fields here are not scorable (IDs, numbers): no lengths to look up.
            fieldwriter.add_postings(self.schema, None, items)
        for own in pending:
            write_postings(fieldwriter, own, self.schema[own], fields[own], shared.get(own))
        fieldwriter.close()
        self._close_segment()
        self._assemble_segment()
        return self.get_segment()


def write_postings(
    fieldwriter: object, name: str, field: FieldType, part: FieldPart, analysis_of: list[int] | None = None
) -> None:
    """One field's postings, term by term in ``part``'s order (UTF-8 bytes, then document), in
    blocks of the codec's size: the calls ``FieldWriter.add_postings`` makes, with a block's
    postings set at once instead of one ``add_posting`` each.

    A block's values are pickled, and pickle writes an object it has written before as a
    reference: Whoosh's writer got one encoded-positions object per term of a text analysed
    once for several documents, so documents with the same ``analysis_of`` number share one
    here too (the same bytes on disk, and a smaller block)."""
    fieldwriter.start_field(name, field)
    postwriter = fieldwriter._postwriter
    limit = postwriter._blocklimit
    docs = part.docs.tolist()
    # Whoosh's posting weight is the analysis's weight × the field boost, as a Python float;
    # the block keeps it as float32 and its maximum as the float.
    weights = (part.weights.astype(np.float64) * field.format.field_boost).tolist()
    lengths = stored_lengths(part.lengths)[part.docs].tolist()
    values = encoded_positions(part, field, analysis_of)
    start = 0
    for term, count in zip(part.terms, part.counts.tolist(), strict=True):
        fieldwriter.start_term(term)
        end = start + count
        for first in range(start, end, limit):
            if first > start:
                postwriter._write_block()  # the full block before; the last is written by finish_term
            last = min(first + limit, end)
            block_lengths = lengths[first:last]
            block_weights = weights[first:last]
            postwriter._ids = array("I", docs[first:last])
            postwriter._weights = array("f", block_weights)
            postwriter._values = values[first:last]
            postwriter._minlength = min(block_lengths)
            postwriter._maxlength = max(block_lengths)
            postwriter._maxweight = max(0, max(block_weights))
        fieldwriter.finish_term()
        start = end
    fieldwriter.finish_field()


def stored_lengths(lengths: np.ndarray) -> np.ndarray:
    """Each document's field length as Whoosh reads it back from its one-byte lengths column
    (what ``add_postings`` gives ``add_posting``); 0 (no byte) for a document without it."""
    unique, inverse = np.unique(lengths, return_inverse=True)
    decoded = np.array([byte_to_length(length_to_byte(int(n))) if n else 0 for n in unique], dtype=np.int64)
    return decoded[inverse.reshape(lengths.shape)]


def encoded_positions(part: FieldPart, field: FieldType, analysis_of: list[int] | None = None) -> list[bytes]:
    """Every posting's positions as the field's format encodes them, in ``part``'s order; a
    term's postings from documents of one analysis (``analysis_of``) share one object."""
    encode = positions_encoder(field.format)
    pos = part.pos.tolist()
    npos = part.npos.tolist()
    if analysis_of is None:
        # Most postings have one position: its encoding without a slice and a call.
        one = one_position_encodings(field.format)
        limit = len(one)
        return [
            one[pos[end - 1]] if n == 1 and pos[end - 1] < limit else encode(pos[end - n : end])
            for n, end in zip(npos, accumulate(npos), strict=True)
        ]
    values = []
    docs = part.docs.tolist()
    at = start = 0
    for count in part.counts.tolist():
        previous = -1
        for i in range(start, start + count):
            n = npos[i]
            analysis = analysis_of[docs[i]]
            if analysis != previous:
                value = encode(pos[at : at + n])
                previous = analysis
            values.append(value)
            at += n
        start += count
    return values
