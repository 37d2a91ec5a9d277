"""Solve benchmark: generated seasons of three families at S/M/L/XL/XXL sizes, at two time limits.

Families (``roster generate`` with fixed seeds):

- ``base``: the ordinary generator, one existing deal per ten creators (XXL: 400 deals);
- ``dense``: six existing deals per ten creators (a planner's real season: most creators already hold deals);
- ``crowded``: ``--crowded`` (one region, one platform, every brand a rival of its market's others, a clause on
  every campaign) with four deals per ten creators.

Each run is a fresh process (so peak memory is that run's own), solving one season with 2 CP-SAT workers.
Prints a Markdown table for the README and writes the raw figures to bench/results/solve.json.

    .venv/bin/python bench/solve_bench.py                                  # base family, S-XL, 10 s and 60 s
    .venv/bin/python bench/solve_bench.py --families dense crowded --sizes M L --limits 10

Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing as mp
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

SIZES = {"S": (20, 5, 90), "M": (100, 20, 180), "L": (300, 40, 270), "XL": (1000, 100, 365),
         "XXL": (2000, 150, 365)}
SEEDS = {"S": 11, "M": 12, "L": 13, "XL": 14, "XXL": 15}
FAMILIES = {"base": (0.1, False), "dense": (0.6, False), "crowded": (0.4, True)}  # deals per creator, crowded
COMMITMENTS = {("base", "XXL"): 400}  # the XXL season


def season(family: str, size: str) -> dict:
    """The generated season of ``family`` at ``size``: the same document on every run."""
    from creator_roster.scenarios.generate import generate

    creators, campaigns, days = SIZES[size]
    per_creator, crowded = FAMILIES[family]
    commitments = COMMITMENTS.get((family, size), round(creators * per_creator))
    return generate(creators, campaigns, days, seed=SEEDS[size], commitments=commitments, crowded=crowded)


def solve_with(solver: str, scenario, limit: float):
    """``ours`` (creator_roster.solver) or ``plain`` (bench/plain_model.py, the straightforward exact model)."""
    if solver == "plain":
        from plain_model import solve_plain  # bench/ is this script's folder, first on sys.path

        return solve_plain(scenario, limit, workers=2, seed=0)
    from creator_roster.solver.solve import SolveParams, solve_scenario

    return solve_scenario(scenario, SolveParams(time_limit_s=limit, workers=2, seed=0))


def run_one(family: str, size: str, limit: float, solver: str) -> dict:
    from creator_roster.models import scenario_from_data
    from creator_roster.rules.validate import validate

    creators, campaigns, days = SIZES[size]
    started = time.monotonic()
    scenario = scenario_from_data(season(family, size))
    roster = solve_with(solver, scenario, limit)
    wall = time.monotonic() - started  # loading the document included: what a planner waits for
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    stats = roster.stats
    gap = stats.get("gap")
    if gap is None and roster.objective is not None and roster.bound:
        gap = (roster.bound - roster.objective) / abs(roster.bound)
    return {
        "family": family, "size": size, "solver": solver, "creators": creators, "campaigns": campaigns,
        "days": days, "commitments": len(scenario.commitments), "time_limit_s": limit,
        "candidates": stats["model"].get("bookings"), "build_s": stats["build_seconds"],
        "wall_s": round(wall, 2), "status": roster.status, "objective": roster.objective, "bound": roster.bound,
        "gap": gap, "greedy": stats.get("greedy_objective"), "greedy_per_fee": stats.get("greedy_value_per_fee"),
        "peak_mb": round(peak_mb), "valid": validate(scenario, roster) == [],
        "rounds": len([p for p in stats.get("phases", []) if p["phase"] == "value"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", nargs="+", default=["base"], choices=list(FAMILIES))
    parser.add_argument("--sizes", nargs="+", default=["S", "M", "L", "XL"], choices=list(SIZES))
    parser.add_argument("--limits", nargs="+", type=float, default=[10.0, 60.0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "solve.json")
    parser.add_argument("--solvers", nargs="+", default=["ours", "plain"], choices=["ours", "plain"])
    parser.add_argument("--one", nargs=4, metavar=("FAMILY", "SIZE", "LIMIT", "SOLVER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:  # a child run: one solve, its figures as JSON on stdout
        print(json.dumps(run_one(args.one[0], args.one[1], float(args.one[2]), args.one[3])))
        return
    rows = []
    for family, size, limit, solver in itertools.product(args.families, args.sizes, args.limits, args.solvers):
        child = subprocess.run([sys.executable, __file__, "--one", family, size, str(limit), solver],
                               capture_output=True, text=True, check=True)
        row = json.loads(child.stdout.strip().splitlines()[-1])
        rows.append(row)
        print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"machine": platform.platform(), "cpus": mp.cpu_count(), "rows": rows}, indent=1))
    print()
    print("| family | size (creators x campaigns x days, deals) | solver | pairs | limit | build | wall | status "
          "| objective | bound | gap | greedy by value per fee | greedy by value (start) | vs start | peak RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        gap = "-" if r["gap"] is None else f"{r['gap']:.2%}"
        lift = "-" if not r["objective"] or not r["greedy"] else f"+{r['objective'] / r['greedy'] - 1:.1%}"
        greedy = "-" if r["greedy"] is None else f"{r['greedy']:,}"
        per_fee = "-" if r["greedy_per_fee"] is None else f"{r['greedy_per_fee']:,}"
        print(f"| {r['family']} | {r['size']} {r['creators']}x{r['campaigns']}x{r['days']}, {r['commitments']} "
              f"| {r['solver']}{'' if r['valid'] else ' (INVALID)'} | {r['candidates']:,} | {r['time_limit_s']:.0f} s "
              f"| {r['build_s']:.1f} s | {r['wall_s']:.1f} s | {r['status']} | {r['objective'] or 0:,} | {r['bound'] or 0:,} "
              f"| {gap} | {per_fee} | {greedy} | {lift} | {r['peak_mb']:,} MB |")


if __name__ == "__main__":
    main()
