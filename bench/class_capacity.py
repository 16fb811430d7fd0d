"""Class capacity: how many students per server core open the first guided scene with p95 <= 3 s.

For 1 and 2 app processes behind the class proxy (scripts/serve_class.sh), after each process has
warmed the first scene, bursts of S students (S in --students) open the first scene's link at the same
moment, each in a browser context of its own (a new session), spread evenly over the processes (route
cookies chosen so; a real class is spread by the proxy's hash, unevenly when small). Recorded per burst:
p50/p95/max seconds from opening the link to the scene's figures drawn, and the server's CPU seconds
(user + system of every app process and nginx, from /proc/PID/stat, before and after the burst).

The browsers are the students' machines in a class but run here: with --pin and more cores than
processes, the app processes are pinned to their own cores and Chromium to the others (taskset); on a
machine that other jobs load, pinning everything onto one busy core can make it worse. The server's CPU
seconds per student (c) hardly depend on where the browsers run, so they predict a bigger server: a
burst of S students on k cores, each process on its own core, ends its server work after about S c / k
seconds, so the server's part of p95 stays within 3 s while S / k <= 3 / (0.95 c). That prediction is
printed for 8 and 32 cores: a prediction, not a measurement, of the server's share only (each student's
own browser adds its drawing time; memory, the network and the hash's unevenness are not in it).

The machine's load average (uptime) is recorded with each run: other jobs share this machine.

  python bench/class_capacity.py [--processes 1 2] [--students 1 2 4 8] [--pin] [--write docs/deploy.md]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from warm_up import route_keys

from bench.load_test import cpu_seconds
from bench.scene_latency import SETTLED, SLUG
from core.scenes import SCENES
from tests.browser import ConsoleLog
from tests.streamlit_server import CHROMIUM_FLAGS, chromium_path, free_port

TARGET_P95 = 3.0
TIMEOUT_MS = 300_000
SECTION = "## Measured capacity (bench/class_capacity.py)"
RAW = ROOT / "artifacts" / "class_capacity.json"  # every burst's times, to check the section against
FIRST = SCENES[0]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


class Class:
    """`scripts/serve_class.sh P` in a run folder of its own, with its processes' PIDs; stopped on exit."""

    def __init__(self, processes: int):
        self.processes = processes
        self.run = Path(tempfile.mkdtemp(prefix="class-capacity-"))
        self.env = {**os.environ, "SERVE_CLASS_RUN": str(self.run), "PORT": str(free_port()),
                    "ADDRESS": "127.0.0.1", "APP_PORT": str(free_port())}

    def __enter__(self) -> Class:
        started = subprocess.run(["bash", "scripts/serve_class.sh", str(self.processes)], cwd=ROOT, env=self.env,
                                 capture_output=True, text=True, timeout=600)
        if started.returncode != 0:
            self.__exit__()
            raise RuntimeError(started.stderr)
        self.url = re.search(r"^Open (http://\S+)$", started.stdout, re.M).group(1)
        self.pids = [int(p.read_text()) for p in sorted(self.run.glob("app-*.pid"))]
        nginx = int((self.run / "nginx.pid").read_text())
        self.nginx_pids = [nginx] + [int(p) for p in subprocess.run(["pgrep", "-P", str(nginx)], capture_output=True,
                                                                    text=True).stdout.split()]
        return self

    def __exit__(self, *_) -> None:
        subprocess.run(["bash", "scripts/serve_class.sh", "stop"], cwd=ROOT, env=self.env, capture_output=True,
                       timeout=60)

    def cpu(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids + self.nginx_pids)

    def pin(self, cores: list[int]) -> None:
        """Each app process (all its threads) to one of ``cores``, round robin."""
        for number, pid in enumerate(self.pids):
            subprocess.run(["taskset", "-a", "-p", "-c", str(cores[number % len(cores)]), str(pid)], check=True,
                           capture_output=True)


def chromium_on(cores: list[int] | None, folder: Path) -> str:
    """Debian's Chromium, started through taskset on ``cores`` when given (a wrapper script)."""
    path = chromium_path()
    if not cores or not shutil.which("taskset"):
        return path
    wrapper = folder / "chromium-pinned"
    wrapper.write_text(f'#!/bin/sh\nexec taskset -c {",".join(map(str, cores))} {path} "$@"\n')
    wrapper.chmod(0o755)
    return str(wrapper)


async def open_first_scene(browser, url: str, key: str) -> float:
    context = await browser.new_context(viewport={"width": 1280, "height": 720})
    await context.add_cookies([{"name": "lab_route", "value": key, "url": url}])
    page = await context.new_page()
    console = ConsoleLog()
    console.watch(page)
    start = time.perf_counter()
    await page.goto(f"{url}/{SLUG[FIRST.page]}?scene={FIRST.id}", timeout=TIMEOUT_MS)
    await page.get_by_role("heading", name=FIRST.title).first.wait_for(timeout=TIMEOUT_MS)
    await page.wait_for_function(SETTLED, timeout=TIMEOUT_MS, polling=50)
    seconds = time.perf_counter() - start
    await context.close()
    if console.errors:
        raise RuntimeError(f"console errors: {console.errors}")
    return seconds


async def burst(browser, served: Class, keys: list[str], students: int) -> dict:
    cpu = served.cpu()
    start = time.perf_counter()
    times = await asyncio.gather(*(open_first_scene(browser, served.url, keys[n % len(keys)])
                                   for n in range(students)))
    return dict(students=students, times=list(times), wall=time.perf_counter() - start,
                server_cpu=served.cpu() - cpu, load=load_average())


async def measure(processes: int, levels: list[int], repeats: int, pin: bool) -> dict:
    from playwright.async_api import async_playwright

    cores = os.cpu_count() or 1
    pinned = pin and cores > processes
    with Class(processes) as served, tempfile.TemporaryDirectory() as folder:
        if pinned:
            served.pin(list(range(processes)))
        keys = list(route_keys(served.url, processes).values())
        assert len(keys) == processes, f"found routes to {len(keys)} of {processes} processes"
        async with async_playwright() as playwright:
            browser_cores = list(range(processes, cores)) if pinned else None
            browser = await playwright.chromium.launch(executable_path=chromium_on(browser_cores, Path(folder)),
                                                       headless=True, args=CHROMIUM_FLAGS)
            for key in keys:  # each process warms the first scene (its caches are its own)
                await open_first_scene(browser, served.url, key)
            rows = []
            for students in levels:
                for _ in range(repeats):
                    rows.append(await burst(browser, served, keys, students))
                    print(f"  P={processes} S={students}: p95 {quantile(rows[-1]['times'], .95):.2f} s, "
                          f"server {rows[-1]['server_cpu']:.2f} CPU-s, load {rows[-1]['load']}", flush=True)
            await browser.close()
    return dict(processes=processes, pinned=pinned, rows=rows)


def summary(found: dict) -> dict:
    """Per level: p50/p95 over the repeats' students pooled, and server CPU-s per student."""
    levels: dict[int, dict] = {}
    for row in found["rows"]:
        level = levels.setdefault(row["students"], {"times": [], "cpu": 0.0, "n": 0, "loads": []})
        level["times"] += row["times"]
        level["cpu"] += row["server_cpu"]
        level["n"] += row["students"]
        level["loads"].append(row["load"])
    for level in levels.values():
        level["p50"], level["p95"] = quantile(level["times"], .5), quantile(level["times"], .95)
        level["cpu_per_student"] = level["cpu"] / level["n"]
    ok = [s for s, level in levels.items() if level["p95"] <= TARGET_P95]
    return dict(levels=levels, largest_ok=max(ok) if ok else 0)


def prediction(c: float, cores: int) -> int:
    """Students in one burst on ``cores`` cores (one process each) whose server work ends within 3 s at p95."""
    return int(TARGET_P95 * cores / (0.95 * c)) if c > 0 else 0


def report(results: list[dict], command: str) -> str:
    lines = [SECTION, "", f"Command: `{command}` on this project's shared 2-core machine, other jobs running "
             "(load average before each burst in the table). First scene: "
             f"\"{FIRST.title}\", each process warmed first.", "",
             "| processes | students at once | p50 | p95 | server CPU-s per student | load average | browsers |",
             "|---:|---:|---:|---:|---:|---|---|"]
    summaries = []
    for found in results:
        s = summary(found)
        summaries.append((found, s))
        where = "pinned to other cores" if found["pinned"] else "share the server's cores"
        for students, level in sorted(s["levels"].items()):
            lines.append(f"| {found['processes']} | {students} | {level['p50']:.2f} s | {level['p95']:.2f} s | "
                         f"{level['cpu_per_student']:.2f} | {'; '.join(level['loads'])} | {where} |")
    lines.append("")
    for found, s in summaries:
        per_core = s["largest_ok"] / found["processes"]
        if s["largest_ok"]:
            lines.append(f"- {found['processes']} process(es): the largest tested burst with p95 <= 3 s was "
                         f"**{s['largest_ok']} students**, **{per_core:g} per server core** measured here.")
        else:
            lone = s["levels"][min(s["levels"])]
            lines.append(f"- {found['processes']} process(es): no tested burst kept p95 <= 3 s here "
                         f"({min(s['levels'])} student(s) alone: p95 {lone['p95']:.2f} s), so **0 students per "
                         "core** measured on this machine.")
    c = statistics.mean(level["cpu_per_student"] for _, s in summaries for level in s["levels"].values())
    lines += ["", f"Server CPU per student, over all bursts above: c = **{c:.2f} CPU-s** (app processes and nginx, "
              "/proc). Prediction (not measured) of the server's share alone, one process per core: a class "
              f"opening the first scene at once has its server work done within 3 s at p95 up to about "
              f"**{prediction(c, 1)} students per core**: **{prediction(c, 8)} on 8 cores**, "
              f"**{prediction(c, 32)} on 32 cores**. Each student's own browser adds its drawing time; the measured "
              "p95 above includes the drawing by all the browsers, here on the server's two shared cores."]
    return "\n".join(lines) + "\n"


def write_section(path: Path, text: str) -> None:
    """Replace this benchmark's section of ``path`` (up to the next '## ' heading), or append it."""
    old = path.read_text() if path.exists() else ""
    pattern = re.compile(re.escape(SECTION) + r".*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text + "\n", old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    path.write_text(new)


def rewrite(path: Path) -> None:
    """The section again from the last run's raw results (RAW), e.g. after its wording changed."""
    raw = json.loads(RAW.read_text())
    write_section(path, report(raw["results"], raw["command"]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--students", type=int, nargs="+", default=[1, 2, 4, 8])
    parser.add_argument("--repeats", type=int, default=2, help="bursts per level")
    parser.add_argument("--pin", action="store_true", help="app processes and Chromium on separate cores")
    parser.add_argument("--write", type=Path, help="replace this benchmark's section of this Markdown file")
    parser.add_argument("--from-raw", action="store_true", help="no new run: --write from the last run's results")
    args = parser.parse_args()
    if args.from_raw and args.write:
        rewrite(args.write if args.write.is_absolute() else ROOT / args.write)
        return 0
    for name, values in (("processes", args.processes), ("students", args.students), ("repeats", [args.repeats])):
        if any(not 1 <= v <= 64 for v in values):
            parser.error(f"--{name}={values} is out of range: use integers from 1 to 64")
    results = []
    for processes in args.processes:
        print(f"{processes} process(es), load average {load_average()}", flush=True)
        results.append(asyncio.run(measure(processes, sorted(args.students), args.repeats, args.pin)))
    command = "python bench/class_capacity.py" + (f" --processes {' '.join(map(str, args.processes))}"
                                                 if args.processes != [1, 2] else "") + \
        (f" --students {' '.join(map(str, args.students))}" if args.students != [1, 2, 4, 8] else "") + \
        (f" --repeats {args.repeats}" if args.repeats != 2 else "") + (" --pin" if args.pin else "")
    text = report(results, command)
    RAW.parent.mkdir(parents=True, exist_ok=True)
    RAW.write_text(json.dumps({"command": command, "results": results}, indent=1))
    print(text)
    if args.write:
        write_section(args.write if args.write.is_absolute() else ROOT / args.write, text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
