"""Progress: one event type for a solve, options, what-if, why-not and batch runs.

Every long run reports ``ProgressEvent``s to one callback: the CLI draws them
on stderr, the HTTP job runner stores them on the job and streams them as
server-sent events, a batch passes them on.  A single solve fills objective,
bound and solutions as it goes (``step`` is None); a run of several parts
(the variants of an options run, the items of a batch) counts ``step`` of
``steps`` and names the part in ``phase``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Optional


@dataclass(frozen=True)
class ProgressEvent:
    objective: Optional[int] = None  # the incumbent (a solve), or the part's result (a step)
    bound: Optional[int] = None
    elapsed: float = 0.0  # seconds since the run started
    solutions: Optional[int] = None
    phase: str = ""  # a solve's phase ("value", "tie-break", ..., "done"), or the part just finished
    step: Optional[int] = None  # parts finished, of ``steps``
    steps: Optional[int] = None
    detail: Optional[str] = None  # a word on the part (a batch item's status)

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def final(self) -> bool:
        return self.phase == "done" or (self.step is not None and self.step == self.steps)


ProgressFn = Callable[[ProgressEvent], None]
