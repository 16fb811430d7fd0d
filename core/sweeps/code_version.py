"""Which code wrote a sweep's rows: a hash of the source files that produce them, and the git commit.

Package versions alone do not identify the rows: editing the training or the chunk function and
resuming would put old and new rows in one cell. So a results folder records ``code_hash()``, and
a resume with other code is refused unless the user says so (``--allow-code-change``).

A user experiment may call any part of the engine, so its sweep hashes every Python file of core/,
then the source of the module that defines its function (by module name, so a worker with the same
file elsewhere agrees). Helpers that module imports from outside core/ are not covered: keep an
experiment in one module, or record their versions in its rows.
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
from pathlib import Path

CORE = Path(__file__).resolve().parents[1]
REPOSITORY = CORE.parent
# The source that decides a row: the trainer, the width experiment, the sweep itself, and the
# random streams the starts and minibatches are drawn from.
ROW_SOURCES = ("engine", "init_regions", "sweeps", "rng.py")


def all_core_files() -> list[Path]:
    """Every Python file under core/ (what a user experiment's rows may depend on), sorted by relative path."""
    return sorted(CORE.rglob("*.py"), key=lambda file: file.relative_to(CORE).as_posix())


def source_files() -> list[Path]:
    """The Python files of ROW_SOURCES (under core/), sorted by their path relative to core/."""
    files: list[Path] = []
    for name in ROW_SOURCES:
        path = CORE / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return sorted(files, key=lambda file: file.relative_to(CORE).as_posix())


@functools.cache
def code_hash(*modules: str) -> str:
    """sha256 over the relative path and bytes of every file of :func:`source_files` (with ``modules``, a
    user experiment's: of :func:`all_core_files`), then the name and source of each of ``modules``.

    Computed once per process (cached): it names the code this process imported, even if a file
    is edited while a sweep runs.
    """
    from core.sweeps.experiment_spec import module_source

    digest = hashlib.sha256()
    for file in all_core_files() if modules else source_files():
        digest.update(file.relative_to(CORE).as_posix().encode() + b"\0")
        digest.update(file.read_bytes() + b"\0")
    for module in modules:
        digest.update(b"module " + module.encode() + b"\0" + module_source(module) + b"\0")
    return digest.hexdigest()


def _git(*args: str) -> str | None:
    if not (REPOSITORY / ".git").exists():  # an installed copy: a repository around it is not its source
        return None
    try:
        done = subprocess.run(["git", "-C", str(REPOSITORY), *args], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def code_version(modules: tuple[str, ...] = ()) -> dict[str, str | bool | None]:
    """{"hash": code_hash(modules), "git_commit": HEAD or None, "git_dirty": uncommitted changes under core/ or None}.

    Only the hash decides whether a folder may be resumed; the commit and dirty flag are there for
    a reader (None without git or outside a clone, e.g. an installed copy).
    """
    commit = _git("rev-parse", "HEAD")
    status = _git("status", "--porcelain", "--", "core") if commit is not None else None
    dirty = None if status is None else bool(status)
    return {"hash": code_hash(*modules), "git_commit": commit, "git_dirty": dirty}
