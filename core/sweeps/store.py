"""Where a sweep's results live: one directory, a provenance file and one Parquet file per chunk.

    OUT/provenance.json            the spec, its hash, the code's hash and git commit, package versions,
                                   how it was chunked
    OUT/chunks/<chunk>.parquet     the rows of one chunk (the same provenance in its key-value metadata)

A chunk file appears only complete: it is written to a hidden temporary name in the same folder,
flushed, then renamed with os.replace (atomic on POSIX), so a crash leaves at most a temporary file,
which never counts as done and is swept away by the next run. Files get the permissions of any file
the user creates (0666 less the umask, e.g. 0644), not the 0600 of a temporary file.

The folder of a user experiment's sweep (core.sweeps.experiment_spec) has the same layout; its
provenance records another ``kind`` and its chunk files hold the experiment's own columns.
"""

from __future__ import annotations

import json
import os
import platform
import tempfile
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from core.sweeps.chunks import DEVICE_ATTR
from core.sweeps.code_version import code_version
from core.sweeps.kinds import EXPERIMENT_KIND, WIDTH_KIND, AnyChunk, AnySpec, code_modules, kind, row_columns, row_key
from core.sweeps.spec import spec_from_values, spec_hash

PROVENANCE = "provenance.json"
CHUNKS = "chunks"
TEMP_PREFIX = ".partial-"
PACKAGES = ("torch", "numpy", "pandas", "pyarrow", "dask", "distributed")
METADATA_KEY = b"equivalence_lab.sweep"
NOT_RECORDED = "not recorded"  # a chunk file's device when its rows did not say
# Folders of the earlier design (success = training loss under a tolerance, no budgets) carry another
# kind; they cannot be read as this experiment's rows.
KIND = WIDTH_KIND
KINDS = (WIDTH_KIND, EXPERIMENT_KIND)


def package_versions() -> dict[str, str | None]:
    """Python's version and each of PACKAGES' installed versions (None where a package is missing)."""
    versions: dict[str, str | None] = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def provenance(spec: AnySpec, chunk_groups: int) -> dict:
    """The provenance record of a new results directory: the spec and its hash, the chunking, the code
    (:func:`core.sweeps.code_version.code_version`), package versions, a timestamp."""
    return {"kind": kind(spec), "spec": spec.as_dict(), "spec_hash": spec_hash(spec),
            "chunk_groups": chunk_groups, "code": code_version(code_modules(spec)), "versions": package_versions(),
            "created": datetime.now(UTC).isoformat(timespec="seconds")}


class SweepStore:
    """The results directory of one spec."""

    def __init__(self, out: str | os.PathLike[str]):
        self.out = Path(out)
        self.chunks = self.out / CHUNKS

    def open_for(self, spec: AnySpec, chunk_groups: int, *, allow_code_change: bool = False) -> dict:
        """Create the directory, or check that it holds this spec chunked this way and written by this code
        (another code hash is refused unless ``allow_code_change``); returns the provenance to store
        with each new chunk."""
        existing = self.read_provenance(KINDS) if (self.out / PROVENANCE).exists() else None
        if existing is not None:
            if existing["spec_hash"] != spec_hash(spec):
                raise ValueError(f"results directory {str(self.out)!r} holds another spec (hash "
                                 f"{existing['spec_hash'][:12]}, this one {spec_hash(spec)[:12]}): "
                                 "choose another --out")
            if existing["chunk_groups"] != chunk_groups:
                raise ValueError(f"chunk_groups {chunk_groups}: {str(self.out)!r} was written with "
                                 f"chunk_groups {existing['chunk_groups']}; resume with the same value "
                                 "(it never changes a row)")
            return self._resume_code(existing, code_modules(spec), allow_code_change)
        self.chunks.mkdir(parents=True, exist_ok=True)
        record = provenance(spec, chunk_groups)
        _write_atomically(self.out / PROVENANCE, lambda path: path.write_text(json.dumps(record, indent=1)))
        return record

    def _resume_code(self, existing: dict, modules: tuple[str, ...], allow_code_change: bool) -> dict:
        """Refuse to add rows from code other than the folder's; when allowed, note the change in the folder."""
        current = code_version(modules)
        recorded: dict = existing["code"] if isinstance(existing.get("code"), dict) else {}
        if recorded.get("hash") == current["hash"]:
            return existing
        if not allow_code_change:
            written_by = ("code that recorded no code hash (an older version)" if "hash" not in recorded else
                          f"other code (code hash {str(recorded['hash'])[:12]}, git commit "
                          f"{str(recorded.get('git_commit'))[:12]}; this code {str(current['hash'])[:12]}, "
                          f"git commit {str(current['git_commit'])[:12]})")
            raise ValueError(f"results directory {str(self.out)!r} was written by {written_by}: new rows could "
                             "differ from its rows; choose another --out, or pass --allow-code-change "
                             "(allow_code_change=True) to resume anyway")
        # Allowed: the folder keeps its original code and lists every other code that added chunks;
        # each new chunk file carries the code that wrote it.
        existing = {**existing, "code_changes": [*existing.get("code_changes", []), current]}
        _write_atomically(self.out / PROVENANCE, lambda path: path.write_text(json.dumps(existing, indent=1)))
        return {**existing, "code": current}

    def read_provenance(self, kinds: tuple[str, ...] = (KIND,)) -> dict:
        """The directory's provenance record, as written by :meth:`open_for`; ValueError for a kind not in
        ``kinds`` (by default only the width experiment's, what the lesson reads)."""
        record = json.loads((self.out / PROVENANCE).read_text())
        found = record.get("kind") if isinstance(record, dict) else None
        if found not in kinds:
            if found == EXPERIMENT_KIND:
                raise ValueError(f"results directory {str(self.out)!r} holds a user experiment's sweep, not the "
                                 "width experiment; read its rows with core.sweeps.results.read_rows")
            raise ValueError(f"results directory {str(self.out)!r} holds kind {found!r}: not this version's width "
                             "experiment (success is now recovery of the teacher's function); rerun the sweep "
                             "into a new folder")
        return record

    def spec(self, kinds: tuple[str, ...] = (KIND,)) -> AnySpec:
        """The spec recorded in the directory's provenance (research scale, checked)."""
        return spec_from_values(self.read_provenance(kinds)["spec"], allow_large=True)

    def path(self, chunk: AnyChunk) -> Path:
        """Where the Parquet file of ``chunk`` goes, whether or not it exists yet."""
        return self.chunks / f"{chunk.name}.parquet"

    def done(self, chunks: Iterable[AnyChunk]) -> set[AnyChunk]:
        """The chunks whose file exists (temporary files have other names, so never count)."""
        return {chunk for chunk in chunks if self.path(chunk).is_file()}

    def remove_leftovers(self) -> int:
        """Delete temporary files of crashed runs; returns how many there were."""
        leftovers = list(self.chunks.glob(f"{TEMP_PREFIX}*")) if self.chunks.is_dir() else []
        for path in leftovers:
            path.unlink(missing_ok=True)
        return len(leftovers)

    def write(self, chunk: AnyChunk, rows: pd.DataFrame, record: dict) -> Path:
        """Write the chunk's rows atomically, ``record`` in the file's metadata; returns the file's path."""
        spec = spec_from_values(record["spec"], allow_large=True)
        table = pa.Table.from_pandas(rows[row_columns(spec, rows)], preserve_index=False)
        record = {**record, "device": rows.attrs.get(DEVICE_ATTR, NOT_RECORDED)}
        metadata_pairs = {**(table.schema.metadata or {}), METADATA_KEY: json.dumps(record).encode()}
        table = table.replace_schema_metadata(metadata_pairs)
        target = self.path(chunk)
        _write_atomically(target, lambda path: pq.write_table(table, path))
        return target

    def chunk_files(self) -> list[Path]:
        """The finished chunk files, sorted by name (temporary files excluded)."""
        return sorted(self.chunks.glob("*.parquet")) if self.chunks.is_dir() else []

    def devices(self) -> dict[str, int]:
        """How many chunk files each device wrote (in words, e.g. {"CPU": 12}; a user experiment's chunks, whose
        function chooses its own device, and files of older versions count as NOT_RECORDED)."""
        counts: dict[str, int] = {}
        for path in self.chunk_files():
            metadata = pq.read_schema(path).metadata or {}
            record = json.loads(metadata.get(METADATA_KEY, b"{}"))
            device = str(record.get("device", NOT_RECORDED))
            counts[device] = counts.get(device, 0) + 1
        return counts

    def read_rows(self, kinds: tuple[str, ...] = (KIND,)) -> pd.DataFrame:
        """Every written row, sorted by the columns that identify a row (for the width experiment: width,
        scheme, seed index, budget); a row written twice is an error."""
        spec = self.spec(kinds)
        key = row_key(spec)
        files = self.chunk_files()
        if not files:
            return pd.DataFrame({column: [] for column in row_columns(spec, pd.DataFrame(columns=key))})
        rows = pd.concat([pq.read_table(path).to_pandas() for path in files], ignore_index=True)
        duplicated = rows.duplicated(key)
        if duplicated.any():
            first = rows[duplicated].iloc[0]
            where = ", ".join(f"{column} {first[column]}" for column in key)
            raise ValueError(f"results directory {str(self.out)!r}: row ({where}) written twice; chunk files overlap")
        return rows.sort_values(key, ignore_index=True)


def _file_mode() -> int:
    """The mode a newly created file gets: 0666 less the process's umask (read back, then restored)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _write_atomically(target: Path, write) -> None:
    """``write(temp_path)`` to a temporary file beside ``target``, fsync it, then rename it into place
    (with the mode of a normally created file: mkstemp's own is 0600, unreadable to the user's group)."""
    temp: str | Path
    handle, temp = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", dir=target.parent)
    os.close(handle)
    temp = Path(temp)
    try:
        write(temp)
        os.chmod(temp, _file_mode())
        with open(temp, "rb") as file:
            os.fsync(file.fileno())
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)
