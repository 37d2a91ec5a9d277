"""Running solves, options, what-ifs, why-nots and batches in worker processes.

A CP-SAT model cannot be pickled, so a worker receives the scenario's JSON
text and rebuilds everything itself.  Workers talk back through one
multiprocessing queue: progress (incumbent objective, bound, elapsed), then
the result document or the reason it failed.  One supervisor thread in the
server starts workers (at most ``job_concurrency`` at a time), writes what
they report to the store, stops workers that overrun their time limit, and
notices a worker that died without a word.

The store is the truth: a job is queued, running, done, failed or
cancelled there, and its result is saved in the same transaction that marks
it done.  Several server processes may share one database (see
``api.store``): each claims queued jobs under its own name with a lease it
renews while the job runs.  A server that stops gives its jobs back; the
jobs of one that died are taken up once their leases are over.  Either way
they are queued again or failed, by setting (``restart_policy``).
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing as mp
import os
import queue as queue_mod
import socket
import threading
import time
import traceback
import uuid
from dataclasses import dataclass
from typing import Any, Optional

from .. import run_rules
from ..models.progress import ProgressEvent
from .settings import ServerSettings
from .store import Store, now

log = logging.getLogger("creator_roster.jobs")


# --- in the worker process -----------------------------------------------------------

def _progress_sender(out, job_id: str):
    """The progress callback of every job kind: each ``ProgressEvent`` becomes the job's progress."""
    last = [0.0]

    def send(event: ProgressEvent) -> None:
        data = {"objective": event.objective, "bound": event.bound, "elapsed": round(event.elapsed, 3),
                "solutions": event.solutions, "phase": event.phase, "done": event.step, "total": event.steps}
        stamp = time.monotonic()
        if event.final or stamp - last[0] >= 0.05:  # at most ~20 updates a second
            last[0] = stamp
            out.put(("progress", job_id, data))

    return send


def _watch_parent() -> None:
    """End this worker if the server dies without stopping it (no orphan keeps solving)."""
    import os

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(3)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def run_job(job_id: str, kind: str, scenario_text: Optional[str], params: dict, extra: dict, out) -> None:
    """Entry point of a worker process: do the job, report the result document as JSON text."""
    _watch_parent()
    try:
        from ..models import DocumentError, dump_json

        progress = _progress_sender(out, job_id)
        try:
            document = _do(kind, scenario_text, params, extra, progress)
        except DocumentError as exc:
            out.put(("failed", job_id, exc.summary()))
            return
        out.put(("done", job_id, dump_json(document, indent=None)))
    except BaseException as exc:  # noqa: BLE001 - the reason goes to the job, not a traceback to nobody
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        out.put(("failed", job_id, f"internal error in the worker: {detail}"))


def _scenario(text: str):
    from ..models import load_scenario

    return load_scenario(text.encode("utf-8"))


def _do(kind: str, scenario_text: Optional[str], params: dict, extra: dict, progress) -> Any:
    limit = params.get("time_limit_s")
    workers = params.get("workers")
    if kind == "solve":
        from ..solver.solve import SolveParams, solve_scenario

        options = SolveParams(time_limit_s=limit, workers=workers, seed=params.get("seed"),
                              started_at=time.monotonic())  # reading the scenario counts against the limit
        return solve_scenario(_scenario(scenario_text), options, progress=progress)
    if kind == "options":
        from ..models.options import load_variants
        from ..planning.options import build_options

        return build_options(_scenario(scenario_text), params["campaign"], params.get("creator"),
                             time_limit_s=limit, workers=workers, progress=progress,
                             perspective=params.get("perspective", "brand"),
                             variants=load_variants(params.get("variants") or {}))
    if kind == "what-if":
        from ..models import load_roster
        from ..models.changes import load_changes
        from ..planning.whatif import run_whatif

        scenario = _scenario(scenario_text)
        changes = load_changes(params["changes"])
        baseline = load_roster(extra["baseline"].encode("utf-8")) if extra.get("baseline") else None
        weight = params.get("stability_weight")  # run_whatif takes the weight; it builds Stability itself
        return run_whatif(scenario, changes, baseline=baseline, stability=float(weight) if weight is not None else None,
                          time_limit_s=limit, workers=workers,
                          progress=progress)
    if kind == "why":
        from ..models import load_roster
        from ..planning.why import why_not

        baseline = load_roster(extra["baseline"].encode("utf-8")) if extra.get("baseline") else None
        return why_not(_scenario(scenario_text), params["campaign"], params["creator"], baseline=baseline,
                       time_limit_s=limit, workers=workers, progress=progress)
    if kind == "batch":
        return _batch(extra["scenarios"], extra["outdir"], limit, workers, progress)
    raise ValueError(f"unknown job kind {kind!r}")


def _batch(scenarios: list, outdir: str, limit: Optional[float], workers: Optional[int], progress) -> dict:
    """Stored scenarios through the batch runner (one process at a time; this job is the unit of concurrency)."""
    from ..models import parse_text
    from ..planning.batch import BatchItem, run_batch

    items = [BatchItem(name=f"{sid}-v{version}", source=f"/scenarios/{sid}?version={version}",
                       document=parse_text(text) if text is not None else None,
                       error=None if text is not None else "the stored scenario version is gone")
             for sid, version, text in scenarios]
    rows = run_batch(items, outdir, workers=run_rules.BATCH_PROCESSES, time_limit_s=limit, progress=progress,
                     solver_workers=workers or run_rules.BATCH_SOLVE_WORKERS)
    return {"format": "batch-result/1", "outdir": str(outdir),
            "rows": [dataclasses.asdict(r) for r in rows]}


# --- in the server -----------------------------------------------------------------------

@dataclass
class Running:
    process: Any
    deadline: Optional[float]
    reported: bool = False


class JobRunner:
    """Starts queued jobs in worker processes and records what they report."""

    def __init__(self, store: Store, settings: ServerSettings, prepare=None):
        self.store = store
        self.settings = settings
        self.prepare = prepare  # job row -> (scenario_text, extra): what the worker needs
        self.ctx = mp.get_context("spawn")
        self.queue = None  # made at start(); the app's lifespan may start and stop the runner more than once
        self.running: dict[str, Running] = {}
        self.lock = threading.Lock()
        self.wake = threading.Event()
        self.stopping = threading.Event()
        self.thread: Optional[threading.Thread] = None
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"  # this process, in the store
        self.renewed = 0.0  # when the leases were last renewed (monotonic)

    # --- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        self.stopping.clear()
        self.queue = self.ctx.Queue()
        self.take_up_expired()
        self.thread = threading.Thread(target=self._loop, name="roster-jobs", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop the supervisor and the workers, and give their jobs back (queued again, or failed, by policy)."""
        self.stopping.set()
        self.wake.set()
        if self.thread is not None:
            self.thread.join(timeout=10)
        with self.lock:
            for job_id, run in self.running.items():
                if run.process.is_alive():
                    run.process.terminate()
                run.process.join(timeout=5)
                self._give_back(job_id)
            self.running.clear()
        if self.queue is None:  # never started
            return
        self.queue.close()
        self.queue.join_thread()
        self.queue = None  # its semaphores are released now, not reported as leaked at exit
        import gc

        gc.collect()

    def _give_back(self, job_id: str) -> None:
        job = self.store.get_job(job_id)
        if job is None or job.status != "running" or job.owner != self.owner:
            return
        if self._may_rerun(job):
            self.store.requeue_job(job_id, f"interrupted: its server stopped (attempt {job.attempts}); queued again "
                                           f"at {now():%Y-%m-%d %H:%M:%S} UTC", owner=self.owner)
        else:
            self.store.finish_job(job_id, "failed", error=self._why_failed(job, "its server stopped"), owner=self.owner)

    def _may_rerun(self, job) -> bool:
        return self.settings.restart_policy == "rerun" and job.attempts < self.settings.max_attempts

    def _why_failed(self, job, what: str) -> str:
        if self.settings.restart_policy == "rerun":
            return f"{what} while the job was running ({job.attempts} attempts)"
        return f"{what} while the job was running (restart policy: fail)"

    def take_up_expired(self) -> None:
        """Running jobs whose server stopped renewing its lease (it died, or lost the database): re-run or fail."""
        for job in self.store.expired_jobs():
            if self._may_rerun(job):
                note = (f"interrupted: its server ({job.owner or 'unknown'}) stopped renewing its claim "
                        f"(attempt {job.attempts}); queued again at {now():%Y-%m-%d %H:%M:%S} UTC")
                if self.store.requeue_job(job.id, note, expired_only=True):
                    log.warning("job %s: its server stopped renewing the lease; queued again", job.id)
            elif self.store.finish_job(job.id, "failed", error=self._why_failed(job, "its server stopped"),
                                       expired_only=True):
                log.warning("job %s: its server stopped renewing the lease; marked failed", job.id)

    def _renew(self) -> None:
        """Keep this process's claims; a job it no longer holds (cancelled, or taken up elsewhere) is stopped."""
        if time.monotonic() - self.renewed < run_rules.LEASE_RENEW_S:
            return
        self.renewed = time.monotonic()
        with self.lock:
            ids = list(self.running)
        held = self.store.renew_leases(self.owner, ids, self.settings.job_lease_s)
        for job_id in ids:
            if job_id in held:
                continue
            with self.lock:
                run = self.running.pop(job_id, None)
            if run is not None:
                log.warning("job %s is no longer this server's (cancelled, or its lease ran out): stopped", job_id)
                run.process.terminate()
                run.process.join(timeout=5)
        self.take_up_expired()

    def submit(self) -> None:
        self.wake.set()

    def cancel(self, job_id: str) -> bool:
        """Cancel a queued or running job; False when it has already finished."""
        if not self.store.finish_job(job_id, "cancelled", error=None):
            return False
        with self.lock:  # marked first, so nothing the worker says afterwards can overwrite it
            run = self.running.pop(job_id, None)
        if run is not None:
            run.process.terminate()
            run.process.join(timeout=5)
        self.wake.set()
        return True

    # --- the supervisor -------------------------------------------------------------------

    def _loop(self) -> None:
        while not self.stopping.is_set():
            try:
                self._drain(timeout=0.1)
                self._reap()
                self._renew()
                self._launch()
            except Exception:  # noqa: BLE001 - keep supervising; the store may be briefly busy
                log.exception("job supervisor error")
                time.sleep(0.5)
            if self.wake.wait(0.05):
                self.wake.clear()

    def _drain(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            try:
                message = self.queue.get(timeout=max(left, 0)) if left > 0 else self.queue.get_nowait()
            except (queue_mod.Empty, OSError, ValueError):
                return
            self._handle(*message)

    def _handle(self, kind: str, job_id: str, payload) -> None:
        if kind == "progress":
            self.store.set_progress(job_id, payload, owner=self.owner)
            return
        with self.lock:
            run = self.running.get(job_id)
            if run is not None:
                run.reported = True
        if kind == "done":
            self.store.finish_job(job_id, "done", result=payload, owner=self.owner)
        else:
            self.store.finish_job(job_id, "failed", error=str(payload), owner=self.owner)

    def _reap(self) -> None:
        with self.lock:
            items = list(self.running.items())
        for job_id, run in items:
            overdue = run.deadline is not None and time.monotonic() > run.deadline
            if run.process.is_alive() and not overdue:
                continue
            with self.lock:
                if self.running.get(job_id) is not run:  # cancelled meanwhile
                    continue
            if overdue and run.process.is_alive():
                run.process.terminate()
                run.process.join(timeout=5)
                self.store.finish_job(job_id, "failed", error="stopped: the job ran well past its time limit",
                                      owner=self.owner)
            else:
                run.process.join(timeout=1)
                self._drain(timeout=0.2)  # its last words may still be in the pipe
                with self.lock:
                    reported = run.reported
                if not reported:
                    self.store.finish_job(job_id, "failed", owner=self.owner,
                                          error=f"the worker process ended without a result (exit code {run.process.exitcode})")
            with self.lock:
                self.running.pop(job_id, None)
            self.wake.set()

    def _launch(self) -> None:
        with self.lock:
            free = self.settings.job_concurrency - len(self.running)
        if free <= 0:
            return
        for job in self.store.queued_jobs(free):
            if not self.store.claim_job(job.id, self.owner, self.settings.job_lease_s):
                continue  # another server process claimed it first, or it was cancelled
            try:
                scenario_text, extra = self.prepare(job) if self.prepare else (None, {})
            except Exception as exc:  # noqa: BLE001 - e.g. the baseline roster is gone
                self.store.finish_job(job.id, "failed", error=str(exc), owner=self.owner)
                continue
            process = self.ctx.Process(target=run_job, name=f"roster-job-{job.id}", daemon=False,
                                       args=(job.id, job.kind, scenario_text, job.params, extra, self.queue))
            try:
                process.start()
            except Exception as exc:  # noqa: BLE001 - e.g. out of processes
                self.store.finish_job(job.id, "failed", error=f"could not start a worker process: {exc}",
                                      owner=self.owner)
                continue
            budget = job.time_limit_s  # the job's declared budget (creator_roster.run_rules), set when queued
            deadline = time.monotonic() + budget + self.settings.job_grace_s if budget else None
            with self.lock:
                self.running[job.id] = Running(process, deadline)
            log.info("job %s (%s) started in process %s", job.id, job.kind, process.pid)
