"""The ``zoeklicht`` command: build the index, search it from a terminal, serve it.

A thin shell over the library: it reads the settings (``Config.from_env()`` plus flags),
calls ``rebuild`` or the ``Engine``, and is the only part of ``search`` that prints.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from tqdm import tqdm

from . import export, generations, kwic, validation
from .config import Config, setting
from .engine import Engine
from .errors import IndexLockedError, NoIndexError, QueryError, ZoeklichtError
from .indexer import BuildReport, NothingIndexedError, Skip, StrictBuildError, rebuild
from .results import GROUPS, MAX_PER_PAGE, SearchRequest
from .serve_command import serve_argv
from .terminal import format_kwic, format_result

DEFAULT_PROCS = max(1, min(4, os.cpu_count() or 1))
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_LOCKED = 3
EXIT_STRICT = 4
EXIT_INTERRUPTED = 130

EPILOG = f"""\
exit codes:
  {EXIT_OK:<4} success
  {EXIT_FAILED:<4} nothing could be indexed, the build failed, or there is no index to search
  {EXIT_USAGE:<4} usage error: bad arguments or settings, or a query that cannot be answered
  {EXIT_LOCKED:<4} another build holds the index lock; nothing was changed
  {EXIT_STRICT:<4} --strict and some input was skipped or repaired; the build was not published
  {EXIT_INTERRUPTED:<4} interrupted (Ctrl-C or SIGTERM)

A build that fails, is refused or is interrupted never touches the index being served.
Settings come from ZOEKLICHT_* environment variables (e.g. ZOEKLICHT_INDEX_DIR); flags win.
"""


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _port(text: str) -> int:
    value = int(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, not {value}")
    return value


def _setting_option(parser: argparse.ArgumentParser, name: str, kind: Callable[[str], object]) -> None:
    """``--NAME`` for a Config setting: its help, variable and default are Config's declaration,
    so the help cannot drift from the setting (``--threads`` once said 4 when the default was 1)."""
    declared = setting(name)
    text = f"{declared.help.rstrip('.')} (default: {declared.env} or {declared.default})"
    parser.add_argument(f"--{name.replace('_', '-')}", type=kind, help=text.replace("%", "%%"))


# How ``zoeklicht search`` names the API's parameters in its messages: the rules are the API's.
SEARCH_LABELS = {"q": "QUERY", "per_page": "--limit", "limit": "--limit", "format": "--format", "group": "--group"}


def build_parser() -> argparse.ArgumentParser:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog="zoeklicht",
        description="Full-text search for Dutch news: build the index, search it, serve it.",
        epilog=EPILOG,
        formatter_class=formatter,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    index = commands.add_parser(
        "index",
        help="build a new index generation and make it current",
        description="Index .txt, .jsonl, .jsonl.gz and .csv files into a new generation, then switch "
        "to it atomically. Unreadable files, lines and rows are reported and skipped.",
        epilog=EPILOG,
        formatter_class=formatter,
    )
    index.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: the seeds folder)"
    )
    _setting_option(index, "index_dir", Path)
    index.add_argument(
        "--source", help="source name for every article (default: a record's own source, else its folder's name)"
    )
    index.add_argument(
        "--procs",
        type=_positive,
        default=DEFAULT_PROCS,
        help=f"build processes, one per part of the input (default: the machine's cores, at most 4: {DEFAULT_PROCS})",
    )
    index.add_argument(
        "--strict",
        action="store_true",
        help="fail without publishing if any input is skipped or repaired (exit 4)",
    )
    index.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no skip lines")

    search = commands.add_parser(
        "search", help="search the index from the terminal", epilog=EPILOG, formatter_class=formatter
    )
    search.add_argument("query", metavar="QUERY")
    _setting_option(search, "index_dir", Path)
    search.add_argument(
        "--limit",
        help=f"hits to show, 1..{MAX_PER_PAGE} (default: {validation.DEFAULT_PER_PAGE}); with --kwic lines, "
        f"1..{kwic.MAX_PER_PAGE} (default: {kwic.DEFAULT_PER_PAGE}); with --format rows, up to "
        "ZOEKLICHT_MAX_EXPORT (default: all of them)",
    )
    mode = search.add_mutually_exclusive_group()
    mode.add_argument("--kwic", action="store_true", help="every occurrence of the words in context, one line each")
    mode.add_argument(
        "--format",
        metavar="{" + ",".join(export.FORMATS) + "}",
        help="write every match as CSV or JSON Lines to stdout (for analysis)",
    )
    search.add_argument(
        "--group",
        metavar="{" + ",".join(GROUPS) + "}",
        help=f"with --format: a row per article or per paragraph (default: {validation.GROUP_DEFAULT})",
    )

    serve = commands.add_parser(
        "serve",
        help="run the web app with gunicorn (indexing the seeds first when there is no index)",
        epilog=EPILOG,
        formatter_class=formatter,
    )
    for name, kind in (
        ("index_dir", Path),
        ("host", str),
        ("port", _port),
        ("workers", _positive),
        ("threads", _positive),
    ):
        _setting_option(serve, name, kind)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on a usage error, 0 after --help
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    search_log = logging.getLogger("search")
    if not search_log.handlers:  # the CLI prints what users need; no stray log lines on stderr
        search_log.addHandler(logging.NullHandler())
    try:
        config = Config.from_env()
    except ValueError as exc:
        _error(f"bad setting: {exc}")
        return EXIT_USAGE
    overrides = {
        name: value
        for name in ("index_dir", "host", "port", "workers", "threads")
        if (value := getattr(args, name, None)) is not None
    }
    config = dataclasses.replace(config, **overrides)
    try:
        request = _search_request(args, config) if args.command == "search" else None
    except QueryError as exc:  # the API's rule and message, under the option's name
        try:
            parser.error(str(exc))
        except SystemExit:
            return EXIT_USAGE
    try:
        if args.command == "index":
            return _index(config, args.paths or [config.seeds_dir], args)
        if request is not None:
            return _search_command(config, request)
        return _serve(config)
    except KeyboardInterrupt:
        _error("interrupted; the index being served is unchanged")
        return EXIT_INTERRUPTED


# The library's errors as exit codes; any other error is EXIT_FAILED.
EXIT_CODES: tuple[tuple[type[ZoeklichtError], int], ...] = (
    (IndexLockedError, EXIT_LOCKED),
    (StrictBuildError, EXIT_STRICT),
    (QueryError, EXIT_USAGE),
)


def _exit_code(error: ZoeklichtError) -> int:
    return next((code for kind, code in EXIT_CODES if isinstance(error, kind)), EXIT_FAILED)


def _error(message: str) -> None:
    print(f"zoeklicht: {message}", file=sys.stderr)


# -- index --------------------------------------------------------------------------------------


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # SIGTERM cleans up exactly like Ctrl-C


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """While a build runs, SIGTERM (systemd, ``kill``, a supervisor) interrupts it like Ctrl-C:
    the temporary generation is removed and the helpers stop, instead of dying half-way."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _index(config: Config, paths: list[Path], args: argparse.Namespace) -> int:
    with _sigterm_interrupts():
        return _build(config, paths, args)


def _build(config: Config, paths: list[Path], args: argparse.Namespace) -> int:
    quiet = bool(getattr(args, "quiet", False))
    bar = tqdm(unit=" paragraphs", file=sys.stderr, disable=quiet or not sys.stderr.isatty())

    def on_skip(skip: Skip) -> None:
        if not quiet:
            tqdm.write(f"skipped {skip}", file=sys.stderr)

    try:
        report: BuildReport = rebuild(
            config,
            paths,
            source=getattr(args, "source", None),
            procs=getattr(args, "procs", 1),
            progress=bar.update,
            on_skip=on_skip,
            strict=bool(getattr(args, "strict", False)),
        )
    except (IndexLockedError, StrictBuildError, NothingIndexedError) as exc:
        _error(str(exc))
        return _exit_code(exc)
    except (ZoeklichtError, OSError) as exc:
        _error(f"build failed: {exc}; the index being served is unchanged")
        return EXIT_FAILED
    finally:
        bar.close()
    print(report.summary())
    return EXIT_OK


# -- search -------------------------------------------------------------------------------------

SearchCommand = SearchRequest | kwic.KwicRequest | tuple[SearchRequest, str, int]


def _search_request(args: argparse.Namespace, config: Config) -> SearchCommand:
    """The options as the API's parameters, read by the same rules: ``--limit`` is the page size
    of hits and of KWIC lines and an export's ``limit``, each with its own bounds."""
    given = {"q": [args.query]}
    if args.format is not None:
        given["format"] = [args.format]
    if args.group is not None:  # a row per article or paragraph: only an export has rows
        if args.format is None:
            validation.check_choice("group", args.group, GROUPS, SEARCH_LABELS)
        given["group"] = [args.group]
    if args.limit is not None:
        given["limit" if args.format is not None else "per_page"] = [args.limit]
    if args.kwic:
        return validation.kwic_request(given, config, SEARCH_LABELS)
    if args.format is not None:
        return validation.export_request(given, config, SEARCH_LABELS)
    given.pop("group", None)
    return validation.search_request(given, config, SEARCH_LABELS)


def _search_command(config: Config, request: SearchCommand) -> int:
    """Hits, words in context (--kwic) or every match as rows (--format)."""
    color = sys.stdout.isatty()
    try:
        engine = Engine(config)
        if isinstance(request, kwic.KwicRequest):
            print(format_kwic(engine.kwic(request), color=color))
        elif isinstance(request, tuple):
            search, fmt, limit = request
            _total, rows = engine.export(search, limit)
            for chunk in export.chunks(rows, fmt):
                sys.stdout.write(chunk)
        else:
            print(format_result(engine.search(request), color=color))
    except (NoIndexError, QueryError) as exc:
        _error(str(exc))
        return _exit_code(exc)
    return EXIT_OK


# -- serve --------------------------------------------------------------------------------------


def _serve(config: Config) -> int:
    if generations.current_generation(config.index_dir) is None:
        print(f"no index in {config.index_dir} yet: indexing {config.seeds_dir} first", file=sys.stderr)
        code = _index(config, [config.seeds_dir], argparse.Namespace())
        if code != EXIT_OK:
            return code
    argv = serve_argv(config)
    sys.stdout.flush()
    sys.stderr.flush()
    os.execvp(argv[0], argv)  # replaces this process; returns only in tests that stub it
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
