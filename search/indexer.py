"""Build a complete new index generation beside the served one, then swap it in atomically.

Readers of the old generation are never disturbed: a build writes into a hidden temporary
directory, and only a finished build is renamed into place and named in CURRENT. A failed or
interrupted build removes its temporary directory and leaves CURRENT as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from whoosh import index as whoosh_index

from . import analysis, generation_format, generations, segments
from .arrays import write_documents, write_field
from .config import Config
from .errors import IngestError, ZoeklichtError
from .generation_format import Meta
from .ingest import iter_source_files, read_articles
from .records import Article
from .schema import build_schema
from .vocabulary import write_vocabulary

log = logging.getLogger(__name__)


class BuildRejectedError(ZoeklichtError):
    """A build that ran to the end but was not published; the served generation is unchanged."""

    def __init__(self, message: str, report: BuildReport) -> None:
        super().__init__(message)
        self.report = report


class NothingIndexedError(BuildRejectedError):
    """No article could be read: publishing would replace the served index with an empty one."""


class StrictBuildError(BuildRejectedError):
    """``strict=True`` and some input was skipped or repaired."""


@dataclass
class Skip:
    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"


@dataclass
class BuildReport:
    generation: str = ""
    articles: int = 0
    paragraphs: int = 0
    files: int = 0
    skipped: list[Skip] = field(default_factory=list)
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)  # seconds per build phase

    @property
    def skip_reasons(self) -> Counter[str]:
        return Counter(s.reason.split(" (")[0].split(":")[0] for s in self.skipped)

    def summary(self) -> str:
        text = (
            f"indexed {self.articles} articles, {self.paragraphs} paragraphs from {self.files} files "
            f"in {self.seconds:.1f} s"
        )
        if self.seconds > 0:
            text += f" ({self.paragraphs / self.seconds:,.0f} paragraphs/s)"
        if self.skipped:
            reasons = ", ".join(f"{n}× {r}" for r, n in self.skip_reasons.most_common())
            text += f"; skipped or repaired {len(self.skipped)}: {reasons}"
        return text


ProgressHook = Callable[[int], None]


@dataclass
class _Read:
    """What reading the input gave: the articles, and the facts meta.json tells about them."""

    articles: list[Article] = field(default_factory=list)
    sources: Counter[str] = field(default_factory=Counter)  # paragraphs per source
    days: list[str] = field(default_factory=list)  # first and last day of each dated article


def rebuild(
    config: Config,
    paths: Iterable[Path],
    *,
    source: str | None = None,
    procs: int = 1,
    progress: ProgressHook | None = None,
    on_skip: Callable[[Skip], None] | None = None,
    strict: bool = False,
) -> BuildReport:
    """Index ``paths`` into a new generation of ``config.index_dir`` and make it current.

    Raises IndexLockedError when another build runs. Anything else that stops the build
    (an exception, Ctrl-C) leaves the served generation untouched. So does a build that
    read no article (NothingIndexedError) and, with ``strict``, one that skipped or repaired
    any input (StrictBuildError); both are raised after every problem has been reported.
    """
    started = time.perf_counter()
    index_dir = config.index_dir
    report = BuildReport()

    def skipped(error: IngestError) -> None:
        skip = Skip(error.path, error.line, error.reason)
        report.skipped.append(skip)
        log.warning("skipped %s", skip)
        if on_skip:
            on_skip(skip)

    with generations.build_lock(index_dir):
        generations.remove_stale_builds(index_dir)
        previous = generations.current_generation(index_dir)
        stamp = time.time_ns()
        name = f"{generations.GEN_PREFIX}{stamp}"
        tmp = index_dir / f"{generations.TMP_PREFIX}{stamp}"
        tmp.mkdir()
        try:
            read = _read(paths, source, report, skipped, progress)
            report.phases["read"] = time.perf_counter() - started
            _refuse_if_unfit(report, strict)
            _build_into(tmp, name, read, report, procs, started)
            generations.publish(index_dir, tmp, name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        keep = {name} | ({previous.name} if previous else set())
        generations.remove_old_generations(index_dir, keep)
    report.generation = name
    report.seconds = time.perf_counter() - started
    return report


def _read(
    paths: Iterable[Path],
    source: str | None,
    report: BuildReport,
    skipped: Callable[[IngestError], None],
    progress: ProgressHook | None,
) -> _Read:
    """Every article of ``paths`` in order; duplicates of an id already read are skipped."""
    read = _Read()
    seen_ids: set[str] = set()
    for path in iter_source_files(paths, skipped):
        report.files += 1
        try:
            for article in read_articles(path, source, skipped):
                if article.id in seen_ids:
                    skipped(IngestError(article.origin or path, f"duplicate article id {article.id}"))
                    continue
                seen_ids.add(article.id)
                read.articles.append(article)
                report.articles += 1
                report.paragraphs += len(article.paragraphs)
                read.sources[article.source] += len(article.paragraphs)
                if article.date:
                    read.days.append(article.date.first_day().isoformat())
                    read.days.append(article.date.last_day().isoformat())
                if progress:
                    progress(len(article.paragraphs))
        except IngestError as exc:
            skipped(exc)
    return read


def _refuse_if_unfit(report: BuildReport, strict: bool) -> None:
    """Stop before the costly part when what was read must not be published."""
    if not report.articles:
        raise NothingIndexedError("nothing could be indexed; the served index is unchanged", report)
    if strict and report.skipped:
        raise StrictBuildError(
            f"strict build: {len(report.skipped)} inputs skipped or repaired; the served index is unchanged",
            report,
        )


def _build_into(tmp: Path, name: str, read: _Read, report: BuildReport, procs: int, started: float) -> None:
    """Whoosh's index, the fast path's arrays, the vocabulary, the lexicon and meta.json, all
    in ``tmp``, synced: a complete generation that publishing only has to rename."""
    analysis.conflate("warm")  # load the lexicon once, before worker processes fork
    whoosh_index.create_in(str(tmp), build_schema()).close()
    built = segments.build(tmp, read.articles, procs)
    report.phases.update(built.seconds)
    phase = time.perf_counter()
    out = tmp / generation_format.ARRAYS
    out.mkdir()
    schema = build_schema()
    for field_name, part in built.fields.items():
        write_field(out, field_name, part, schema[field_name].format.field_boost)
    write_documents(out, read.articles)
    report.phases["arrays"] = time.perf_counter() - phase
    phase = time.perf_counter()
    write_vocabulary(tmp, built.words)
    analysis.save_lexicon(tmp / generation_format.LEXICON)
    report.phases["vocabulary"] = time.perf_counter() - phase
    log.info("build phases: %s", ", ".join(f"{k} {v:.1f} s" for k, v in report.phases.items()))
    report.seconds = time.perf_counter() - started
    Meta(
        generation=name,
        built_at=datetime.now(UTC).isoformat(timespec="seconds"),
        build_seconds=round(report.seconds, 3),
        build_phases={k: round(v, 3) for k, v in report.phases.items()},
        articles=report.articles,
        paragraphs=report.paragraphs,
        sources=dict(sorted(read.sources.items())),
        date_min=min(read.days) if read.days else None,
        date_max=max(read.days) if read.days else None,
        analyzer=analysis.ANALYZER_VERSION,
        stemmer=f"{analysis.STEMMER_NAME} (snowballstemmer {_version('snowballstemmer')}, "
        f"PyStemmer {_version('PyStemmer')})",
        lexicon=f"simplemma {_version('simplemma')} + {len(analysis.LEMMA_OVERRIDES)} overrides",
        skipped=[asdict(s) for s in report.skipped[:1000]],
        format=generation_format.FORMAT,
    ).write(tmp)
    _fsync_dir(tmp)


def _version(dist: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(dist)
    except PackageNotFoundError:
        return "?"


def _fsync_dir(path: Path) -> None:
    for child in path.iterdir():
        if child.is_file():
            with open(child, "rb") as handle:
                os.fsync(handle.fileno())
