"""The README stays true: every setting is documented, and CI runs the README's test command."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from search.cli import build_parser
from search.config import Config, setting, settings_table

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("setting", dataclasses.fields(Config), ids=lambda f: f.name)
def test_setting_is_in_the_readme(setting):
    assert f"`ZOEKLICHT_{setting.name.upper()}`" in README


def test_readme_opens_with_the_two_setup_commands():
    blocks = re.findall(r"```bash\n(.*?)\n```", README, flags=re.S)
    assert blocks[0] == "pip install -e . && zoeklicht serve"
    assert blocks[1] == "bash .ci/test"
    assert "bash .ci/test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


# -- defaults: the README's settings table and the CLI help say what Config says ------------------

DEFAULTS = {f.name: "" if f.default == "" else str(f.default) for f in dataclasses.fields(Config)}


def readme_defaults() -> dict[str, str]:
    """``| `ZOEKLICHT_PORT` | `8000` | ... |`` rows of the settings table; "(empty)" is ""."""
    rows = re.findall(r"^\| `ZOEKLICHT_(\w+)` \| (.*?) \|", README, flags=re.M)
    return {name.lower(): "" if cell == "(empty)" else cell.strip("`") for name, cell in rows}


def test_readme_table_gives_every_default_of_config():
    assert readme_defaults() == DEFAULTS


def test_readme_settings_table_is_the_one_config_generates():
    """Regenerate it with ``python -m search.config`` after changing a setting."""
    assert f"\n{settings_table()}\n" in README


@pytest.mark.parametrize(("command", "name"), [("serve", "threads"), ("serve", "host"), ("search", "index_dir")])
def test_cli_help_is_the_settings_own_help(command, name, capsys):
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert f"--{name.replace('_', '-')} {name.upper()} {setting(name).help.rstrip('.')} (default:" in text


@pytest.mark.parametrize(
    ("command", "settings"),
    [
        ("serve", {"index_dir", "host", "port", "workers", "threads"}),
        ("index", {"index_dir"}),
        ("search", {"index_dir"}),
    ],
)
def test_cli_help_gives_the_defaults_of_config(command, settings, capsys):
    """``(default: ZOEKLICHT_THREADS or 1)``: the value after "or" is Config's (folders without "/")."""
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    text = " ".join(capsys.readouterr().out.split())
    found = {
        name.lower(): value.rstrip("/") for name, value in re.findall(r"default: ZOEKLICHT_(\w+) or ([^)\s]+)\)", text)
    }
    assert found == {name: DEFAULTS[name] for name in settings}
