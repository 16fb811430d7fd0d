"""Command line: run a research-scale "wider is easier" sweep.

    python -m core.sweeps docs/sweep_example.toml                        # embedded Dask LocalCluster
    python -m core.sweeps spec.toml --scheduler tcp://10.0.0.5:8786      # an existing Dask cluster
    python -m core.sweeps spec.toml --serial                             # no Dask, one process
    python -m core.sweeps spec.toml --seeds 50 --widths 1,2,4,8          # flags override the file

Results go to artifacts/sweeps/<spec name>-<hash>/ (or --out); rerunning resumes. See docs/sweeps.md.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from core.sweeps.results import sweeps_root
from core.sweeps.runner import WorkerCheckError, run_sweep_to
from core.sweeps.spec import load_spec, spec_hash

# Flags that override a key of the spec file: flag -> (key, parser of the flag's text).
OVERRIDES: dict[str, tuple[str, Callable[[str], Any]]] = {
    "task": ("task", str), "widths": ("widths", lambda text: [int(v) for v in text.split(",")]),
    "schemes": ("schemes", lambda text: text.split(",")), "seeds": ("seeds", int), "steps": ("steps", int),
    "tolerance": ("tolerance", float), "seed": ("seed", int), "group": ("group", int),
}


def parser() -> argparse.ArgumentParser:
    """The command line's argument parser: the spec file, the OVERRIDES flags and the run options."""
    cli = argparse.ArgumentParser(prog="python -m core.sweeps", description=__doc__.split("\n\n")[0],
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("spec", help="sweep specification, a .toml or .json file (see docs/sweep_example.toml)")
    for flag in OVERRIDES:
        cli.add_argument(f"--{flag}", help=f"override the spec's {flag}" + (" (comma-separated)" if flag in
                                                                             ("widths", "schemes") else ""))
    where = cli.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help="run on an existing Dask cluster, e.g. tcp://host:8786")
    where.add_argument("--serial", action="store_true", help="run in this process without Dask")
    cli.add_argument("--workers", type=int, default=2, help="worker processes of the embedded cluster (default 2)")
    cli.add_argument("--chunk-groups", type=int, default=1,
                     help="training groups per chunk (one task, one file); never changes a row (default 1)")
    cli.add_argument("--out", help="results directory (default: <sweeps root>/<spec name>-<hash>)")
    cli.add_argument("--allow-large", action="store_true", help="allow a sweep over the work budget")
    cli.add_argument("--allow-code-change", action="store_true",
                     help="resume into a results folder written by other code (its rows and new ones may differ)")
    cli.add_argument("--no-progress", action="store_true", help="no progress bar")
    return cli


def _overrides(args) -> dict:
    values = {}
    for flag, (key, parse) in OVERRIDES.items():
        text = getattr(args, flag)
        if text is None:
            continue
        try:
            values[key] = parse(text)
        except ValueError:
            raise ValueError(f"--{flag} {text!r}: not a valid {key} value") from None
    return values


def main(argv: Sequence[str] | None = None) -> int:
    """Run the sweep the arguments name (sys.argv's when None); returns the exit status: 2 for a bad spec,
    flag or results folder, 1 when the Dask workers cannot run the code."""
    args = parser().parse_args(argv)
    try:
        spec = load_spec(args.spec, _overrides(args), allow_large=args.allow_large)
        out = Path(args.out) if args.out else sweeps_root() / f"{Path(args.spec).stem}-{spec_hash(spec)[:10]}"
        print(f"{spec.total_starts:,} starts in {len(spec.widths)} widths x {len(spec.schemes)} schemes "
              f"-> {out}", file=sys.stderr)
        report = run_sweep_to(spec, out, backend="serial" if args.serial else "dask", scheduler=args.scheduler,
                              workers=args.workers, chunk_groups=args.chunk_groups, progress=not args.no_progress,
                              allow_large=args.allow_large, allow_code_change=args.allow_code_change)
    except (ValueError, TypeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except WorkerCheckError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{report.trained} chunks trained, {report.skipped} already done, in {report.seconds:.1f} s: {report.out}",
          file=sys.stderr)
    print(report.out)
    return 0


if __name__ == "__main__":  # python -m core.sweeps.cli; python -m core.sweeps goes through __main__.py
    sys.exit(main())
