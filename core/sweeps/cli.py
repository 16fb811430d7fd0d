"""Command line: run a research-scale sweep (the "wider is easier" width experiment, or your own experiment).

    python -m core.sweeps docs/sweep_example.toml                        # embedded Dask LocalCluster
    python -m core.sweeps spec.toml --scheduler tcp://127.0.0.1:8786     # an existing Dask cluster
    python -m core.sweeps spec.toml --serial                             # no Dask, one process
    python -m core.sweeps spec.toml --seeds 50 --widths 1,2,4,8          # flags override the file
    python -m core.sweeps spec.toml --activation relu --learning-rate 0.01

Results go to $XDG_DATA_HOME/equivalence-lab/sweeps/<spec name>-<hash>/ (~/.local/share/... by default;
$EQUIVALENCE_LAB_SWEEPS or --out choose another folder); rerunning resumes. Ctrl-C stops and prints the
command that resumes. See docs/sweeps.md.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from core.sweeps.kinds import describe
from core.sweeps.results import sweeps_root
from core.sweeps.runner import ChunkFailedError, WorkerCheckError, run_sweep_to
from core.sweeps.spec import load_spec, run_options, spec_hash
from core.sweeps.store import SweepStore

INTERRUPTED = 130  # the shell's status for a run ended by Ctrl-C (128 + SIGINT)

# Flags that override a key of the spec file: flag -> (key, parser of the flag's text).
OVERRIDES: dict[str, tuple[str, Callable[[str], Any]]] = {
    "task": ("task", str), "widths": ("widths", lambda text: [int(v) for v in text.split(",")]),
    "schemes": ("schemes", lambda text: text.split(",")), "seeds": ("seeds", int), "steps": ("steps", int),
    "tolerance": ("tolerance", float), "seed": ("seed", int), "group": ("group", int),
    "optimizer": ("optimizer", str), "learning-rate": ("learning_rate", float), "activation": ("activation", str),
    "precision": ("precision", str),
}


def parser() -> argparse.ArgumentParser:
    """The command line's argument parser: the spec file, the OVERRIDES flags and the run options."""
    cli = argparse.ArgumentParser(prog="python -m core.sweeps", description=__doc__.split("\n\n")[0],
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("spec", help="sweep specification, a .toml or .json file (see docs/sweep_example.toml)")
    for flag, (key, _) in OVERRIDES.items():
        cli.add_argument(f"--{flag}", dest=key, help=f"override the spec's {key}" + (
            " (comma-separated)" if flag in ("widths", "schemes") else ""))
    where = cli.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster, e.g. tcp://host:8786")
    where.add_argument("--serial", action="store_true", help="run in this process without Dask")
    cli.add_argument("--workers", type=int, default=2, help="worker processes of the embedded cluster (default 2)")
    cli.add_argument("--chunk-groups", type=int, default=1,
                     help="training groups per chunk (one task, one file); never changes a row (default 1)")
    cli.add_argument("--out", help="results directory (default: <sweeps root>/<spec name>-<hash>, the sweeps root "
                                   "being $EQUIVALENCE_LAB_SWEEPS or $XDG_DATA_HOME/equivalence-lab/sweeps)")
    cli.add_argument("--allow-large", action="store_true", help="allow a sweep over the work budget")
    cli.add_argument("--allow-code-change", action="store_true",
                     help="resume into a results folder written by other code (its rows and new ones may differ)")
    cli.add_argument("--no-progress", action="store_true", help="no progress bar")
    cli.add_argument("--device", help="where the width experiment trains: cpu (the default), cuda, or auto (a GPU "
                                      "where torch sees one, else the CPU; decided on each worker); overrides the "
                                      "spec file's device")
    return cli


def _overrides(args) -> dict:
    values = {}
    for flag, (key, parse) in OVERRIDES.items():
        text = getattr(args, key)
        if text is None:
            continue
        try:
            values[key] = parse(text)
        except ValueError:
            raise ValueError(f"--{flag} {text!r}: not a valid {key} value") from None
    return values


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sweep the arguments name (sys.argv's when None); returns the exit status: 2 for a bad spec,
    flag or results folder, 1 when the Dask workers cannot run the code or a run raised (printed with its
    traceback)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parser().parse_args(argv)
    out: Path | None = None
    try:
        spec = load_spec(args.spec, _overrides(args), allow_large=args.allow_large)
        out = Path(args.out) if args.out else sweeps_root() / f"{Path(args.spec).stem}-{spec_hash(spec)[:10]}"
        print(f"{describe(spec)} -> {out}", file=sys.stderr)
        device = args.device or run_options(args.spec).get("device", "cpu")
        report = run_sweep_to(spec, out, backend="serial" if args.serial else "dask", scheduler=args.scheduler,
                              workers=args.workers, chunk_groups=args.chunk_groups, progress=not args.no_progress,
                              allow_large=args.allow_large, allow_code_change=args.allow_code_change,
                              device=device)
    except KeyboardInterrupt:
        where = f"; the chunks written are kept in {out}" if out is not None else ""
        print(f"\ninterrupted{where}; resume with: {resume_command(argv, out)}", file=sys.stderr)
        return INTERRUPTED
    except ChunkFailedError as error:  # a bug in the code a chunk runs: its traceback shows the file and line
        traceback.print_exception(error, file=sys.stderr)
        return 1
    except (ValueError, TypeError) as error:  # the engine's checks of the spec, flags and results folder
        print(f"error: {error}", file=sys.stderr)
        return 2
    except WorkerCheckError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{report.trained} chunks trained, {report.skipped} already done, in {report.seconds:.1f} s: {report.out}",
          file=sys.stderr)
    note = mixed_devices_note(SweepStore(report.out).devices())
    if note:
        print(note, file=sys.stderr)
    print(report.out)
    return 0


def mixed_devices_note(counts: dict[str, int]) -> str | None:
    """A warning line when a results folder's chunks were computed on more than one device, else None."""
    if len(counts) < 2:
        return None
    listed = ", ".join(f"{device} ({n} chunk{'s' if n != 1 else ''})" for device, n in sorted(counts.items()))
    return (f"note: this folder's rows come from more than one device: {listed}; rows from different devices "
            "agree only up to rounding, so a start at the tolerance can be judged differently")


def resume_command(argv: Sequence[str], out: Path | None) -> str:
    """The exact shell command that resumes this run: same directory, same Python, same arguments, and
    ``--out`` fixed to the folder used (so a later change of the default root cannot lose it)."""
    arguments = list(argv)
    if out is not None and not any(a == "--out" or a.startswith("--out=") for a in arguments):
        arguments += ["--out", str(out)]
    command = shlex.join([sys.executable, "-m", "core.sweeps", *arguments])
    return f"cd {shlex.quote(os.getcwd())} && {command}"


if __name__ == "__main__":  # python -m core.sweeps.cli; python -m core.sweeps goes through __main__.py
    sys.exit(main())
