"""A date histogram of what matched: when a subject was in the news.

Every search answer carries one, over the same filters as its results, so it has to cost what a
facet costs: one ``bincount`` over small integer codes prepared once per generation. Buckets are
years, or months when the matches span ``MONTHLY_MAX_YEARS`` years or fewer. A date is never
made more precise than it is: in a monthly timeline an article dated only ``2019`` is counted
in ``year_only`` under its year, not spread over (or put on the first of) some month; undated
articles are counted apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

MONTHLY_MAX_YEARS = 3  # matches within this many calendar years are counted per month
UNITS = ("year", "month")


@dataclass
class Bucket:
    period: str  # "2019" or "2019-03": usable as it is as a from/to filter value
    count: int


@dataclass
class Timeline:
    unit: str  # "year" | "month": the size of the buckets
    buckets: list[Bucket] = field(default_factory=list)  # every period from the first to the last, zeros too
    year_only: list[Bucket] = field(default_factory=list)  # monthly timelines: items dated only by year
    undated: int = 0


@dataclass(frozen=True)
class DateCodes:
    """Per item (paragraph or article): its year (0 when undated) and its month as
    ``year * 12 + month - 1`` (-1 when only the year is known, or no date at all)."""

    year: np.ndarray
    month: np.ndarray

    @classmethod
    def from_spans(cls, first: np.ndarray, last: np.ndarray) -> DateCodes:
        """Codes from the first and last day (yyyymmdd) of each item's dated period."""
        first = np.asarray(first).astype(np.int64)
        last = np.asarray(last).astype(np.int64)
        year = first // 10000
        month_of_year = first // 100 % 100
        # a year-precision date spans January 1 to December 31 of one year; month and day
        # precision stay within one month
        within_month = (first > 0) & (first // 100 == last // 100)
        month = np.where(within_month, year * 12 + month_of_year - 1, -1)
        return cls(year=year.astype(np.int32), month=month.astype(np.int32))

    def take(self, owner: np.ndarray, count: int) -> DateCodes:
        """The codes per owner (paragraph -> article): every paragraph of an article shares its date."""
        year = np.zeros(count, np.int32)
        month = np.full(count, -1, np.int32)
        year[owner] = self.year
        month[owner] = self.month
        return DateCodes(year=year, month=month)


def year_counts(codes: DateCodes, selected: np.ndarray) -> np.ndarray:
    """How many of the items ``selected`` fall in each year, indexed by the year (0: undated):
    what the timeline starts from, and the year facet when both count the same items."""
    return np.bincount(codes.year[selected])


def histogram(codes: DateCodes, selected: np.ndarray, per_year: np.ndarray | None = None) -> Timeline:
    """The timeline of the items ``selected`` (indices into ``codes``); ``per_year`` is their
    ``year_counts`` when the caller has them already."""
    # One count per year (0: undated) answers how many are dated and which years they span: a
    # page's timeline over a few hundred items costs what its few NumPy calls cost.
    if per_year is None:
        per_year = year_counts(codes, selected)
    undated = int(per_year[0]) if per_year.size else 0
    if per_year.size <= 1:
        return Timeline(unit="year", undated=undated)
    last_year = per_year.size - 1  # the highest year counted has a count
    first_year = int((per_year[1:] > 0).argmax()) + 1
    if last_year - first_year < MONTHLY_MAX_YEARS:
        months = codes.month[selected]
        precise = months >= 0
        if precise.any():
            shown = months[precise]
            low, high = int(shown.min()), int(shown.max())
            counts = np.bincount(shown - low, minlength=high - low + 1)
            buckets = [Bucket(_month(low + i), c) for i, c in enumerate(counts.tolist())]
            year_only = []
            if selected.size - shown.size - undated:  # some are dated by their year alone
                years = codes.year[selected]
                loose = years[(years > 0) & ~precise]
                per_loose_year = np.bincount(loose - first_year)
                year_only = [Bucket(str(first_year + i), c) for i, c in enumerate(per_loose_year.tolist()) if c]
            return Timeline(unit="month", buckets=buckets, year_only=year_only, undated=undated)
    buckets = [Bucket(str(first_year + i), c) for i, c in enumerate(per_year[first_year:].tolist())]
    return Timeline(unit="year", buckets=buckets, undated=undated)


def _month(code: int) -> str:
    return f"{code // 12:04d}-{code % 12 + 1:02d}"
