"""In-memory enforcement indexes for /check, /monitor and calendars, cached by scenario version.

Parsing a scenario with ten thousand commitments takes far longer than a
deal check may; so each scenario's ``Enforcer`` (its bookings by creator) is
built once per (version, roster of record) and reused until either changes.
A request costs one primary-key lookup to learn the current version.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Optional

from ..models import Roster, Scenario, load_roster, load_scenario
from ..solver.enforce import Enforcer
from .store import Store


@dataclass(frozen=True)
class Indexed:
    scenario_id: str
    version: int
    roster_job: Optional[str]
    enforcer: Enforcer


class UnknownScenario(LookupError):
    pass


class EnforcementCache:
    def __init__(self, store: Store, size: int = 16):
        self.store = store
        self.size = size
        self.items: "OrderedDict[str, Indexed]" = OrderedDict()
        self.lock = threading.Lock()
        self.building: dict[str, threading.Lock] = {}

    def get(self, scenario_id: str) -> Indexed:
        row = self.store.get_scenario(scenario_id)
        if row is None:
            raise UnknownScenario(scenario_id)
        key = (row.version, row.roster_job)
        with self.lock:
            hit = self.items.get(scenario_id)
            if hit is not None and (hit.version, hit.roster_job) == key:
                self.items.move_to_end(scenario_id)
                return hit
            build_lock = self.building.setdefault(scenario_id, threading.Lock())
        with build_lock:  # one build per scenario at a time; the others wait and reuse it
            with self.lock:
                hit = self.items.get(scenario_id)
                if hit is not None and (hit.version, hit.roster_job) == key:
                    return hit
            return self._build(scenario_id, row.version, row.roster_job)

    def put(self, scenario_id: str, version: int, scenario: Scenario) -> None:
        """Index a scenario just stored (no roster yet), so the first check is fast too."""
        self._remember(Indexed(scenario_id, version, None, Enforcer(scenario)))

    def _build(self, scenario_id: str, version: int, roster_job: Optional[str]) -> Indexed:
        text = self.store.scenario_document(scenario_id, version)
        if text is None:
            raise UnknownScenario(scenario_id)
        scenario = load_scenario(text.encode("utf-8"))
        roster: Optional[Roster] = None
        if roster_job is not None:
            result = self.store.job_result(roster_job)
            roster = load_roster(result.encode("utf-8")) if result else None
        return self._remember(Indexed(scenario_id, version, roster_job, Enforcer(scenario, roster)))

    def _remember(self, item: Indexed) -> Indexed:
        with self.lock:
            self.items[item.scenario_id] = item
            self.items.move_to_end(item.scenario_id)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return item
