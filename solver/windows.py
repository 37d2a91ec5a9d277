"""Large scenarios: improve a roster a few campaigns at a time.

On the largest scenarios CP-SAT cannot get through presolve and its first
propagation of the whole model within a planner's time limit.  Here the
campaigns are taken in order of their windows, a handful at a time
(overlapping by half); every booking outside the handful is fixed as it is,
and a small model re-plans the handful around the bookings of the creators
who could take part (the other campaigns' own rules are not restated: their
bookings do not move).  A re-plan that is worth
more replaces the roster.  This is a large-neighbourhood search driven from
Python: every roster it keeps satisfies the full model restricted to the
fixed bookings, so it is valid; it proves nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Optional

from ortools.sat.python import cp_model

from ..rules.index import ScenarioIndex
from .candidates import Candidate
from .model import Key, build_model

Bookings = dict[Key, list[int]]


@dataclass
class WindowSearch:
    """The search's fixed parts: the scenario, its candidates, and how each window's sub-solve runs."""

    index: ScenarioIndex
    candidates: dict[Key, Candidate]
    workers: int
    seed: int
    group: int = 4  # campaigns re-planned together
    seconds_each: float = 4.0  # the longest one window's sub-solve searches
    on_better: Optional[Callable[[int], None]] = None  # called with each better roster's value
    now: Callable[[], float] = time.monotonic  # the clock ``deadline`` is read on

    def improve(self, bookings: Bookings, deadline: float) -> tuple[Bookings, int]:
        """The best roster found by re-planning windows of ``group`` campaigns until ``deadline``.

        Returns the bookings and the number of windows re-planned.
        """
        campaigns = sorted(self.index.scenario.campaigns, key=lambda k: (k.window.start, k.window.end, k.id))
        step = max(1, self.group // 2)
        windows = [campaigns[i:i + self.group] for i in range(0, max(1, len(campaigns) - step), step)]
        current = dict(bookings)
        value = self.value(current)
        done = 0
        for window in windows:
            left = deadline - self.now()
            if left < 0.5:
                break
            better = self.replan(current, {k.id for k in window}, min(self.seconds_each, left))
            done += 1
            if better is not None and self.value(better) > value:
                current, value = better, self.value(better)
                if self.on_better:
                    self.on_better(value)
        return current, done

    def value(self, bookings: Bookings) -> int:
        return sum(self.candidates[k].value for k in bookings)

    def replan(self, current: Bookings, window: set[str], seconds: float) -> Optional[Bookings]:
        """Re-plan the campaigns in ``window`` with every other booking fixed; None if nothing came of it."""
        sub = {key: cand for key, cand in self.candidates.items() if key[1] in window}
        creators = {c for c, _ in sub}
        # Only the creators who could take part matter; the other campaigns' own rules hold already.
        fixed = {key: days for key, days in current.items() if key[1] not in window and key[0] in creators}
        sub.update({key: self.candidates[key] for key in fixed})
        rm = build_model(self.index, sub, campaign_scope=window)
        for key, days in fixed.items():
            if key not in rm.booked:
                return None
            rm.model.add(rm.booked[key] == 1)
            for p, d in zip(rm.posts[key], sorted(days)):
                rm.model.add(p == d)
        rm.add_hint({k: v for k, v in current.items() if k in rm.booked})
        rm.model.maximize(rm.value_expr())
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.num_workers = self.workers
        solver.parameters.random_seed = self.seed
        if solver.solve(rm.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return rm.extract(solver)
