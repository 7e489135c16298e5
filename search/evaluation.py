"""Scoring conflation against a gold lemma list, one implementation for the test and the bench.

A conflating analyzer is good when it gives the same index term to forms of the same word
(recall) and different terms to forms of different words (precision). The gold standard is a
treebank's lemma annotation (``../shared/testdata/ud-dutch/alpino-lemmas.tsv``), scored as its
README says:

- the distinct lower-cased forms of content words (NOUN, VERB, ADJ, ADV); a form annotated with
  several lemmas takes its most frequent one (ties: the lemma seen first);
- two forms belong together when their lemmas, lower-cased and without the compound
  underscore, are equal;
- an analyzer puts two forms together when it gives them the same index term. A form that yields
  no term (a stop word such as ``zijn``) is put together with nothing. A hyphenated form yields
  its parts and the whole; the whole (the last term) is the one that counts, since it is the
  term a query for the whole word looks for.

Pair precision, pair recall and F1 are counted over all pairs of forms, without listing them.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from math import comb
from pathlib import Path

from .analysis import index_terms

CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ", "ADV"})


@dataclass(frozen=True)
class PairScores:
    """Pair counts and the scores derived from them."""

    forms: int
    system_pairs: int  # pairs the analyzer puts together
    gold_pairs: int  # pairs that belong together
    correct_pairs: int  # both

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.system_pairs if self.system_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  ({self.forms} forms)"


def load_gold(path: Path) -> dict[str, str]:
    """Lower-cased content-word form → gold lemma key (lower-cased, underscores removed), from a
    ``form lemma upos count`` file such as ``alpino-lemmas.tsv``."""
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return _gold((row["form"], row["lemma"], row["upos"], int(row["count"])) for row in rows)


def load_gold_conllu(paths: Iterable[Path]) -> dict[str, str]:
    """The same, read from Universal Dependencies CoNLL-U files (any treebank, for held-out
    scoring): word lines only, multiword-token ranges and empty nodes skipped."""

    def rows() -> Iterator[tuple[str, str, str, int]]:
        for path in paths:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    columns = line.rstrip("\n").split("\t")
                    if len(columns) == 10 and columns[0].isdigit():
                        yield columns[1], columns[2], columns[3], 1

    return _gold(rows())


def _gold(rows: Iterable[tuple[str, str, str, int]]) -> dict[str, str]:
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for form, lemma, upos, count in rows:
        if upos in CONTENT_POS:
            counts[form.lower()][lemma] += count
    # Counter.most_common keeps first-seen order among equal counts.
    return {form: c.most_common(1)[0][0].lower().replace("_", "") for form, c in counts.items()}


def analyzer_term(form: str) -> str | None:
    """The term Zoeklicht's analyzer indexes a form under: for a hyphenated form, which gives its
    parts and the whole, the whole (the last term); None for a stop word."""
    terms = index_terms(form)
    return terms[-1] if terms else None


def systematize(forms: Iterable[str], term_of: Callable[[str], str | None]) -> dict[str, str | None]:
    """The term of each form (None when it gives no term)."""
    return {form: term_of(form) for form in forms}


def score(gold: Mapping[str, str], system: Mapping[str, str | None]) -> PairScores:
    """Pair precision/recall of ``system`` (form → term) against ``gold`` (form → lemma)."""
    forms = list(gold)
    by_term: Counter[str] = Counter()
    by_lemma: Counter[str] = Counter()
    by_both: Counter[tuple[str, str]] = Counter()
    for form in forms:
        lemma = gold[form]
        by_lemma[lemma] += 1
        term = system.get(form)
        if term is None:
            continue  # no term: together with nothing
        by_term[term] += 1
        by_both[term, lemma] += 1
    return PairScores(
        forms=len(forms),
        system_pairs=sum(comb(n, 2) for n in by_term.values()),
        gold_pairs=sum(comb(n, 2) for n in by_lemma.values()),
        correct_pairs=sum(comb(n, 2) for n in by_both.values()),
    )


def false_merges(gold: Mapping[str, str], system: Mapping[str, str | None]) -> list[tuple[str, list[str]]]:
    """Terms that put forms of different lemmas together: (term, ["form/lemma", ...]), worst first."""
    groups: dict[str, list[str]] = defaultdict(list)
    for form, term in system.items():
        if term is not None and form in gold:
            groups[term].append(form)
    found = []
    for term, members in groups.items():
        lemmas = Counter(gold[f] for f in members)
        if len(lemmas) > 1:
            wrong = comb(len(members), 2) - sum(comb(n, 2) for n in lemmas.values())
            found.append((wrong, term, sorted(f"{f}/{gold[f]}" for f in members)))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [(term, members) for _, term, members in found]


def missed_merges(gold: Mapping[str, str], system: Mapping[str, str | None]) -> list[tuple[str, list[str]]]:
    """Lemmas whose forms got different terms: (lemma, ["form→term", ...]), worst first."""
    groups: dict[str, list[str]] = defaultdict(list)
    for form, lemma in gold.items():
        groups[lemma].append(form)
    found = []
    for lemma, members in groups.items():
        terms = Counter(system.get(f) or f"<none:{f}>" for f in members)
        if len(terms) > 1:
            missed = comb(len(members), 2) - sum(comb(n, 2) for n in terms.values())
            found.append((missed, lemma, sorted(f"{f}→{system.get(f)}" for f in members)))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [(lemma, members) for _, lemma, members in found]
