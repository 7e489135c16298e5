"""The README stays true: every setting is documented, and CI runs the README's test command."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from search.config import Config

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
