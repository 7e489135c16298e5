"""The report: the figures dict of a run, as the printed tables and the verdicts on the targets.

Only turns figures into text; nothing here measures. The targets are declared once, in
``TARGETS``: the verdicts compare against them and their labels are written from them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bench.builds import BASELINE_PROCS
from bench.measure import COLD_START_QUERY, COLD_START_RUNS, FEW_HITS, PASSES, SELECTIVE_QUERY
from bench.queries import QUERIES

MIB = 1024 * 1024
TARGETS = {
    "query_p95_ms": 10.0,
    "stock_ratio": 1000.0,
    "tantivy_factor": 2.0,  # our p95 at most this many times tantivy's, measured in the same run
    "few_hits_median_ms": 0.6,
    "scaling": 1.2,  # 4× corpus, same hits: median and p95 at most this many times the 1× figures
    "completion_p95_ms": 2.0,
    "cold_start_s": 1.0,
    "paragraphs_per_s": 2000.0,
}
SYSTEMS = {"ours": "ours", "tantivy": "tantivy", "fts5": "SQLite FTS5", "stock": "stock Whoosh"}


def _ms(value: float | None, censored: bool = False) -> str:
    if value is None:
        return "–"
    text = f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
    return ("≥" if censored else "") + text


def ratio(a: float | None, b: float | None, censored: bool = False) -> str:
    """``a / b`` as the report prints it, ``≥`` when ``a`` is a lower bound (a capped query)."""
    if not a or not b:
        return "–"
    return ("≥" if censored else "") + f"{a / b:,.1f}×"


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "MISSED")


def _loads(values: Iterable[float]) -> str:
    return "/".join(f"{v:.1f}" for v in values)


def render(figures: dict) -> str:
    lines: list[str] = []
    add = lines.append
    env = figures["environment"]
    add(f"Zoeklicht benchmark: {figures['corpus']['description']}")
    add(
        f"  {env['cpus']} CPUs, Python {env['python']}, whoosh3 {env['whoosh']}, SQLite {env['sqlite']}, "
        f"tantivy {env['tantivy']}, NumPy {env['numpy']}"
    )
    code, later = figures["code"], figures["code_at_end"]
    uncommitted = ", ".join(code["search_uncommitted"]) or "none"
    add(f"  code: commit {code['commit']}, search/ digest {code['search_digest']} (uncommitted: {uncommitted})")
    if later["search_digest"] != code["search_digest"]:
        add(f"  WARNING: search/ changed on disk during the run (digest now {later['search_digest']})")
    load = figures["load"]
    add(
        f"  load average (1/5/15 min) at start {_loads(load['start'])}, after the builds "
        f"{_loads(load['after_builds'])}, at the end {_loads(load['end'])}: other work on the machine "
        "slows every figure alike"
    )
    add("")
    q = figures["queries"]
    add(
        f"Side by side ({len(QUERIES)} queries of bench/queries.py; each answer: exact total, source and year "
        "facets, top-10 page with snippets)"
    )
    add(
        f"  {'':22}{'build s':>9}{'para/s':>9}{'index MiB':>11}{'median ms':>11}{'p95 ms':>9}"
        f"{'cold open + 1st query':>23}"
    )
    builds = figures["build"]
    for name, label in SYSTEMS.items():
        b = builds.get(name)
        if not b:
            continue
        rate = b["paragraphs"] / b["seconds"] if b["seconds"] else 0
        s = q.get(name)
        cens = bool(s and s["timed_out"])
        cold = figures["cold"].get(name)
        cold_text = f"{cold['open_ms']:,.0f} + {_ms(cold['first_query_ms'])} ms" if cold else "–"
        label += f" (procs={figures['procs']})" if name == "ours" else ""
        label += " [reused]" if b.get("reused") else ""
        add(
            f"  {label:22}{b['seconds']:>9.1f}{rate:>9,.0f}{b['du'] / MIB:>11,.1f}"
            f"{_ms(s and s['median']):>11}{_ms(s and s['p95'], cens):>9}{cold_text:>23}"
        )
    ours_build = builds["ours"]
    if ours_build.get("phases"):
        add("  our build phases (s): " + ", ".join(f"{k} {v:.1f}" for k, v in ours_build["phases"].items()))
    parts = ours_build.get("du_parts") or {}
    if parts:
        big = {k: v for k, v in parts.items() if v >= 0.005 * ours_build["du"]}
        big["other"] = sum(v for k, v in parts.items() if k not in big)
        add(
            "  our index on disk (MiB): "
            + ", ".join(f"{k} {v / MIB:,.1f}" for k, v in sorted(big.items(), key=lambda kv: -kv[1]))
        )
    add("")
    ours = q["ours"]
    add(f"  ours, tantivy, FTS5: 1 warm-up pass, then {PASSES} timed passes ({ours['n']} timings each)")
    if "stock" in q:
        st = q["stock"]
        add(
            f"  stock Whoosh: each query run ONCE, after one facet-cache warm-up query, capped at "
            f"{figures['stock_cap_s']:.0f} s; {st['queries']} of {len(QUERIES)} queries{figures['stock_subset_note']}; "
            f"{len(st['timed_out'])} hit the cap (counted as the cap)"
        )
    add("  cold open + 1st query: a fresh worker process opens the index, then answers "
        f"{COLD_START_QUERY!r} (page cache warm)")  # fmt: skip
    sel = figures["selective"]
    add(
        f"  {SELECTIVE_QUERY!r} ({sel['ours']['total']} hits), median ms: "
        + ", ".join(f"{SYSTEMS[k]} {_ms(v['median'])}" for k, v in sel.items())
    )
    few = figures["few_hits"]
    add(
        f"  queries with ≤ {FEW_HITS:,} hits ({few['ours']['queries']}), median / p95 ms: "
        + ", ".join(f"{SYSTEMS[k]} {_ms(v['median'])} / {_ms(v['p95'])}" for k, v in few.items())
    )
    add("")
    kinds = [*dict.fromkeys(query.kind for query in QUERIES), "without date filter", "with date filter"]
    names = [n for n in SYSTEMS if n in q]
    add("  per class, median ms   " + "".join(f"{n:>10}" for n in names))
    for kind in kinds:
        add(f"    {kind:22}" + "".join(f"{_ms(q[n]['by_kind'].get(kind)):>10}" for n in names))
    add("  5 slowest of ours (median ms): " + "; ".join(f"{lab} {_ms(ms)}" for ms, lab in ours["slowest"]))
    for name in q:
        st = q[name]
        if st["no_results"]:
            add(f"  {name}: no results for " + ", ".join(st["no_results"]))
        if st["errors"]:
            add(f"  {name}: errors: " + "; ".join(f"{k}: {v}" for k, v in st["errors"].items()))
    if "stock" in q and q["stock"]["timed_out"]:
        add("  stock Whoosh hit the cap on: " + ", ".join(q["stock"]["timed_out"]))
    if "four_x" in figures:
        add("")
        _render_four_x(figures, add)
    add("")
    c = figures["completion"]
    add(
        f"Completion: {c['prefixes']} typed prefixes, 1 warm-up pass + {PASSES} timed passes: "
        f"median {_ms(c['median'])} ms, p95 {_ms(c['p95'])} ms, max {_ms(c['max'])} ms"
    )
    add("  slowest: " + "; ".join(f"{t!r} {_ms(ms)} ms" for ms, t in c["slowest"]))
    cs = {k: v * 1000 for k, v in figures["cold_start"].items() if k.endswith("_s")}
    add(
        f"Cold start of ours (fresh interpreter, Engine() to the first answer of {COLD_START_QUERY!r}; page cache "
        f"warm; {COLD_START_RUNS} runs): median {cs['cold_start_s']:,.0f} ms, max {cs['max_cold_start_s']:,.0f} ms "
        f"(open {cs['open_s']:,.0f} ms + first query {cs['first_query_s']:,.0f} ms; "
        f"imports before it {cs['import_s']:,.0f} ms; whole process {cs['process_s']:,.0f} ms)"
    )
    add("Memory after the warm queries (MiB; RssFile counts mapped index files, shared between workers):")
    for name, m in figures["memory"].items():
        add(
            f"  {name:14} VmRSS {m.get('VmRSS', 0):>7,.1f}  (RssAnon {m.get('RssAnon', 0):,.1f}, "
            f"RssFile {m.get('RssFile', 0):,.1f})  peak VmHWM {m.get('VmHWM', 0):,.1f}"
        )
    a = figures["agreement"]
    limit = f"; skipped {len(a['skipped'])} with ≥ {a['limit']:,} matches" if a["limit"] else ""
    add(f"Agreement fast_matches == whoosh_matches: {a['agree']} of {a['checked']} distinct queries agree{limit}")
    for d in a["disagree"]:
        add(f"  DISAGREE {d}")
    add("")
    add("Ratios (p95)")
    r = figures["ratios"]
    add(f"  ours / tantivy:      {r['ours_over_tantivy']} (both measured in this run)")
    if "stock_over_ours" in r:
        add(
            f"  stock Whoosh / ours: {r['stock_over_ours']} (on the {q['stock']['queries']} queries stock Whoosh ran; "
            f"ours p95 on them {_ms(r['ours_p95_on_stock_queries'])} ms)"
        )
    add(f"  SQLite FTS5 / ours:  {r['fts5_over_ours']}")
    add("")
    add("Targets" + (" (set for the full corpus; this is the quick slice)" if figures["quick"] else ""))
    for name, (text, ok) in figures["targets"].items():
        add(f"  {_verdict(ok):7} {name}: {text}")
    return "\n".join(lines)


def _render_four_x(figures: dict, add: Callable[[str], None]) -> None:
    four = figures["four_x"]
    add("The corpus four times over (3 extra copies, every word spelled backwards, fresh ids: the same hits)")
    add(
        f"  {'':12}{'1× median / p95 ms':>20}{'4× median / p95 ms':>20}{'4×/1× p95':>11}"
        f"{SELECTIVE_QUERY + ' 1× → 4×':>24}{'build 4× s':>12}{'index MiB 4×':>14}{'open + 1st 4×':>18}"
    )
    for name in ("ours", "tantivy"):
        one, big = figures["queries"][name], four["queries"][name]
        s1, s4 = figures["selective"][name]["median"], four["selective"][name]["median"]
        b = four["build"][name]
        cold = four["cold"][name]
        add(
            f"  {SYSTEMS[name]:12}{_ms(one['median']) + ' / ' + _ms(one['p95']):>20}"
            f"{_ms(big['median']) + ' / ' + _ms(big['p95']):>20}{ratio(big['p95'], one['p95']):>11}"
            f"{_ms(s1) + ' → ' + _ms(s4) + ' ms':>24}{b['seconds']:>12.1f}{b['du'] / MIB:>14,.1f}"
            f"{cold['open_ms']:>10,.0f} + {_ms(cold['first_query_ms'])}"
        )
        if four["same_totals"][name]:
            add(f"  {name}: totals differ from 1× on " + ", ".join(four["same_totals"][name]))
        else:
            add(f"  {name}: every query has the same total as on the 1× corpus")


def targets(figures: dict) -> dict[str, tuple[str, bool | None]]:
    """Each target's label, the figure measured and whether it was met."""
    q = figures["queries"]
    ours_p95 = q["ours"]["p95"]
    t: dict[str, tuple[str, bool | None]] = {}
    t[f"query p95 ≤ {TARGETS['query_p95_ms']:,g} ms"] = (f"{_ms(ours_p95)} ms", ours_p95 <= TARGETS["query_p95_ms"])
    tantivy_p95 = q["tantivy"]["p95"]
    t[f"p95 ≤ {TARGETS['tantivy_factor']:,g}× tantivy's (same run)"] = (
        f"{_ms(ours_p95)} vs {_ms(tantivy_p95)} ms ({figures['ratios']['ours_over_tantivy']})",
        ours_p95 <= TARGETS["tantivy_factor"] * tantivy_p95,
    )
    few = figures["few_hits"]["ours"]
    if few["median"] is not None:
        # tantivy's median beside it: an absolute target on a shared machine reads with the peer's
        peer = figures["few_hits"].get("tantivy", {}).get("median")
        beside = f" (tantivy {_ms(peer)} ms, {ratio(few['median'], peer)})" if peer else ""
        t[f"queries with ≤ {FEW_HITS:,} hits: median ≤ {TARGETS['few_hits_median_ms']:,g} ms"] = (
            f"{_ms(few['median'])} ms{beside}",
            few["median"] <= TARGETS["few_hits_median_ms"],
        )
    r = figures["ratios"]
    if "stock_over_ours_value" in r:
        t[f"≥ {TARGETS['stock_ratio']:,g}× better than stock Whoosh (p95)"] = (
            r["stock_over_ours"],
            r["stock_over_ours_value"] >= TARGETS["stock_ratio"],
        )
    t["below FTS5's p95"] = (f"{_ms(ours_p95)} vs {_ms(q['fts5']['p95'])} ms", ours_p95 < q["fts5"]["p95"])
    if "four_x" in figures:
        one, big = q["ours"], figures["four_x"]["queries"]["ours"]
        worst = max(big["median"] / one["median"], big["p95"] / one["p95"])
        t[f"4× corpus: median and p95 within {TARGETS['scaling']:,g}× of 1×"] = (
            f"median {ratio(big['median'], one['median'])}, p95 {ratio(big['p95'], one['p95'])}",
            worst <= TARGETS["scaling"],
        )
    c = figures["completion"]["p95"]
    t[f"completion p95 ≤ {TARGETS['completion_p95_ms']:,g} ms"] = (f"{_ms(c)} ms", c <= TARGETS["completion_p95_ms"])
    cs = figures["cold_start"]["max_cold_start_s"]
    t[f"cold start ≤ {TARGETS['cold_start_s']:,g} s"] = (f"max {cs * 1000:,.0f} ms", cs <= TARGETS["cold_start_s"])
    b = figures["build"]["ours"]
    rate = b["paragraphs"] / b["seconds"]
    t[f"indexing ≥ {TARGETS['paragraphs_per_s']:,g} paragraphs/s"] = (
        f"{rate:,.0f} paragraphs/s",
        rate >= TARGETS["paragraphs_per_s"],
    )
    stock = figures["build"].get("stock")
    if stock:
        stock_rate = stock["paragraphs"] / stock["seconds"]
        t[f"build faster than stock Whoosh (procs={BASELINE_PROCS})"] = (
            f"{rate:,.0f} vs {stock_rate:,.0f} paragraphs/s",
            rate > stock_rate,
        )
    return t
