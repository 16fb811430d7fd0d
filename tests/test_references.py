"""Every module, name and file the project's text points to exists: README, docs, docstrings and
comments name ``core.bounds.covering.bound_curve`` or ``core/init_regions/shipped.py``, and a move
or rename that leaves such a pointer behind fails here. The README's Python example also runs."""

from __future__ import annotations

import importlib
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOTTED = re.compile(r"(?<![\w./])(?:core|pages\.shared)\.[a-z_]+(?:\.[A-Za-z_]+)*")
PATH = re.compile(r"(?<![\w./-])((?:core|pages|tests|docs|scripts|bench)/[\w/]+\.(?:py|md|json|toml|sh))")
# Files whose names are made up on purpose (synthetic packages built in a temporary folder).
SYNTHETIC = {"tests/test_layering.py", "tests/test_references.py"}


def _texts() -> dict[str, str]:
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout.split()
    plain = {"Dockerfile", "Makefile", ".ci/run", "pytest.ini", ".dockerignore"}
    return {name: (ROOT / name).read_text(encoding="utf-8") for name in listed
            if (name.endswith((".py", ".md", ".toml", ".sh", ".txt")) or name in plain)
            and name not in SYNTHETIC and (ROOT / name).is_file()}


def resolves(dotted: str) -> bool:
    """Whether ``a.b.c`` names an importable module, or an attribute chain on one."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            target = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            if not hasattr(target, name):
                return False
            target = getattr(target, name)
        return True
    return False


def test_every_dotted_name_in_the_projects_text_resolves():
    missing = sorted({f"{name} (in {where})" for where, text in _texts().items()
                      for name in DOTTED.findall(text) if not resolves(name.rstrip("."))})
    assert missing == []


def test_every_file_path_in_the_projects_text_exists():
    missing = sorted({f"{path} (in {where})" for where, text in _texts().items()
                      for path in PATH.findall(text) if not (ROOT / path).exists()})
    assert missing == []


@pytest.mark.parametrize("name, ok", [("core.bounds.covering.bound_curve", True), ("core.bounds", True),
                                      ("core.bounds.no_such_thing", False), ("core.nets", False)])
def test_the_resolver_itself(name, ok):
    assert resolves(name) is ok


def test_the_readme_python_example_runs():
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "the README has a Python example"
    for block in blocks:
        namespace: dict = {}
        exec(compile(block, "README.md", "exec"), namespace)  # our own README, run as a reader would
