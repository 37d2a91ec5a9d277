"""Where a solve's time goes: the solver's own phase log beside a Python profile of the same run.

One season of a solve_bench family (default: the M season with dense commitments) is solved once under
cProfile.  Printed: the candidate and model figures, each phase of the search (lazy day-rule rounds,
tie-break, ...) with its CP-SAT wall time, the time outside CP-SAT (candidates, greedy, model building,
validation), and the functions of creator_roster that took longest, by cumulative time.

    .venv/bin/python bench/profile_solve.py                       # dense M, 10 s
    .venv/bin/python bench/profile_solve.py --family crowded --size L --limit 10

Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import re
import time
from pathlib import Path

from solve_bench import FAMILIES, SIZES, season  # bench/ is this script's folder, first on sys.path


def profile(family: str, size: str, limit: float, top: int) -> None:
    from creator_roster.models import scenario_from_data
    from creator_roster.solver.solve import SolveParams, solve_scenario

    scenario = scenario_from_data(season(family, size))
    profiler = cProfile.Profile()
    started = time.monotonic()
    profiler.enable()
    roster = solve_scenario(scenario, SolveParams(time_limit_s=limit, workers=2, seed=0))
    profiler.disable()
    wall = time.monotonic() - started
    stats = roster.stats
    in_cp_sat = sum(p.get("wall_seconds", 0) for p in stats["phases"])
    print(f"{family} {size}: {len(scenario.creators)} creators, {len(scenario.campaigns)} campaigns, "
          f"{len(scenario.commitments)} deals; strategy {stats.get('strategy')}; model {json.dumps(stats['model'])}")
    print(f"status {roster.status}, objective {roster.objective:,}, bound {roster.bound:,}, gap {stats.get('gap')}; "
          f"wall {wall:.2f} s, build {stats['build_seconds']:.2f} s, in CP-SAT {in_cp_sat:.2f} s, "
          f"outside {wall - in_cp_sat:.2f} s")
    print("\n| # | phase | status | CP-SAT wall | notes |\n|---|---|---|---|---|")
    for i, p in enumerate(stats["phases"], 1):
        notes = {k: v for k, v in p.items() if k not in ("phase", "status", "wall_seconds")}
        print(f"| {i} | {p['phase']} | {p.get('status', '-')} | {p.get('wall_seconds', 0):.2f} s | "
              f"{json.dumps(notes) if notes else ''} |")
    out = io.StringIO()
    ours = re.escape(str(Path(__file__).resolve().parents[1])) + r"/(?!\.venv)"  # the project's own modules
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(ours, top)
    print("\nPython profile (cumulative, the project's modules only):")
    print(out.getvalue().split("\n", 6)[-1] if out.getvalue() else "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--family", default="dense", choices=list(FAMILIES))
    parser.add_argument("--size", default="M", choices=list(SIZES))
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args()
    profile(args.family, args.size, args.limit, args.top)


if __name__ == "__main__":
    main()
