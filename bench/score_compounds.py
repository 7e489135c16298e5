"""Score the compound splitter against linguists' compound lemmas, next to Lucene's decompounder.

Reads ``../shared/testdata/ud-dutch/alpino-lemmas.tsv`` (UD Dutch-Alpino), whose lemmas mark
compound boundaries with ``_`` (``avond_vlucht``), or other annotated text (``--conllu``, e.g.
a held-out UD Dutch treebank). Three figures per system:

- head recall: of the compound nouns and adjectives, the share whose last part (``vlucht``)
  the system indexes the word under;
- first-part recall: the same for the first part, where that is a content word (a first part
  that is a particle or preposition, ``aan_kleed_kussen``, ``tegen_stem``, is not a part a
  search should find it by, and is left out);
- false parts: of the trap words (content words that are not compounds but begin or end with
  another word of at least three letters: ``minister``, ``verslag``, ``muziek``), the share
  the system gives any part at all.

Parts are compared as index terms (``conflate``), so ``tienerjaren`` finds ``jaar``. Forms with
hyphens or digits are left out: the tokenizer splits those already. The baseline is the
Lucene/Elasticsearch ``dictionary_decompounder`` (every dictionary word of 2 to 15 letters
inside a token of 5 or more), with the OpenTaal word list (Debian ``wdutch``), measured in the
same run, with and without ``only_longest_match``.

    python bench/score_compounds.py [--examples 8] [--conllu FILE ...] [--wordlist FILE]
"""

from __future__ import annotations

import argparse
import csv
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from search.analysis import conflate
from search.analysis.lexicon import lookup
from search.analysis.splitter import split

SHARED = Path(__file__).resolve().parents[2] / "shared"
GOLD = SHARED / "testdata" / "ud-dutch" / "alpino-lemmas.tsv"
OPENTAAL = Path("/usr/share/dict/dutch")  # Debian's wdutch: the OpenTaal word list
COMPOUND_POS = frozenset({"NOUN", "ADJ"})
CONTENT_POS = frozenset({"NOUN", "ADJ", "VERB", "ADV"})
# Particles and prepositions that begin compound lemmas in the treebank (aan_kleed_kussen).
PARTICLES = frozenset(
    """
aan achter af bij binnen boven buiten door in mee mede na om onder op over tegen terug toe tussen uit voor weg
""".split()
)


@dataclass
class Gold:
    compounds: dict[str, list[str]] = field(default_factory=dict)  # form -> lemma parts
    words: set[str] = field(default_factory=set)  # forms of words that are not compounds


def load(rows: Iterable[tuple[str, str, str]]) -> Gold:
    gold = Gold()
    for form, lemma, upos in rows:
        form = form.lower()
        if upos not in CONTENT_POS or not form.isalpha():
            continue
        if "_" in lemma:
            parts = lemma.lower().split("_")
            if upos in COMPOUND_POS and all(parts):
                gold.compounds[form] = parts
        else:
            gold.words.add(form)
    gold.words -= gold.compounds.keys()
    return gold


def tsv_rows(path: Path) -> Iterator[tuple[str, str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            yield row["form"], row["lemma"], row["upos"]


def conllu_rows(paths: Iterable[Path]) -> Iterator[tuple[str, str, str]]:
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                columns = line.rstrip("\n").split("\t")
                if len(columns) == 10 and columns[0].isdigit():
                    yield columns[1], columns[2], columns[3]


# -- systems -------------------------------------------------------------------------------------


def ours(word: str) -> set[str]:
    return {conflate(part) for part in split(word)} - {conflate(word)}


def lucene(dictionary: frozenset[str], only_longest: bool) -> Callable[[str], set[str]]:
    """Lucene's DictionaryCompoundWordTokenFilter with its defaults (word >= 5 letters, subwords
    2 to 15 letters), index terms of what it emits."""

    def parts(word: str) -> set[str]:
        found = set()
        if len(word) < 5:
            return found
        for start in range(len(word) - 1):
            longest = None
            for size in range(2, min(15, len(word) - start) + 1):
                piece = word[start : start + size]
                if piece != word and piece in dictionary:
                    if not only_longest:
                        found.add(piece)
                    longest = piece
            if only_longest and longest:
                found.add(longest)
        return {conflate(p) for p in found} - {conflate(word)}

    return parts


def is_trap(word: str, dictionary: frozenset[str]) -> bool:
    """A word that begins or ends with another word of three letters or more."""
    return len(word) >= 6 and any(word[:i] in dictionary or word[i:] in dictionary for i in range(3, len(word) - 2))


def read_wordlist(path: Path) -> frozenset[str]:
    with open(path, encoding="utf-8") as f:
        return frozenset(line.strip().lower() for line in f)


# -- scoring -------------------------------------------------------------------------------------


@dataclass
class Score:
    heads: int = 0
    heads_found: int = 0
    firsts: int = 0
    firsts_found: int = 0
    traps: int = 0
    traps_split: int = 0
    missed_heads: list[str] = field(default_factory=list)
    missed_firsts: list[str] = field(default_factory=list)
    false_parts: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (
            f"head recall {self.heads_found / self.heads:.3f} ({self.heads_found}/{self.heads})  "
            f"first-part recall {self.firsts_found / self.firsts:.3f} ({self.firsts_found}/{self.firsts})  "
            f"false parts {self.traps_split / self.traps:.3f} of traps ({self.traps_split}/{self.traps})"
        )


def score(gold: Gold, traps: list[str], parts_of: Callable[[str], set[str]]) -> Score:
    result = Score()
    for form, parts in sorted(gold.compounds.items()):
        found = parts_of(form)
        result.heads += 1
        if conflate(parts[-1]) in found:
            result.heads_found += 1
        else:
            result.missed_heads.append(f"{form} ({'_'.join(parts)}): {sorted(found)}")
        if parts[0] not in PARTICLES and len(parts[0]) >= 3:
            result.firsts += 1
            if conflate(parts[0]) in found:
                result.firsts_found += 1
            else:
                result.missed_firsts.append(f"{form} ({'_'.join(parts)}): {sorted(found)}")
    for word in traps:
        result.traps += 1
        found = parts_of(word)
        if found:
            result.traps_split += 1
            result.false_parts.append(f"{word}: {sorted(found)}")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=8, help="errors shown per kind, for our splitter")
    parser.add_argument("--conllu", type=Path, nargs="+", help="score against these CoNLL-U files")
    parser.add_argument("--gold", type=Path, default=GOLD, help="form/lemma/upos/count TSV (default: %(default)s)")
    parser.add_argument("--wordlist", type=Path, default=OPENTAAL, help="the baseline's dictionary")
    args = parser.parse_args(argv)

    rows = conllu_rows(args.conllu) if args.conllu else tsv_rows(args.gold)
    gold = load(rows)
    source = ", ".join(p.name for p in args.conllu) if args.conllu else args.gold.name
    systems: dict[str, Callable[[str], set[str]]] = {}
    if args.wordlist.exists():
        dictionary = read_wordlist(args.wordlist)
        systems["lucene decompounder"] = lucene(dictionary, only_longest=False)
        systems["lucene, longest match"] = lucene(dictionary, only_longest=True)
    else:
        print(f"{args.wordlist} not found (Debian: apt-get install wdutch): trap words and baseline from our lexicon")
        dictionary = frozenset(w for w in gold.words | set(gold.compounds) if lookup(w) is not None)
    systems["zoeklicht splitter"] = ours
    traps = sorted(w for w in gold.words if is_trap(w, dictionary))
    print(
        f"{source}: {len(gold.compounds)} compound nouns and adjectives, "
        f"{len(gold.words)} other content words, {len(traps)} of them trap words\n"
    )
    result = Score()
    for name, parts_of in systems.items():
        result = score(gold, traps, parts_of)
        print(f"{name:22} {result}")
    rng = random.Random(0)
    for title, errors in (
        ("heads missed", result.missed_heads),
        ("first parts missed", result.missed_firsts),
        ("false parts", result.false_parts),
    ):
        print(f"\nzoeklicht splitter, {title} ({len(errors)}):")
        for line in sorted(rng.sample(errors, min(args.examples, len(errors)))):
            print(f"   {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
