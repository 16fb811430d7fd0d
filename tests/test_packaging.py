"""The engine installs as a library: the wheel holds every file core reads at run time and the version, the
README's engine example runs from another folder against the *installed* files, and the engine imports
without the app's libraries (Streamlit, Plotly, kaleido, pandas, Dask: the `app` and `sweeps` extras).

The wheel is built with the project's own setuptools (``pip wheel --no-deps --no-build-isolation``: nothing
is downloaded) from a copy of the files the build reads, so no build folder is left in the work tree. It is
"installed" by unpacking it (a pure-Python wheel is a zip of the package) into a folder that is the only
place on PYTHONPATH that holds ``core``; the dependencies come from this venv. A full ``pip install`` into a
fresh venv (torch included) was checked by hand, see the report of issue 19.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import core

ROOT = Path(__file__).resolve().parents[1]
# Modules that need an extra: Plotly figures, pandas CSV exports, the Dask sweeps (and the app's own modules).
APP_ONLY_PACKAGES = ("core.figures", "core.sweeps", "core.exports")
APP_ONLY_MODULES = ("core.bounds.export",)  # the bounds lesson's CSV, through pandas
ENGINE_EXTRA_MODULES = ("core.exports.network_json",)  # network files are the engine's, in core/exports
BLOCKED = ("streamlit", "plotly", "kaleido", "pandas", "dask", "distributed", "pyarrow", "tqdm")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "core", source / "core", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                    "--wheel-dir", str(out), str(source)], check=True, capture_output=True, timeout=300)
    (built,) = out.glob("*.whl")
    return built


def _runtime_data_files() -> set[str]:
    """Every non-Python file under core/ (core reads them at run time: shipped results, ...)."""
    return {path.relative_to(ROOT).as_posix() for path in (ROOT / "core").rglob("*")
            if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts}


@pytest.mark.slow  # builds a wheel or starts a Python that imports torch
def test_the_wheel_holds_every_module_and_runtime_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {path.relative_to(ROOT).as_posix() for path in (ROOT / "core").rglob("*.py")}
    data = _runtime_data_files()
    assert "core/init_regions/shipped_data/width_experiment.json" in data  # the oracle knows of one at least
    assert modules - names == set()
    assert data - names == set(), "pyproject.toml's [tool.setuptools.package-data] misses these"


@pytest.mark.slow  # builds a wheel or starts a Python that imports torch
def test_the_version_has_one_source(wheel):
    version = ast.literal_eval(re.search(r"^__version__ = (.+)$", (ROOT / "core/__init__.py").read_text(),
                                         re.MULTILINE).group(1))
    assert core.__version__ == version and re.fullmatch(r"\d+\.\d+\.\d+", version)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "version" not in project and project["dynamic"] == ["version"]
    assert wheel.name.startswith(f"equivalence_lab-{version}-")
    metadata = zipfile.ZipFile(wheel).read(f"equivalence_lab-{version}.dist-info/METADATA").decode()
    assert f"\nVersion: {version}\n" in metadata


def test_engine_dependencies_leave_the_app_to_its_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    engine = {re.split(r"[=<>\[]", requirement)[0] for requirement in project["dependencies"]}
    assert engine == {"numpy", "scipy", "scikit-learn", "safetensors", "torch"}
    assert "torch==2.13.0" in project["dependencies"]  # pinned as requirements.txt pins it
    app = {re.split(r"[=<>\[]", r)[0] for r in project["optional-dependencies"]["app"]}
    assert {"streamlit", "plotly", "kaleido", "pandas"} <= app
    # the app extra brings everything requirements.txt pins
    pinned = {line.split("==")[0].split("[")[0] for line in (ROOT / "requirements.txt").read_text().splitlines()
              if line and not line.startswith("#")}
    extras = {re.split(r"[=<>\[]", r)[0] for extra in project["optional-dependencies"].values() for r in extra}
    assert pinned - engine - extras == set()


def _readme_engine_example() -> str:
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## The engine in a few lines"):]
    section = section[:section.index("\n## ", 1)]
    return re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)


def test_readme_keeps_the_quick_start_commands():
    readme = (ROOT / "README.md").read_text()
    assert "bash scripts/run_app.sh      # sets up .venv on first use, then serves http://localhost:8501" in readme
    assert "bash scripts/run_tests.sh    # sets up .venv (+ Debian's chromium for browser tests), runs every test" in readme


@pytest.mark.slow  # builds a wheel or starts a Python that imports torch
def test_readme_engine_example_runs_from_another_folder_against_the_installed_wheel(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    check = ("import core, pathlib; "
             f"assert pathlib.Path(core.__file__).is_relative_to({str(site)!r}), core.__file__; "
             "from core.init_regions.shipped import shipped_results; assert shipped_results()\n")
    result = subprocess.run([sys.executable, "-c", check + _readme_engine_example()], cwd=elsewhere,
                            env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"loss \d\.\d{4}; distance \d+\.\d{3} -> \d\.\de[+-]\d\d\n", result.stdout), result.stdout
    before, after = (float(x) for x in re.findall(r"distance (\S+) -> (\S+)", result.stdout)[0])
    assert after < 1e-9 < before  # the twin is found again


@pytest.mark.slow  # builds a wheel or starts a Python that imports torch
def test_the_engine_imports_without_the_apps_libraries():
    """Every module outside the app-only packages imports with Streamlit, Plotly, pandas and Dask blocked."""
    script = f"""
import importlib, pkgutil, sys
for name in {BLOCKED!r}:
    sys.modules[name] = None  # "import plotly" now raises ImportError
import core
app_only = {APP_ONLY_PACKAGES!r}
names = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")
         if not m.name.startswith(app_only) and m.name not in {APP_ONLY_MODULES!r}]
names += {ENGINE_EXTRA_MODULES!r}
for name in names:
    importlib.import_module(name)
assert not any(sys.modules.get(name) for name in {BLOCKED!r})
print(len(names))
"""
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 50  # engine, symmetry, bounds, init_regions, links, scenes: all of them
