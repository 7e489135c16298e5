"""The ``zoeklicht`` command, called as ``main([...])``: exit codes and what it prints."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from gunicorn.config import Config as GunicornConfig

import search.indexer
from search import generations
from search.cli import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_STRICT,
    EXIT_USAGE,
    main,
)

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def index_dir(tmp_path) -> Path:
    return tmp_path / "index"


@pytest.fixture
def indexed(index_dir, seeds_dir, capsys) -> Path:
    """The seeds indexed through the CLI; captured output is cleared afterwards."""
    assert main(["index", "--quiet", "--index-dir", str(index_dir), str(seeds_dir)]) == EXIT_OK
    capsys.readouterr()
    return index_dir


def test_index_then_search(index_dir, seeds_dir, capsys):
    assert main(["index", "--index-dir", str(index_dir), str(seeds_dir)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert out.startswith("indexed 5 articles, 56 paragraphs from 5 files in ")
    assert err == ""  # nothing skipped, and no progress bar when stderr is not a terminal
    assert generations.current_generation(index_dir) is not None

    assert main(["search", "Pyongyang", "--index-dir", str(index_dir), "--limit", "2"]) == EXIT_OK
    out, _ = capsys.readouterr()
    assert out.splitlines()[0] == "5 articles (10 paragraphs) for 'Pyongyang', showing 2"
    assert " 1. Voormalig Amerikaans president Donald Trump heeft de Noord-Koreaanse dictator Kim Jong-un…" in out
    assert "seeds · 2021-02 · Verrassing · 2 matching paragraphs" in out  # source, month date, section
    assert "«Pyongyang»" in out  # the match is marked
    assert "<mark>" not in out and "&" not in out


def test_search_without_hits_says_so(indexed, capsys):
    assert main(["search", "fietsenmaker", "--index-dir", str(indexed)]) == EXIT_OK
    assert "No results for 'fietsenmaker'." in capsys.readouterr().out


def test_search_without_an_index(tmp_path, capsys):
    assert main(["search", "Kim", "--index-dir", str(tmp_path / "leeg")]) == EXIT_FAILED
    assert "no index" in capsys.readouterr().err


def test_settings_come_from_the_environment(tmp_path, seeds_dir, monkeypatch, capsys):
    monkeypatch.setenv("ZOEKLICHT_INDEX_DIR", str(tmp_path / "uit-env"))
    monkeypatch.setenv("ZOEKLICHT_SEEDS_DIR", str(seeds_dir))
    assert main(["index", "--quiet"]) == EXIT_OK  # no PATH: the seeds folder
    assert "indexed 5 articles" in capsys.readouterr().out
    assert generations.current_generation(tmp_path / "uit-env") is not None


def test_bad_setting_in_the_environment_is_a_usage_error(monkeypatch, capsys):
    monkeypatch.setenv("ZOEKLICHT_PORT", "achtduizend")
    assert main(["search", "Kim"]) == EXIT_USAGE
    assert "ZOEKLICHT_PORT" in capsys.readouterr().err


def test_skipped_inputs_are_printed_as_they_happen(corpus, index_dir, capsys):
    corpus.txt("goed.txt", "Het kabinet is gevallen.")
    corpus.jsonl("r.jsonl", [{"text": "Goed."}, "{kapot"])
    corpus.txt("notes.md", "x")
    assert main(["index", "--index-dir", str(index_dir), str(corpus.root)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"skipped {corpus.root / 'notes.md'}: unsupported file type .md",
        f"skipped {corpus.root / 'r.jsonl'}:2: malformed JSON (Expecting property name enclosed in double quotes)",
    ]
    assert "indexed 2 articles" in out and "skipped or repaired 2" in out


def test_quiet_prints_only_the_summary(corpus, index_dir, capsys):
    corpus.txt("goed.txt", "Het kabinet is gevallen.")
    corpus.txt("notes.md", "x")
    assert main(["index", "-q", "--index-dir", str(index_dir), str(corpus.root)]) == EXIT_OK
    out, err = capsys.readouterr()
    assert (err, out.count("\n")) == ("", 1)


def test_progress_bar_on_a_terminal(index_dir, seeds_dir, monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["index", "--index-dir", str(index_dir), str(seeds_dir)]) == EXIT_OK
    assert re.search(r"56 paragraphs", terminal.getvalue())
    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["index", "--quiet", "--index-dir", str(index_dir), str(seeds_dir)]) == EXIT_OK
    assert terminal.getvalue() == ""


def test_source_and_procs(index_dir, seeds_dir, capsys):
    assert (
        main(["index", "-q", "--procs", "2", "--source", "kranten", "--index-dir", str(index_dir), str(seeds_dir)]) == 0
    )
    assert "56 paragraphs" in capsys.readouterr().out
    assert main(["search", "Pyongyang", "--index-dir", str(index_dir)]) == EXIT_OK
    assert "kranten · 2021-02" in capsys.readouterr().out


def test_nothing_to_index_fails_and_keeps_the_old_index(indexed, tmp_path, capsys):
    old = generations.current_generation(indexed)
    assert main(["index", "--index-dir", str(indexed), str(tmp_path / "typo")]) == EXIT_FAILED
    err = capsys.readouterr().err
    assert f"skipped {tmp_path / 'typo'}: no such file or folder" in err
    assert "nothing could be indexed" in err
    assert generations.current_generation(indexed) == old


def test_strict_with_a_bad_file_publishes_nothing(indexed, corpus, capsys):
    old = generations.current_generation(indexed)
    corpus.txt("dijk.txt", "De dijkwacht houdt de wacht.")
    corpus.raw("kapot.txt", b"Caf\xe9.")
    assert main(["index", "--strict", "--index-dir", str(indexed), str(corpus.root)]) == EXIT_STRICT
    out, err = capsys.readouterr()
    assert out == ""  # no summary: nothing was published
    assert "skipped" in err and "kapot.txt" in err
    assert "the served index is unchanged" in err
    assert generations.current_generation(indexed) == old
    assert main(["search", "dijkwacht", "--index-dir", str(indexed)]) == EXIT_OK
    assert "No results" in capsys.readouterr().out


def test_strict_without_problems_publishes(index_dir, seeds_dir, capsys):
    assert main(["index", "--strict", "-q", "--index-dir", str(index_dir), str(seeds_dir)]) == EXIT_OK


def test_a_locked_index_is_exit_3(indexed, seeds_dir, capsys):
    with generations.build_lock(indexed):
        assert main(["index", "-q", "--index-dir", str(indexed), str(seeds_dir)]) == EXIT_LOCKED
    assert "another build" in capsys.readouterr().err


def test_ctrl_c_is_exit_130_and_keeps_the_old_index(indexed, seeds_dir, monkeypatch, capsys):
    old = generations.current_generation(indexed)

    def interrupted(*_args):
        raise KeyboardInterrupt

    monkeypatch.setattr(search.indexer, "read_articles", interrupted)
    assert main(["index", "-q", "--index-dir", str(indexed), str(seeds_dir)]) == EXIT_INTERRUPTED
    assert "interrupted" in capsys.readouterr().err
    assert generations.current_generation(indexed) == old
    assert [p.name for p in indexed.iterdir() if p.name.startswith(".tmp")] == []


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["search"],
        ["index", "--procs", "0"],
        ["index", "--procs", "twee"],
        ["search", "Kim", "--limit", "51"],
        ["serve", "--port", "70000"],
    ],
)
def test_usage_errors_are_exit_2(argv, capsys):
    assert main(argv) == EXIT_USAGE
    assert "usage: zoeklicht" in capsys.readouterr().err


def test_help_documents_every_exit_code(capsys):
    assert main(["index", "--help"]) == EXIT_OK
    out = capsys.readouterr().out
    for code in (EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED, EXIT_STRICT, EXIT_INTERRUPTED):
        assert re.search(rf"^\s+{code}\s+\S", out, re.M), code
    assert "--strict" in out and "not published" in out


def test_serve_builds_the_seeds_first_then_runs_gunicorn(tmp_path, seeds_dir, monkeypatch, capsys):
    monkeypatch.setenv("ZOEKLICHT_SEEDS_DIR", str(seeds_dir))
    monkeypatch.setenv("ZOEKLICHT_MAX_URL_CHARS", "4000")
    started = []
    monkeypatch.setattr(os, "execvp", lambda file, argv: started.append(argv))  # do not replace pytest
    index_dir = tmp_path / "index"
    argv = ["serve", "--index-dir", str(index_dir), "--host", "0.0.0.0", "--port", "8123", "--workers", "3"]
    assert main(argv) == EXIT_OK
    assert generations.current_generation(index_dir) is not None
    assert "indexing" in capsys.readouterr().err
    (command,) = started
    assert command[:3] == [sys.executable, "-m", "gunicorn"]
    parsed = GunicornConfig().parser().parse_args(command[3:])  # gunicorn's own parser accepts them
    assert parsed.args == ["web.wsgi:app"]
    assert (parsed.bind, parsed.workers, parsed.threads) == (["0.0.0.0:8123"], 3, 1)
    assert parsed.config == "python:web.gunicorn_conf"  # limits above the app's own, access log to stdout
    env = dict(e.split("=", 1) for e in parsed.raw_env)
    assert env["ZOEKLICHT_INDEX_DIR"] == str(index_dir.resolve())
    assert (env["ZOEKLICHT_PORT"], env["ZOEKLICHT_MAX_URL_CHARS"]) == ("8123", "4000")

    started.clear()
    old = generations.current_generation(index_dir)
    assert main(argv) == EXIT_OK  # an index exists: served as it is, not rebuilt
    assert generations.current_generation(index_dir) == old and len(started) == 1


def test_serve_with_nothing_to_index_does_not_start(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ZOEKLICHT_SEEDS_DIR", str(tmp_path / "geen-seeds"))
    started = []
    monkeypatch.setattr(os, "execvp", lambda file, argv: started.append(argv))
    assert main(["serve", "--index-dir", str(tmp_path / "index")]) == EXIT_FAILED
    assert started == []


def test_an_index_dir_that_cannot_be_made_fails_with_exit_1(tmp_path, seeds_dir, capsys):
    blocker = tmp_path / "index"
    blocker.write_text("a file where the index folder should be")
    assert main(["index", "-q", "--index-dir", str(blocker), str(seeds_dir)]) == EXIT_FAILED
    assert "build failed" in capsys.readouterr().err


def test_gunicorn_limits_sit_above_the_apps_own():
    from web import gunicorn_conf, security

    assert gunicorn_conf.limit_request_line >= security.URL_CEILING + 64
    assert gunicorn_conf.limit_request_field_size > security.MAX_HEADER_LINE


def test_the_cli_builds_the_gunicorn_command_without_importing_web():
    """One-way flow: ``search`` (the CLI among it) names the web app only as strings for gunicorn."""
    code = (
        "import sys, search.cli, search.serve_command; "
        "search.serve_command.serve_argv(search.cli.Config()); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('web', 'flask', 'werkzeug')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert done.stdout.strip() == "[]"
