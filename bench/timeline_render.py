"""How quick is the season timeline page in a real browser?  Load, scroll, zoom and filter, timed in headless Chromium.

For a generated M season (100 creators x 20 campaigns x 180 days) and an XL
one (1000 x 100 x 365), the scenario is uploaded to ``roster serve`` and solved
(``--limit`` seconds); then the timeline/1 document is fetched with httpx (its
size and GET time) and the page ``#/timeline/{id}`` is opened in Debian's
Chromium driven by Playwright for Python (never a downloaded browser; the
flags of tests/browser.py), viewport 1280x900.  In the page, with
``performance.now()``:

* first draw: from navigation start to the end of the frame after the first
  mark (``.tl-row .mark``) is in the DOM; with the rows in the DOM (virtual
  scrolling: the visible ones plus 8 above and below) and the rows in all.
  Not the first *post* mark: a season without a post in its first rows would
  never be timed (the campaign lanes come first, folded when there are more
  than 12 campaigns); the JSON says how many posts the first screen has;
* scroll: ``#tl-scroll`` from top to bottom in steps of ``--step`` px, one
  animation frame each; the median and 95th percentile of the frame times
  (time between frames: 16.7 ms at 60 Hz is the floor), and of the busy time
  in each (from the frame's animation callbacks to the end of its paint: the
  app's redraw of the rows, style, layout, paint);
* zoom: the click on "Weeks" until the next frame has been painted, scrolled
  down to the first creator row (so that creator rows are redrawn, not lanes);
* filter: typing a creator id fragment into the creator box (``page.fill``)
  until the next frame has been painted;
* the JS heap after the load (``performance.memory.usedJSHeapSize``).

Console errors and page errors are printed (there should be none).  Prints a
Markdown table for the README and writes bench/results/timeline_render.json.

    .venv/bin/python bench/timeline_render.py                   # M and XL
    .venv/bin/python bench/timeline_render.py --sizes XL --filter tech

Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from serving import roster_server, store_and_solve  # noqa: E402  (bench/serving.py)

from tests import browser  # noqa: E402  (the Chromium flags and executable of the web tests)

SIZES = {"M": (100, 20, 180), "XL": (1000, 100, 365)}
BIN = Path(sys.executable).with_name("roster")
TIMEOUT_MS = 60_000  # every Playwright wait

# Runs before the page's scripts: notes the time the first mark (a post, or a campaign's window on its lane) enters
# the DOM, and the end of the frame after it.
FIRST_DRAW = """
(() => {
  const seen = () => {
    if (window.__firstMark !== undefined || !document.querySelector('.tl-row .mark')) return false;
    window.__firstMark = performance.now();
    requestAnimationFrame(() => setTimeout(() => { window.__firstDraw = performance.now(); }, 0));
    return true;
  };
  new MutationObserver((_, observer) => { if (seen()) observer.disconnect(); })
    .observe(document, {childList: true, subtree: true});
})();
"""

# Arms a one-shot measure of the next event of a type (a trusted click or input from Playwright): from its
# capture on window, through the app's handler (the bubble on window), to the next painted frame.
ARM = """
(type) => {
  window.__measured = undefined;
  let t0 = 0, sync = 0;
  const capture = () => { t0 = performance.now(); };
  const bubble = () => {
    sync = performance.now() - t0;
    window.removeEventListener(type, capture, true);
    window.removeEventListener(type, bubble, false);
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__measured = {sync_ms: sync, paint_ms: performance.now() - t0}; };
      channel.port2.postMessage(0);
    });
  };
  window.addEventListener(type, capture, true);
  window.addEventListener(type, bubble, false);
}
"""

# Scrolls #tl-scroll top to bottom, one step per animation frame, each step after the previous frame was painted;
# returns the time between frames: each covers the app's redraw of the rows (its rAF after the scroll event),
# style, layout and paint.
SCROLL = """
async (step) => {
  const scroll = document.getElementById('tl-scroll');
  const frame = () => new Promise(resolve => requestAnimationFrame(resolve));
  const painted = () => new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    channel.port2.postMessage(0);
  });
  scroll.scrollTop = 0;
  await frame(); await frame();
  const end = scroll.scrollHeight - scroll.clientHeight;
  const stamps = [], busy = [];
  let redrawn = 0, first = TL.drawn.first;
  for (let top = step; ; top += step) {
    await painted();
    scroll.scrollTop = Math.min(top, end);
    stamps.push(await frame());  // the scroll event has fired; the app's rAF runs after this callback
    const started = performance.now();
    await painted();
    busy.push(performance.now() - started);  // the app's redraw, style, layout and paint of this frame
    if (TL.drawn.first !== first) { redrawn++; first = TL.drawn.first; }
    if (top >= end) break;
  }
  stamps.push(await frame());
  const durations = stamps.slice(1).map((t, i) => t - stamps[i]);
  return {durations, busy, redrawn, end, drawn: document.querySelectorAll('#tl-rows .tl-row').length};
}
"""


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _fetch_timeline(url: str, sid: str) -> tuple[bytes, float]:
    import httpx

    with httpx.Client(base_url=url, timeout=60) as c:
        c.get(f"/scenarios/{sid}/timeline").raise_for_status()  # once to warm up, then timed
        started = time.perf_counter()
        answer = c.get(f"/scenarios/{sid}/timeline")
        took = time.perf_counter() - started
        answer.raise_for_status()
        return answer.content, took


def _measure_page(url: str, sid: str, fragment: str, step: int) -> dict:
    from playwright.sync_api import sync_playwright

    executable = browser.chromium_path()
    if executable is None:
        raise SystemExit(browser.HOW_TO_GET_IT)
    watched = browser.Watched(origin=url)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=executable, args=browser.CHROMIUM_FLAGS, timeout=TIMEOUT_MS)
        try:
            page = chromium.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(TIMEOUT_MS)
            page.set_default_navigation_timeout(TIMEOUT_MS)
            watched.attach(page)
            failed: list[str] = []  # the answers >= 400, to say which resource a "Failed to load resource" was

            def answered(response) -> None:
                if response.status >= 400:
                    failed.append(f"{response.status} {response.request.method} {response.url}")

            page.on("response", answered)
            page.add_init_script(FIRST_DRAW)

            started = time.perf_counter()
            page.goto(f"{url}/#/timeline/{sid}")
            page.wait_for_selector(".tl-row .mark", state="attached")
            page.wait_for_function("window.__firstDraw !== undefined")
            wall_ms = (time.perf_counter() - started) * 1000
            loaded = page.evaluate("""() => ({
                mark_ms: window.__firstMark, draw_ms: window.__firstDraw,
                rows_in_dom: document.querySelectorAll('.tl-row').length,
                posts_in_dom: document.querySelectorAll('.tl-row .mark.post').length,
                first_creator_row: TL.rows.findIndex(r => r.kind === 'creator'),
                count: document.getElementById('tl-count').textContent,
                heap: performance.memory ? performance.memory.usedJSHeapSize : null})""")
            total_rows = page.evaluate("() => TL.rows.length")  # rows of the virtual list: headings, lanes, creators

            scrolled = page.evaluate(SCROLL, step)
            frames = scrolled["durations"]

            # Zoom and filter with creator rows in view (at XL the first screen is all campaign lanes).
            page.evaluate("""() => { const s = document.getElementById('tl-scroll'); s.scrollLeft = 0;
                                     s.scrollTop = TL.rows.findIndex(r => r.kind === 'creator') * ROW_H; }""")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            posts_in_view = page.evaluate("() => document.querySelectorAll('.tl-row .mark.post').length")
            page.evaluate(ARM, "click")
            page.get_by_role("button", name="Weeks").click()
            page.wait_for_function("window.__measured !== undefined")
            zoomed = page.evaluate("() => window.__measured")

            page.evaluate(ARM, "input")
            page.fill("#tl-creator", fragment)
            page.wait_for_function("window.__measured !== undefined")
            filtered = page.evaluate("() => window.__measured")
            filtered_count = page.evaluate("() => document.getElementById('tl-count').textContent")
        finally:
            chromium.close()
    return {
        "first_mark_ms": round(loaded["mark_ms"], 1),
        "first_draw_ms": round(loaded["draw_ms"], 1),
        "first_draw_wall_ms": round(wall_ms, 1),
        "rows_in_dom": loaded["rows_in_dom"],
        "rows_total": total_rows,
        "posts_in_first_screen": loaded["posts_in_dom"],
        "first_creator_row": loaded["first_creator_row"],
        "count_text": loaded["count"],
        "scroll_steps": len(frames),
        "scroll_px": scrolled["end"],
        "scroll_frame_median_ms": round(statistics.median(frames), 1),
        "scroll_frame_p95_ms": round(_pct(frames, 0.95), 1),
        "scroll_frame_max_ms": round(max(frames), 1),
        "scroll_busy_median_ms": round(statistics.median(scrolled["busy"]), 1),
        "scroll_busy_p95_ms": round(_pct(scrolled["busy"], 0.95), 1),
        "scroll_redrawn_steps": scrolled["redrawn"],
        "posts_in_view_for_zoom": posts_in_view,
        "weeks_zoom_sync_ms": round(zoomed["sync_ms"], 1),
        "weeks_zoom_ms": round(zoomed["paint_ms"], 1),
        "filter": fragment,
        "filter_sync_ms": round(filtered["sync_ms"], 1),
        "filter_ms": round(filtered["paint_ms"], 1),
        "filter_count_text": filtered_count,
        "js_heap_mb": round(loaded["heap"] / 2**20, 1) if loaded["heap"] is not None else None,
        "errors": watched.errors,
        "failed_requests": failed,
        "foreign_requests": watched.foreign,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--limit", type=float, default=10.0, help="the solve's time limit, seconds")
    parser.add_argument("--step", type=int, default=600, help="px scrolled per animation frame")
    parser.add_argument("--filter", default=None,
                        help="creator id fragment typed into the filter (default: the first creator's id after '-')")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "timeline_render.json")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in args.sizes:
            creators, campaigns, days = SIZES[size]
            path = work / f"{size}.json"
            subprocess.run([str(BIN), "generate", "--creators", str(creators), "--campaigns", str(campaigns),
                            "--days", str(days), "--seed", "5", "--commitments", str(creators // 10), "-o", str(path)],
                           check=True, capture_output=True, timeout=120)
            fragment = args.filter or json.loads(path.read_text())["creators"][0]["id"].rsplit("-", 1)[-1]
            (work / "bench.db").unlink(missing_ok=True)
            with roster_server(work) as url:
                sid, job_id, status = store_and_solve(url, path, args.limit)
                document, get_s = _fetch_timeline(url, sid)
                row = {"size": size, "creators": creators, "campaigns": campaigns, "days": days,
                       "limit_s": args.limit, "job_status": status,
                       "timeline_kb": round(len(document) / 1024, 1), "timeline_get_ms": round(get_s * 1000, 1),
                       **_measure_page(url, sid, fragment, args.step)}
            print(json.dumps(row), flush=True)
            for error in (row["errors"] + [f"answered {u}" for u in row["failed_requests"]]
                          + [f"request to another host: {u}" for u in row["foreign_requests"]]):
                print(f"  {size}: {error}", flush=True)
            rows.append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n")
    print()
    print("| size (creators x campaigns x days) | timeline JSON (GET) | first draw | rows in DOM / total rows | "
          "scroll frame median / p95 (steps) | weeks zoom | filter | JS heap |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        heap = "n/a" if r["js_heap_mb"] is None else f"{r['js_heap_mb']} MB"
        print(f"| {r['size']} {r['creators']}x{r['campaigns']}x{r['days']} | {r['timeline_kb']:,} KB "
              f"({r['timeline_get_ms']} ms) | {r['first_draw_ms']} ms | {r['rows_in_dom']} / {r['rows_total']} | "
              f"{r['scroll_frame_median_ms']} / {r['scroll_frame_p95_ms']} ms ({r['scroll_steps']} steps; busy "
              f"{r['scroll_busy_median_ms']} / {r['scroll_busy_p95_ms']} ms) | "
              f"{r['weeks_zoom_ms']} ms | {r['filter_ms']} ms | {heap} |")
    errors = sum(len(r["errors"]) + len(r["foreign_requests"]) for r in rows)
    print()
    print("no console or page errors" if not errors else f"{errors} console/page errors or foreign requests (above)")


if __name__ == "__main__":
    main()
