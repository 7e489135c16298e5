"""Score the Dutch analyzer's conflation against linguists' lemmas, next to the stemmers it replaces.

Reads ``../shared/testdata/ud-dutch/alpino-lemmas.tsv`` (UD Dutch-Alpino; scored as its README
says, see ``search.evaluation``) and prints pair precision, recall and F1 for plain Snowball
``dutch``, ``dutch_porter`` (the stock Lucene/Elasticsearch Dutch stemmer), simplemma alone and
Zoeklicht's analyzer; then the analyzer's errors, grouped into classes, with examples.

With ``--conllu`` it scores against other annotated text instead, e.g. a held-out UD Dutch
treebank (UD_Dutch-LassySmall). With ``--speed`` it also times the analyzer on
``../shared/corpus/sample-1000.jsonl``, against the same pipeline with plain Snowball conflation
measured in the same run.

    python bench/score_analyzer.py [--examples 5] [--conllu FILE ...] [--speed]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from itertools import combinations
from pathlib import Path

import simplemma
import Stemmer
from whoosh.analysis import Filter, LowercaseFilter, StopFilter, Token
from whoosh.analysis.acore import Composable

from search import analysis, evaluation

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "testdata" / "ud-dutch" / "alpino-lemmas.tsv"
SAMPLE = SHARED / "corpus" / "sample-1000.jsonl"


def systems() -> dict[str, Callable[[str], str | None]]:
    snowball = Stemmer.Stemmer("dutch")
    porter = Stemmer.Stemmer("dutch_porter")
    return {
        "snowball dutch": snowball.stemWord,
        "dutch_porter": porter.stemWord,
        "simplemma": lambda form: simplemma.lemmatize(form, lang="nl").lower(),
        "zoeklicht analyzer": evaluation.analyzer_term,
    }


# -- error classes -------------------------------------------------------------------------------


def classify_missed(form_a: str, form_b: str, lemma: str, system: dict[str, str | None]) -> str:
    """Why two forms of one lemma got different terms."""
    term_a, term_b = system[form_a], system[form_b]
    if term_a is None or term_b is None:
        return "stop word: not indexed (zijn, heeft, kan)"
    if any(lemma != t and lemma.endswith(t) for t in (term_a, term_b)):
        return "separable verb, particle elsewhere in the sentence (legde ... af)"
    if analysis.lemma(form_a) is None or analysis.lemma(form_b) is None:
        return "unknown to the lexicon"
    if analysis.stem_word(term_a) == analysis.stem_word(term_b):
        return "one root, two lexicon lemmas (noun/verb, participle/adjective)"
    return "irregular form given another lemma (stonden: stond)"


def classify_false(form_a: str, form_b: str, gold: dict[str, str]) -> str:
    """Why two forms of different lemmas got the same term."""
    lemma_a, lemma_b = gold[form_a], gold[form_b]
    if lemma_a.endswith(lemma_b) or lemma_b.endswith(lemma_a):
        return "separable verb or compound lemma, decided by context (legt: uitleggen)"
    if analysis.stem_word(lemma_a) == analysis.stem_word(lemma_b):
        return "one root, two treebank lemmas (noun/verb, person/female)"
    return "homograph (gevallen: geval or vallen)"


def error_classes(
    gold: dict[str, str], system: dict[str, str | None]
) -> tuple[Counter[str], Counter[str], dict[str, list[str]]]:
    missed: Counter[str] = Counter()
    false: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    by_lemma: dict[str, list[str]] = defaultdict(list)
    by_term: dict[str, list[str]] = defaultdict(list)
    for form, lemma in gold.items():
        by_lemma[lemma].append(form)
        term = system[form]
        if term is not None:
            by_term[term].append(form)
    for lemma, forms in by_lemma.items():
        for a, b in combinations(sorted(forms), 2):
            if system[a] is None or system[a] != system[b]:
                kind = classify_missed(a, b, lemma, system)
                missed[kind] += 1
                examples[kind].append(f"{a}→{system[a]} / {b}→{system[b]} ({lemma})")
    for term, forms in by_term.items():
        for a, b in combinations(sorted(forms), 2):
            if gold[a] != gold[b]:
                kind = classify_false(a, b, gold)
                false[kind] += 1
                examples[kind].append(f"{a} ({gold[a]}) + {b} ({gold[b]}) → {term}")
    return missed, false, examples


# -- speed -------------------------------------------------------------------------------------


class SnowballFilter(Filter):
    """The baseline: every word by its Snowball stem."""

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        for token in tokens:
            token.text = analysis.stem_word(token.text)
            yield token


def tokens_per_second(analyzer: Composable, texts: list[str]) -> float:
    start = time.perf_counter()
    count = sum(1 for text in texts for _ in analyzer(text, positions=True))
    return count / (time.perf_counter() - start)


def speed() -> None:
    texts = [json.loads(line)["text"] for line in SAMPLE.open(encoding="utf-8")]
    tokens = sum(1 for text in texts for _ in analysis.dutch_analyzer()(text))
    print(f"\n{SAMPLE.name}: {len(texts)} paragraphs, {tokens} tokens")
    baseline = (
        analysis.DutchTokenizer()
        | LowercaseFilter()
        | StopFilter(stoplist=analysis.DUTCH_STOPWORDS, minsize=1, renumber=False)
        | SnowballFilter()
    )
    for round_ in range(3):
        analysis._conflated.clear()  # cold: every word conflated afresh
        cold = tokens_per_second(analysis.dutch_analyzer(), texts)
        warm = tokens_per_second(analysis.dutch_analyzer(), texts)
        plain = tokens_per_second(baseline, texts)
        print(
            f"round {round_ + 1}: analyzer {cold:,.0f} tok/s cold cache, {warm:,.0f} warm; "
            f"plain Snowball pipeline {plain:,.0f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=4, help="examples shown per error class")
    parser.add_argument("--conllu", type=Path, nargs="+", help="score against these CoNLL-U files")
    parser.add_argument("--speed", action="store_true", help="also time the analyzer")
    args = parser.parse_args(argv)

    if args.conllu:
        gold = evaluation.load_gold_conllu(args.conllu)
        source = ", ".join(path.name for path in args.conllu)
    else:
        gold = evaluation.load_gold(GOLD)
        source = GOLD.name
    print(f"{source}: {len(gold)} content-word forms\n")
    ours: dict[str, str | None] = {}
    for name, term_of in systems().items():
        system = evaluation.systematize(gold, term_of)
        print(f"{name:20} {evaluation.score(gold, system)}")
        ours = system

    missed, false, examples = error_classes(gold, ours)
    for title, counts in (("Pairs put together wrongly", false), ("Pairs missed", missed)):
        print(f"\n{title} ({sum(counts.values())}), by class:")
        for kind, count in counts.most_common():
            print(f"  {count:5}  {kind}")
            for example in examples[kind][: args.examples]:
                print(f"         {example}")
    if args.speed:
        speed()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
