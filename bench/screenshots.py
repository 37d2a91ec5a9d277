"""The README's pictures: the season timeline and the options chart of the demo, taken in headless Chromium.

Starts ``roster serve`` on a temporary database, stores ``scenarios/demo.json``,
solves it, and saves docs/img/timeline.png (the timeline, weeks zoom, a post's
details shown) and docs/img/options.png (the options of glow-spf-launch).
Debian's Chromium is driven by Playwright (no browser is downloaded).

    .venv/bin/python bench/screenshots.py
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from serving import roster_server, store_and_solve  # noqa: E402  (bench/serving.py)

from tests import browser  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args()
    if browser.why_not():
        raise SystemExit(f"{browser.why_not()}: {browser.HOW_TO_GET_IT}")
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, roster_server(Path(tmp), "shots.db") as url:
        sid, _, _ = store_and_solve(url, ROOT / "scenarios" / "demo.json", 10)
        with sync_playwright() as p:
            chromium = p.chromium.launch(executable_path=browser.chromium_path(), args=browser.CHROMIUM_FLAGS)
            page = chromium.new_page(viewport={"width": 1280, "height": 860})
            page.goto(f"{url}/#/timeline/{sid}")
            page.wait_for_selector("#tl-rows .mark.post", timeout=30000)
            page.get_by_role("button", name="Weeks").click()
            page.evaluate("document.getElementById('tl-scroll').scrollTop = 9 * 34")
            page.wait_for_timeout(100)
            page.locator("#tl-rows .mark.post.booking").nth(4).hover()
            page.wait_for_timeout(100)
            page.screenshot(path=str(args.out / "timeline.png"))
            page.goto(f"{url}/#/options/{sid}?campaign=glow-spf-launch")
            page.wait_for_selector('#options-campaign option[value="glow-spf-launch"]', state="attached")
            page.wait_for_function("document.getElementById('options-campaign').value === 'glow-spf-launch'")
            page.fill("#options-limit", "2")
            page.get_by_role("button", name="Compare the options").click()
            page.wait_for_selector("#options-result:not([hidden]) #options-table tbody tr", timeout=180000)
            page.locator("#options-figure").scroll_into_view_if_needed()
            page.screenshot(path=str(args.out / "options.png"), clip={"x": 0, "y": 0, "width": 1280, "height": 860},
                            full_page=True)
            chromium.close()
    print(f"wrote {args.out / 'timeline.png'} and {args.out / 'options.png'}")


if __name__ == "__main__":
    main()
