"""Profile of the Train lesson's player while it plays (issue 14): where do drawn frames go missing?

Starts one server and Debian's Chromium, opens the Train lesson (moons, 2-8-8-1 tanh, 5,000-step goal),
wraps the live player's own methods in the page (nothing in the app changes) and presses Train:

  draw ms       time inside Player.draw (surface, network, loss canvases and the text) per drawn frame
  update ms     time inside Player.update (Streamlit handing over new data: decoding a chunk included)
  rAF gaps      milliseconds between animation frames (the browser's own frame rate)
  buffer        frames received but not yet shown, sampled on every animation frame
  events        the player's messages to the server (request / shown / settle) and when answers came
  starved ms    time the player was playing with no next frame at hand (waiting for the server)
  page CPU      Chromium's own split of the page's main-thread time (CDP Performance.getMetrics: script,
                layout, style recalculation, other tasks) over the same seconds

With --py-spy it also records the server with py-spy (if installed) into artifacts/profile-train.txt.

Usage: python bench/train_player_profile.py [--seconds 8] [--speed 30] [--py-spy]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.load_test import cpu_seconds, server_pid
from tests.browser import launch
from tests.streamlit_server import running_app

PROFILE = """async ([seconds]) => {
  const player = document.querySelector('.eqp').parentElement.eqPlayer;
  const log = {draw: [], update: [], gaps: [], buffer: [], events: [], starved: 0, updates: 0, chunks: 0};
  const t0 = performance.now();
  const wrap = (name, sink) => {
    const original = player[name].bind(player);
    player[name] = (...args) => {
      const s = performance.now(), r = original(...args);
      sink(performance.now() - s, args);
      return r;
    };
  };
  wrap('draw', (ms) => log.draw.push(ms));
  wrap('update', (ms, args) => { log.update.push(ms); log.updates += 1;
    const c = args[0].chunk; if (c.count) log.chunks += 1;
    log.events.push([Math.round(performance.now() - t0), 'answer', c.first, c.count, !!c.reportOnly]); });
  wrap('send', (ms, args) => log.events.push([Math.round(performance.now() - t0), args[0],
                                               args[1].have ?? args[1].step]));
  const counter = document.querySelector('.eqp-step');
  const button = [...document.querySelectorAll('.eqp-button')].find(b => b.textContent.includes('Train'));
  button.click();
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  const windows = [];
  let last = performance.now();
  for (let w = 0; w < seconds; w++) {
    const seen = new Set(), end = performance.now() + 1000;
    while (performance.now() < end) {
      await frame();
      const now = performance.now();
      log.gaps.push(now - last);
      if (player.playing && player.index >= player.frames.length - 1) log.starved += now - last;
      last = now;
      log.buffer.push(player.frames.length - 1 - player.index);
      seen.add(counter.textContent);
    }
    windows.push(seen.size);
  }
  log.perSecond = windows;
  return log;
}"""


def summary(values: list[float]) -> str:
    if not values:
        return "none"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"n={len(values)} median {statistics.median(values):.1f} p95 {p95:.1f} max {max(values):.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--speed", default="30")
    parser.add_argument("--py-spy", action="store_true", help="sample the server with py-spy while playing")
    parser.add_argument("--json", help="write the raw log here")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with running_app() as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(f"{base}/train?steps=5000")
        page.wait_for_function("() => (document.querySelector('.eqp-step') || {}).textContent?.startsWith('step 0 of')",
                               timeout=120_000)
        page.wait_for_timeout(1000)
        page.locator(".eqp-select").select_option(args.speed)
        pid = server_pid(int(base.rsplit(":", 1)[1]))
        spy = None
        if args.py_spy and shutil.which("py-spy", path=str(Path(sys.executable).parent)):
            out = ROOT / "artifacts" / "profile-train.txt"
            out.parent.mkdir(exist_ok=True)
            spy = subprocess.Popen([str(Path(sys.executable).parent / "py-spy"), "record", "--pid", str(pid),
                                    "--duration", str(args.seconds), "--format", "raw", "--output", str(out),
                                    "--threads", "--idle"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")
        before = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        server_before = cpu_seconds(pid)
        log = page.evaluate(PROFILE, [args.seconds])
        server = cpu_seconds(pid) - server_before
        after = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        split = {name: after[name] - before[name] for name in
                 ("TaskDuration", "ScriptDuration", "LayoutDuration", "RecalcStyleDuration") if name in after}
        if spy is not None:
            spy.wait(timeout=60)
        page.close()
        browser.close()
    print(f"drawn frames/s per window: {log['perSecond']}")
    print(f"draw ms: {summary(log['draw'])}")
    print(f"update ms: {summary(log['update'])}  (updates {log['updates']}, with frames {log['chunks']})")
    print(f"rAF gaps ms: {summary(log['gaps'])}")
    print(f"buffer frames: {summary(log['buffer'])}")
    print(f"starved ms (playing, no next frame): {log['starved']:.0f} of {1000 * args.seconds}")
    print(f"server CPU s: {server:.2f}")
    print("page main thread s: " + ", ".join(f"{name.removesuffix('Duration')} {value:.2f}"
                                              for name, value in split.items()))
    print("events (ms, kind, ...):", log["events"][:80])
    if args.json:
        Path(args.json).write_text(json.dumps(log))


if __name__ == "__main__":
    main()
