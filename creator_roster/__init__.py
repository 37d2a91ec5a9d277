"""creator-roster: a CP-SAT campaign scheduler for influencer marketing.

The code lives in the top-level folders models/, solver/, api/ and scenarios/
of the repository; pyproject.toml installs them as the subpackages
``creator_roster.models``, ``creator_roster.solver``, ``creator_roster.api``
and ``creator_roster.scenarios`` so that nothing generic like ``models`` or
``api`` lands at the top of site-packages.
"""

__version__ = "0.1.0"
