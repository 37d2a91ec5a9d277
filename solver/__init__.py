"""The solver: CP-SAT and what feeds it.

``candidates`` (the eligible pairs and the days each may post on), ``model``
(the CP-SAT model, one small function per constraint family), ``greedy`` (the
starting roster), ``solve`` (the solve in its phases), ``windows`` (the search
for scenarios too large to search whole) and ``explain`` (why no roster
exists).  The rules it models live in ``rules``; every roster it returns is
checked there.
"""
