"""Category and brand relations of a scenario, as networkx graphs.

- the category forest is a directed graph parent -> child;
- adjacency is an undirected graph over categories as declared;
- competition is an undirected graph over brands (symmetric, not transitive).

``overlap``, ``adjacent`` and ``competes`` are the spec's definitions; the
level rule ``covers`` combines them.
"""

from __future__ import annotations

from functools import lru_cache

import networkx as nx

from ..models import Scenario


class Relations:
    def __init__(self, scenario: Scenario):
        self.categories = nx.DiGraph()
        self.adjacency = nx.Graph()
        self.competition = nx.Graph()
        for cat in scenario.categories:
            self.categories.add_node(cat.id)
            self.adjacency.add_node(cat.id)
        for cat in scenario.categories:
            if cat.parent is not None:
                self.categories.add_edge(cat.parent, cat.id)
            for other in cat.adjacent:
                self.adjacency.add_edge(cat.id, other)
        for brand in scenario.brands:
            self.competition.add_node(brand.id)
            for other in brand.competitors:
                self.competition.add_edge(brand.id, other)
        self._lineage = {c: frozenset(nx.ancestors(self.categories, c)) | {c} for c in self.categories}
        self._rivals = {frozenset(e) for e in self.competition.edges}
        self.overlap = lru_cache(maxsize=None)(self._overlap)
        self.adjacent = lru_cache(maxsize=None)(self._adjacent)
        self.covers = lru_cache(maxsize=None)(self._covers)

    def _overlap(self, a: str, b: str) -> bool:
        """One is the other or an ancestor of it."""
        return a in self._lineage[b] or b in self._lineage[a]

    def _adjacent(self, a: str, b: str) -> bool:
        """An ancestor-or-self of one is declared adjacent to an ancestor-or-self of the other, and no overlap."""
        if self.overlap(a, b):
            return False
        lb = self._lineage[b]
        return any(nb in lb for x in self._lineage[a] for nb in self.adjacency.neighbors(x))

    def competes(self, a: str, b: str) -> bool:
        return frozenset((a, b)) in self._rivals

    def _covers(self, level: str, brand1: str, category1: str, brand2: str, category2: str) -> bool:
        """Does a phase of ``level`` held by (brand1, category1) block (brand2, category2)?"""
        if self.competes(brand1, brand2):
            return True
        if level in ("full", "category") and self.overlap(category1, category2):
            return True
        return level == "full" and self.adjacent(category1, category2)
