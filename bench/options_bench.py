"""Options benchmark: every exclusivity variant of one campaign of the M scenario (100 x 20 x 180).

    .venv/bin/python bench/options_bench.py                          # seed 0, the busiest campaign with a clause
    .venv/bin/python bench/options_bench.py --campaign ID --creator ID --time-limit 3 --seed 1

Reports the wall time of each variant re-solve and the total (the target is
all variants within 30 s on 2 cores), with each option's objective, fees,
protection and Pareto mark.  Not a test: figures depend on the machine and
its load.
"""

from __future__ import annotations

import argparse
import os
import time

from creator_roster.models import scenario_from_data
from creator_roster.planning.options import build_options
from creator_roster.rules import contract
from creator_roster.scenarios.generate import generate

M_SIZE = (100, 20, 180)  # creators, campaigns, horizon days


def busiest_campaign(scenario) -> str:
    """The campaign with a clause and the most eligible creators: where the variants matter most."""
    def eligible(k):
        return sum(1 for c in scenario.creators if contract.ineligibility(c, k) is None)
    with_clause = [k for k in scenario.campaigns if k.phases] or list(scenario.campaigns)
    return max(with_clause, key=lambda k: (eligible(k), -scenario.campaigns.index(k))).id


def _n(value) -> str:
    return "-" if value is None else f"{value:,}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--campaign", default=None, help="default: the busiest campaign with a clause")
    parser.add_argument("--creator", default=None)
    parser.add_argument("--time-limit", type=float, default=None, help="seconds per re-solve (default: builder's)")
    parser.add_argument("--workers", type=int, default=None, help="CP-SAT workers per solve (default 2)")
    args = parser.parse_args()

    scenario = scenario_from_data(generate(*M_SIZE, seed=args.seed))
    campaign = args.campaign or busiest_campaign(scenario)
    print(f"scenario {scenario.name}; campaign {campaign}"
          + (f"; creator {args.creator}" if args.creator else "") + f"; {os.cpu_count()} cpu(s) visible")
    started = time.perf_counter()
    marks = []

    def progress(name: str, done: int, total: int) -> None:
        marks.append((name, time.perf_counter() - started))
        print(f"  {done}/{total} {name:<10} done at {marks[-1][1]:6.2f}s", flush=True)

    doc = build_options(scenario, campaign, args.creator, time_limit_s=args.time_limit, workers=args.workers,
                        progress=progress)
    total = time.perf_counter() - started
    print(f"\n{'option':<10} {'status':<9} {'objective':>10} {'bound':>10} {'fees':>8} {'premium':>8} "
          f"{'protection':>10} pareto")
    for o in doc.options:
        print(f"{o.name:<10} {o.status:<9} {_n(o.objective):>10} {_n(o.bound):>10} {o.campaign_fees:>8,} "
              f"{o.campaign_premium:>8,} {o.protection:>10g} {'yes' if o.pareto else ''}"
              + (f"   (= {o.same_clause_as})" if o.same_clause_as else "")
              + ("   (requested roster re-priced)" if o.roster.stats.get("source") == "hint re-priced" else ""))
    print(f"\nrecommended: {doc.reason}")
    print(f"solves: {doc.stats['solves']} at {doc.stats['time_limit_s_per_solve']} s each at most; "
          f"total wall time {total:.1f} s (target: 30 s)")


if __name__ == "__main__":
    main()
