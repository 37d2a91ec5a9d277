"""Planning features built on the solver: negotiation options and their variants,
change sets and what-if re-plans, roster diffs, and the batch and sweep engines.

Each feature turns a planner's question into one or more scenarios, solves
them with ``solver.solve`` and checks every roster with ``rules.validate``.
"""
