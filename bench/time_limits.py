"""Is the time limit honoured, model building included?  Wall time of one solve by each front door.

For generated scenarios from S to XXL, a solve with ``--time-limit`` LIMIT is
timed through the CLI (``roster solve``, the whole process), a one-scenario
batch (``roster batch``), and the HTTP service (``roster serve``: from the
POST of the solve to the job's ``done``, worker start-up included).  Prints a
Markdown table for the README and writes bench/results/time_limits.json.

    .venv/bin/python bench/time_limits.py                   # all sizes, 10 s
    .venv/bin/python bench/time_limits.py --sizes S XXL --limit 5

Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from pathlib import Path

from serving import BIN, roster_server, solve, store

SIZES = {"S": (20, 5, 90), "M": (100, 20, 180), "L": (300, 40, 270), "XL": (1000, 100, 365),
         "XXL": (2000, 150, 365)}


def _timed(args: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.monotonic() - started


def _http(path: Path, limit: float, workdir: Path) -> float:
    """From the POST of the solve to the job's done (the scenario stored first, not timed)."""
    with roster_server(workdir) as url:
        sid = store(url, path)
        started = time.monotonic()
        solve(url, sid, limit)
        return time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "time_limits.json")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in args.sizes:
            creators, campaigns, days = SIZES[size]
            path = work / f"{size}.json"
            subprocess.run([str(BIN), "generate", "--creators", str(creators), "--campaigns", str(campaigns),
                            "--days", str(days), "--seed", "5", "--commitments", str(creators // 10), "-o", str(path)],
                           check=True, capture_output=True)
            limit = str(args.limit)
            row = {"size": size, "creators": creators, "campaigns": campaigns, "days": days, "limit_s": args.limit,
                   "cli_s": round(_timed([str(BIN), "solve", str(path), "--time-limit", limit, "-q"]), 2),
                   "batch_s": round(_timed([str(BIN), "batch", str(path), "-o", str(work / f"out-{size}"),
                                            "--time-limit", limit]), 2),
                   "http_s": round(_http(path, args.limit, work), 2)}
            print(json.dumps(row), flush=True)
            rows.append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n")
    print()
    print("| size (creators x campaigns x days) | limit | `roster solve` | `roster batch` (one scenario) | HTTP job |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['size']} {r['creators']}x{r['campaigns']}x{r['days']} | {r['limit_s']:g} s | {r['cli_s']} s | "
              f"{r['batch_s']} s | {r['http_s']} s |")


if __name__ == "__main__":
    main()
