"""In-memory enforcement indexes for /check, /monitor and calendars, cached by scenario version.

Parsing a scenario with ten thousand commitments takes far longer than a
deal check may; so each scenario's ``Enforcer`` (its bookings by creator) is
built once per (version, roster of record) and reused until either changes.

Changes made through this server process (PUT, DELETE, a finished solve)
mark the entry stale at once (the store tells the cache); changes made by
another server process on the same database are noticed within
``recheck_s``, when the entry's version is read from the database again.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Optional

from ..models import Roster, Scenario, load_roster, load_scenario
from ..rules.enforce import Enforcer
from .store import Store


@dataclass(frozen=True)
class Indexed:
    scenario_id: str
    version: int
    roster_job: Optional[str]
    enforcer: Enforcer
    checked: float  # time.monotonic() of the last version check


class UnknownScenario(LookupError):
    pass


class EnforcementCache:
    def __init__(self, store: Store, size: int = 16, recheck_s: float = 1.0):
        self.store = store
        self.size = size
        self.recheck_s = recheck_s
        self.stale: set[str] = set()
        store.listeners.append(self.invalidate)
        self.items: "OrderedDict[str, Indexed]" = OrderedDict()
        self.lock = threading.Lock()
        self.building: dict[str, threading.Lock] = {}

    def invalidate(self, scenario_id: str) -> None:
        with self.lock:
            self.stale.add(scenario_id)

    def peek(self, scenario_id: str) -> Optional[Indexed]:
        """The index if it is up to date, else None (then ``get`` builds it); UnknownScenario if there is none."""
        with self.lock:
            hit = self.items.get(scenario_id)
            if hit is not None and scenario_id not in self.stale and time.monotonic() - hit.checked < self.recheck_s:
                self.items.move_to_end(scenario_id)
                return hit
            self.stale.discard(scenario_id)
        state = self.store.scenario_state(scenario_id)
        if state is None:
            raise UnknownScenario(scenario_id)
        if hit is not None and (hit.version, hit.roster_job) == state:
            return self._remember(Indexed(hit.scenario_id, hit.version, hit.roster_job, hit.enforcer,
                                          time.monotonic()))
        with self.lock:  # out of date: forget it, or the next peek (the stale mark is gone) would trust it
            if self.items.get(scenario_id) is hit:
                self.items.pop(scenario_id, None)
        return None

    def get(self, scenario_id: str) -> Indexed:
        hit = self.peek(scenario_id)
        if hit is not None:
            return hit
        with self.lock:
            build_lock = self.building.setdefault(scenario_id, threading.Lock())
        with build_lock:  # one build per scenario at a time; the others wait and reuse it
            state = self.store.scenario_state(scenario_id)
            if state is None:
                raise UnknownScenario(scenario_id)
            with self.lock:
                hit = self.items.get(scenario_id)
                if hit is not None and (hit.version, hit.roster_job) == state:
                    return hit
            return self._build(scenario_id, *state)

    def put(self, scenario_id: str, version: int, scenario: Scenario) -> None:
        """Index a scenario just stored (no roster yet), so the first check is fast too."""
        self._remember(Indexed(scenario_id, version, None, Enforcer(scenario), time.monotonic()))

    def _build(self, scenario_id: str, version: int, roster_job: Optional[str]) -> Indexed:
        text = self.store.scenario_document(scenario_id, version)
        if text is None:
            raise UnknownScenario(scenario_id)
        scenario = load_scenario(text.encode("utf-8"))
        roster: Optional[Roster] = None
        if roster_job is not None:
            result = self.store.job_result(roster_job)
            roster = load_roster(result.encode("utf-8")) if result else None
        return self._remember(Indexed(scenario_id, version, roster_job, Enforcer(scenario, roster), time.monotonic()))

    def _remember(self, item: Indexed) -> Indexed:
        with self.lock:
            self.items[item.scenario_id] = item
            self.items.move_to_end(item.scenario_id)
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return item
