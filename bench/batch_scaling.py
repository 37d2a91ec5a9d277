"""Batch throughput: 12 M-size generated scenarios with 1 and 2 worker processes.

    .venv/bin/python bench/batch_scaling.py                      # 1 and 2 workers, 1 CP-SAT worker per solve
    .venv/bin/python bench/batch_scaling.py --also-solver-workers 2   # plus 1 process x 2 CP-SAT workers

Each configuration solves the same scenarios from scratch (a fresh output
folder, so nothing is cached) and reports its wall time, how many solves were
proved optimal, and the ratio to the first configuration.  It loads every
core it is given: run it on an otherwise idle machine for a fair figure.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from creator_roster.models import scenario_from_data
from creator_roster.planning.batch import BatchItem, run_batch
from creator_roster.scenarios.generate import generate

M_SIZE = (100, 20, 180)  # creators, campaigns, horizon days


def scenarios(count: int) -> list[BatchItem]:
    items = []
    for seed in range(count):
        document = scenario_from_data(generate(*M_SIZE, seed=seed)).to_document()
        items.append(BatchItem(f"m-{seed:02d}", f"generate{M_SIZE}+seed={seed}", document))
    return items


def measure(items: list[BatchItem], workers: int, solver_workers: int, time_limit: float, root: Path) -> dict:
    outdir = root / f"w{workers}-s{solver_workers}"
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    rows = run_batch(items, outdir, workers=workers, time_limit_s=time_limit, solver_workers=solver_workers)
    wall = time.perf_counter() - started
    failed = {row.name: row.error or row.status for row in rows if not row.solved}
    return {"workers": workers, "solver_workers": solver_workers, "wall_seconds": round(wall, 1),
            "optimal": sum(row.status == "optimal" for row in rows), "solved": len(rows) - len(failed),
            "failed": failed, "objective_total": sum(row.objective or 0 for row in rows),
            "solve_seconds_total": round(sum(float(row.wall_seconds or 0) for row in rows), 1),
            "load_before": round(load_before, 2), "load_after": round(os.getloadavg()[0], 2),
            "cpus": os.cpu_count()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenarios", type=int, default=12)
    parser.add_argument("--time-limit", type=float, default=10.0, help="per scenario, seconds")
    parser.add_argument("--workers", default="1,2", help="batch worker processes to compare, e.g. 1,2")
    parser.add_argument("--also-solver-workers", type=int, default=0,
                        help="also run 1 process with this many CP-SAT workers per solve")
    parser.add_argument("--json", type=Path, help="write the results here too")
    args = parser.parse_args(argv)

    items = scenarios(args.scenarios)
    configs = [(int(w), 1) for w in args.workers.split(",")]
    if args.also_solver_workers > 1:
        configs.append((1, args.also_solver_workers))
    results = []
    with tempfile.TemporaryDirectory(prefix="batch-scaling-") as tmp:
        for workers, solver_workers in configs:
            result = measure(items, workers, solver_workers, args.time_limit, Path(tmp))
            results.append(result)
            print(f"{workers} process(es) x {solver_workers} CP-SAT worker(s): {result['wall_seconds']:7.1f} s wall, "
                  f"{result['optimal']}/{len(items)} optimal, {result['solved']}/{len(items)} solved, "
                  f"sum of solve times {result['solve_seconds_total']} s, "
                  f"load average {result['load_before']} -> {result['load_after']} on {result['cpus']} cpus", flush=True)
    base = results[0]["wall_seconds"]
    for result in results:
        for name, error in result["failed"].items():
            print(f"  {result['workers']}x{result['solver_workers']} {name}: {error}")
    for result in results[1:]:
        print(f"ratio {results[0]['workers']}x{results[0]['solver_workers']} / "
              f"{result['workers']}x{result['solver_workers']}: {base / result['wall_seconds']:.2f}")
    if args.json:
        args.json.write_text(json.dumps({"size": M_SIZE, "time_limit_s": args.time_limit, "results": results},
                                        indent=2) + "\n")
    return 0 if all(not r["failed"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
