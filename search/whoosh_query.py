"""Our own classes in Whoosh's query machinery, where its behaviour needed fixing or extending.

``GapPhrase`` and ``NearPhrase`` are query nodes: phrases that keep the gaps stop words leave
and proximity searches; Whoosh's matcher answers them here and the fast path reads the same
offsets (``offsets``, ``pair_slops``). ``QueryOnce`` and ``PlusMinus`` change the parser's
syntax tree: binary groups that build each side once, and ``-word`` at any depth. Parsing a
user's query (repair, bounds, expansion) is ``query``'s job; this module only holds the
classes, so that either side can be read without the other.
"""

from __future__ import annotations

from whoosh import query as wq
from whoosh.matching import NullMatcher
from whoosh.qparser import PlusMinusPlugin, syntax


class GapPhrase(wq.Phrase):
    """A phrase that knows where its words stand relative to the first one.

    Stop words leave gaps: "klik op de knop" is ``klik`` and ``knop`` three positions apart,
    not "up to three". The fast path checks these exact offsets, and so does Whoosh's matcher
    here, through nested spans whose minimum and maximum distance are the gap.
    """

    def __init__(self, fieldname: str, words: list[str], offsets: list[int], **kwargs) -> None:
        super().__init__(fieldname, words, **kwargs)
        self.offsets = offsets

    def normalize(self) -> GapPhrase:
        return self

    def matcher(self, searcher, context=None):
        gaps = [b - a for a, b in zip(self.offsets, self.offsets[1:], strict=False)]
        if all(gap == 1 for gap in gaps):
            return super().matcher(searcher, context)
        return self._chain(searcher, context, [(gap, gap) for gap in gaps])

    def _chain(self, searcher, context, distances: list[tuple[int, int]]):
        """The words in order, each (most, least) positions after the one before."""
        field = searcher.schema[self.fieldname]
        reader = searcher.reader()
        terms = []
        for word in self.words:
            term = field.to_bytes(word)
            if (self.fieldname, term) not in reader:
                return NullMatcher()
            terms.append(wq.Term(self.fieldname, term))
        spans = terms[0]
        for term, (most, least) in zip(terms[1:], distances, strict=True):
            spans = wq.SpanNear2([spans, term], slop=most, ordered=True, mindist=least)
        return spans.matcher(searcher, context)


class QueryOnce:
    """Whoosh's ``BinaryGroup.query`` builds both sides twice, so ``(-x (-x (-x …`` cost 2^depth
    analyses of ``x`` (depth 22 outlasted a worker's timeout). This builds each side once."""

    def query(self, parser):
        qa = self.nodes[0].query(parser)
        qb = self.nodes[1].query(parser)
        if qa is None and qb is None:
            q = wq.NullQuery
        elif qa is None:
            q = qb
        elif qb is None:
            q = qa
        else:
            q = self.qclass(qa, qb)
        return syntax.attach(q, self)


BINARY_ONCE = {
    group: type(group.__name__, (QueryOnce, group), {})
    for group in (syntax.AndNotGroup, syntax.AndMaybeGroup, syntax.RequireGroup)
}


class NearPhrase(GapPhrase):
    """``"trump kim"~5``: the words in this order, each at most ``slop`` positions after the one
    before (Whoosh's phrase slop). A gap left by stop words counts as no distance at all, so
    ``"klik op de knop"~2`` still finds the phrase itself."""

    def pair_slops(self) -> list[int]:
        """The largest distance allowed between each word and the next."""
        return [max(self.slop, b - a) for a, b in zip(self.offsets, self.offsets[1:], strict=False)]

    def matcher(self, searcher, context=None):
        return self._chain(searcher, context, [(slop, 1) for slop in self.pair_slops()])


class PlusMinus(PlusMinusPlugin):
    """``-word`` excludes and ``+word`` is a plain word (words are ANDed anyway), at any depth.

    Whoosh's own plugin only sorts the top-level group, so ``kim (-bolton`` left a bare
    minus marker inside the brackets that no query could be made of.
    """

    def do_plusminus(self, parser, group):
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode) and not isinstance(node, syntax.BinaryGroup):
                group[i] = self.do_plusminus(parser, node)
        kept = type(group)(boost=group.boost)
        kept.fieldname = getattr(group, "fieldname", None)
        banned = syntax.OrGroup()
        target = kept
        for node in group:
            if isinstance(node, self.Plus):
                target = kept
            elif isinstance(node, self.Minus):
                target = banned
            else:
                target.append(node)
                target = kept
        if not banned:
            return kept
        if not kept:
            return syntax.NotGroup(banned)
        return syntax.AndNotGroup([kept, banned])
