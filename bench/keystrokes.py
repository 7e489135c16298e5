"""Keystroke to results on screen: the page typed into by Chromium, against a real gunicorn.

    python bench/keystrokes.py                      # seeds + the first 20,000 corpus paragraphs
    python bench/keystrokes.py --lines 50000 --passes 5 --keep /tmp/zl-typing

Each query is typed into a fresh page at a person's pace (``--key-delay`` ms between keys). The
time measured runs from the last key press to the moment the page shows the answer for the whole
text (the result list is no longer busy and the URL holds the typed query), read from the page's
own clock. The baseline is the page of another git revision (``--baseline-ref``, default
``main``: its ``index.html``, ``app.js`` and ``style.css`` served in place of ours), measured in
the same run against the same server, queries alternating between the two, so load on the
machine falls on both alike. Prints medians, p95s and their ratio, with the load average.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from search.config import Config  # noqa: E402
from search.indexer import rebuild  # noqa: E402
from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.live_server import live_server  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "nl-paragraphs.jsonl.gz"
STATIC = {"/": "index.html", "/static/app.js": "app.js", "/static/style.css": "style.css"}
QUERIES = ("belasting", "ministerie", "onderwijs", "verkiezingen", "kabinet", "gemeente", "ziekenhuis",
           "politie", "minister president", "europese unie")  # fmt: skip

# Records, in the page, when a key went down and when the answer to the typed text was shown.
WATCH = """
window.__lastKey = 0;
window.__shown = [];
document.addEventListener("keydown", () => { window.__lastKey = performance.now(); }, true);
new MutationObserver(() => {
  const results = document.getElementById("results");
  if (!results || results.getAttribute("aria-busy") !== "false") return;
  window.__shown.push({ t: performance.now(), q: new URLSearchParams(location.search).get("q") });
}).observe(document, { subtree: true, childList: true, characterData: true, attributes: true,
                       attributeFilter: ["aria-busy"] });
"""


def corpus_slice(corpus: Path, folder: Path, lines: int) -> Path:
    """The first ``lines`` paragraphs of the corpus, as a JSON Lines file of their own."""
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "slice.jsonl"
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as src, open(out, "w", encoding="utf-8") as dst:
        for n, line in enumerate(src):
            if n >= lines:
                break
            dst.write(line)
    return out


def build(index_dir: Path, corpus: Path, lines: int) -> None:
    if (index_dir / "CURRENT").exists():
        return
    paths = [REPO / "seeds"]
    if lines and corpus.exists():
        paths.append(corpus_slice(corpus, index_dir.parent / "typing-corpus", lines))
    else:
        print(f"(no corpus at {corpus}: seeds only)", file=sys.stderr)
    report = rebuild(Config(index_dir=index_dir), paths)
    print(f"indexed {report.articles:,} articles, {report.paragraphs:,} paragraphs", file=sys.stderr)


def baseline_files(ref: str) -> dict[str, str]:
    def show(name: str) -> str:
        return subprocess.run(
            ["git", "show", f"{ref}:web/static/{name}"], cwd=REPO, check=True, capture_output=True, text=True
        ).stdout

    return {path: show(name) for path, name in STATIC.items()}


def serve_baseline(page: Page, files: dict[str, str]) -> None:
    types = {"/": "text/html", "/static/app.js": "text/javascript", "/static/style.css": "text/css"}

    def handler(route) -> None:
        path = route.request.url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]
        path = "/" + path
        if path in files and (path != "/" or route.request.resource_type == "document"):
            route.fulfill(status=200, content_type=f"{types[path]}; charset=utf-8", body=files[path])
        else:
            route.continue_()

    page.route("**/*", handler)


def type_once(page: Page, base: str, query: str, key_delay: int) -> float:
    """Milliseconds from the last key press to the answer for ``query`` on screen."""
    page.goto(base)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'q'")
    page.locator("#q").press_sequentially(query, delay=key_delay)
    page.wait_for_function(
        "(q) => window.__shown.some((s) => s.q === q && s.t >= window.__lastKey)", arg=query, timeout=15_000
    )
    return page.evaluate(
        "(q) => Math.min(...window.__shown.filter((s) => s.q === q && s.t >= window.__lastKey).map((s) => s.t))"
        " - window.__lastKey",
        query,
    )


def stats(values: list[float]) -> dict:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(values), "median_ms": round(statistics.median(values), 1), "p95_ms": round(p95, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python bench/keystrokes.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="paragraph corpus (.jsonl or .jsonl.gz)")
    parser.add_argument("--lines", type=int, default=20_000, help="corpus paragraphs to index besides the seeds")
    parser.add_argument("--keep", type=Path, help="index folder to build once and reuse")
    parser.add_argument("--passes", type=int, default=3, help="times each query is typed, per page")
    parser.add_argument("--key-delay", type=int, default=120, help="milliseconds between key presses")
    parser.add_argument("--baseline-ref", default="main", help="git revision whose page is the baseline")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="zl-typing-") as tmp:
        index_dir = args.keep or Path(tmp) / "index"
        build(index_dir, args.corpus, args.lines)
        baseline = baseline_files(args.baseline_ref)
        times: dict[str, list[float]] = {"baseline": [], "ours": []}
        with live_server(index_dir, Path(tmp) / "gunicorn.log", workers=1, threads=2) as base:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                pages = {}
                for name in times:
                    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="nl-NL")
                    context.add_init_script(WATCH)
                    pages[name] = context.new_page()
                serve_baseline(pages["baseline"], baseline)
                for page in pages.values():  # warm up: the server, the browser, the page's debounce
                    type_once(page, base, "kabinet", args.key_delay)
                for _ in range(args.passes):
                    for query in QUERIES:
                        for name, page in pages.items():
                            times[name].append(type_once(page, base, query, args.key_delay))
                browser.close()
    figures = {name: stats(values) for name, values in times.items()}
    figures["ratio_median"] = round(figures["ours"]["median_ms"] / figures["baseline"]["median_ms"], 2)
    figures["ratio_p95"] = round(figures["ours"]["p95_ms"] / figures["baseline"]["p95_ms"], 2)
    figures["load_average"] = [round(x, 2) for x in os.getloadavg()]
    figures["key_delay_ms"] = args.key_delay
    print(f"keystroke -> results on screen ({args.passes} x {len(QUERIES)} queries, {args.key_delay} ms between keys)")
    for name in times:
        f = figures[name]
        print(f"  {name:<9} median {f['median_ms']:7.1f} ms   p95 {f['p95_ms']:7.1f} ms   (n={f['n']})")
    print(f"  ours / baseline: median {figures['ratio_median']}, p95 {figures['ratio_p95']}")
    print(f"  load average {figures['load_average']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
