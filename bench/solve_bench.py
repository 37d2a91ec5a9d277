"""Solve benchmark: generated S/M/L/XL scenarios at two time limits.

Each run is a fresh process (so peak memory is that run's own), solving one
generated scenario with 2 CP-SAT workers.  Prints a Markdown table for the
README and writes the raw figures to bench/results/solve.json.

    .venv/bin/python bench/solve_bench.py                 # all sizes, 10 s and 60 s
    .venv/bin/python bench/solve_bench.py --sizes S M --limits 10

Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

SIZES = {"S": (20, 5, 90), "M": (100, 20, 180), "L": (300, 40, 270), "XL": (1000, 100, 365)}
SEEDS = {"S": 11, "M": 12, "L": 13, "XL": 14}


def run_one(size: str, limit: float) -> dict:
    from creator_roster.models import scenario_from_data
    from creator_roster.scenarios.generate import generate
    from creator_roster.solver.solve import SolveParams, solve_scenario

    creators, campaigns, days = SIZES[size]
    scenario = scenario_from_data(generate(creators, campaigns, days, seed=SEEDS[size], commitments=creators // 10))
    started = time.monotonic()
    roster = solve_scenario(scenario, SolveParams(time_limit_s=limit, workers=2, seed=0))
    wall = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "size": size, "creators": creators, "campaigns": campaigns, "days": days, "time_limit_s": limit,
        "candidates": roster.stats["model"].get("bookings"), "build_s": roster.stats["build_seconds"],
        "wall_s": round(wall, 2), "status": roster.status, "objective": roster.objective, "bound": roster.bound,
        "gap": roster.stats.get("gap"), "greedy": roster.stats["greedy_objective"],
        "greedy_per_fee": roster.stats["greedy_value_per_fee"], "peak_mb": round(peak_mb),
        "rounds": len([p for p in roster.stats["phases"] if p["phase"] == "value"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--limits", nargs="+", type=float, default=[10.0, 60.0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "solve.json")
    parser.add_argument("--one", nargs=2, metavar=("SIZE", "LIMIT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a child run: one solve, its figures as JSON on stdout
        print(json.dumps(run_one(args.one[0], float(args.one[1]))))
        return
    rows = []
    for size in args.sizes:
        for limit in args.limits:
            child = subprocess.run([sys.executable, __file__, "--one", size, str(limit)],
                                   capture_output=True, text=True, check=True)
            row = json.loads(child.stdout.strip().splitlines()[-1])
            rows.append(row)
            print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": platform.platform(), "cpus": mp.cpu_count(), "rows": rows}, indent=1))
    print()
    print("| size (creators x campaigns x days) | pairs | limit | build | wall | status | objective | bound | gap "
          "| greedy by value per fee | greedy by value (start) | vs start | peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        gap = "-" if r["gap"] is None else f"{r['gap']:.2%}"
        lift = "-" if not r["objective"] or not r["greedy"] else f"+{r['objective'] / r['greedy'] - 1:.1%}"
        print(f"| {r['size']} {r['creators']}x{r['campaigns']}x{r['days']} | {r['candidates']:,} | {r['time_limit_s']:.0f} s "
              f"| {r['build_s']:.1f} s | {r['wall_s']:.1f} s | {r['status']} | {r['objective'] or 0:,} | {r['bound'] or 0:,} "
              f"| {gap} | {r['greedy_per_fee']:,} | {r['greedy']:,} | {lift} | {r['peak_mb']:,} MB |")


if __name__ == "__main__":
    main()
