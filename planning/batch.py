"""Batch planning runs: many scenarios solved in parallel, one summary.

The flow is

    discover_inputs(paths)  ->  [BatchItem]          files, folders, globs; read and checked here
    run_batch(items, outdir) -> [BatchRow]           cache check, solve elsewhere, write, summarise

Each scenario is solved by :func:`solve_payload` in another process (a local
``ProcessPoolExecutor``) or on a Dask cluster.  It receives the scenario as a
plain JSON document (a CP-SAT model cannot be pickled), solves and validates
there, and sends back the roster document; this process writes every file,
so Dask workers need no shared file system.

A result is reused when ``OUTDIR/<name>.roster.json`` carries the same
*result key*: a hash of the canonical scenario document and of the settings
that change the answer (time limit, seed, CP-SAT workers per solve, package
version).  ``summary.csv`` and ``summary.json`` are rewritten atomically after
every finished scenario, so an interrupted batch leaves a consistent summary
and resumes where it stopped.
"""

from __future__ import annotations

import asyncio
import csv
import glob
import hashlib
import io
import json
import multiprocessing
import os
import socket
import time
import uuid
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Optional
from urllib.parse import urlsplit

from .. import __version__, run_rules
from ..models import (
    DocumentError,
    Scenario,
    dump_json,
    load_roster,
    load_scenario,
    scenario_from_data,
)
from ..models.io import read_source
from ..models.progress import ProgressEvent, ProgressFn

SCENARIO_SUFFIXES = (".json", ".yaml", ".yml")
# Files a folder or glob may hold next to scenarios that are not scenarios.
NOT_SCENARIO_SUFFIXES = (".roster.json", ".expected.json")
NAME_MAX = 255  # bytes in one file name on the usual file systems (ext4, xfs, btrfs, APFS, NTFS in UTF-16 units)
NOT_SCENARIO_NAMES = ("summary.json",)

SOLVED_STATUSES = ("optimal", "feasible", "infeasible")  # infeasible is an answer too

SUMMARY_COLUMNS = [
    "scenario", "name", "status", "objective", "bound", "gap", "fees", "staffed", "campaigns",
    "wall_seconds", "error", "cached", "roster",
]


class BatchError(RuntimeError):
    """The batch cannot run at all (no Dask, scheduler unreachable); not one scenario's failure."""


@dataclass
class BatchItem:
    """A scenario to solve, or why it could not be read."""

    name: str                        # output name: OUTDIR/<name>.roster.json
    source: str                      # where it came from (the input path); the summary's `scenario`
    document: Optional[dict]         # the scenario/1 document, None when unreadable
    error: Optional[str] = None      # why it could not be read
    labels: dict[str, Any] = field(default_factory=dict)  # extra summary columns (a sweep's varied values)


@dataclass
class BatchRow:
    """One line of the summary."""

    scenario: str
    name: str
    status: str                      # optimal | feasible | infeasible | unknown | error
    objective: Optional[int] = None
    bound: Optional[int] = None
    gap: Optional[float] = None
    fees: Optional[int] = None
    staffed: Optional[int] = None    # campaigns staffed
    campaigns: Optional[int] = None  # campaigns in the scenario
    wall_seconds: Optional[float] = None
    error: Optional[str] = None
    cached: bool = False
    roster: Optional[str] = None     # path of the roster written
    labels: dict[str, Any] = field(default_factory=dict)

    @property
    def solved(self) -> bool:
        return self.error is None and self.status in SOLVED_STATUSES

    def as_dict(self) -> dict[str, Any]:
        out = {column: getattr(self, column) for column in SUMMARY_COLUMNS}
        out.update(self.labels)
        return out


def row_detail(row: BatchRow) -> str:
    """A finished item in a word: its status, and whether it failed or came from the cache."""
    if row.error:
        return "error" if row.status == "error" else f"{row.status} (error)"
    return f"{row.status}{' (cached)' if row.cached else ''}"


# --------------------------------------------------------------------------- discovery

def discover_inputs(inputs: Iterable[str]) -> list[BatchItem]:
    """Expand files, folders (not recursive) and globs into items, each read and checked.

    A file named explicitly is always an input.  From a folder or a glob, only
    ``.json``/``.yaml``/``.yml`` files are taken, minus what is recognisably
    something else: ``*.roster.json``, ``*.expected.json``, ``summary.json``
    and documents whose ``format`` names another document type.  A path that
    does not exist, or a folder/glob with no scenario in it, becomes an item
    with an error, so it shows in the summary.
    """
    items: list[BatchItem] = []
    seen: set[Path] = set()
    names: dict[str, str] = {}

    def add(path: Path, explicit: bool) -> bool:
        resolved = path.resolve()
        if resolved in seen:
            return True
        item = _read_item(path, explicit)
        if item is None:
            return False
        seen.add(resolved)
        if item.name in names and item.error is None:
            item.document = None
            item.error = (f"another input has the same file name ({names[item.name]}); "
                          f"both would write {item.name}.roster.json")
        names.setdefault(item.name, item.source)
        items.append(item)
        return True

    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            found = [add(child, False) for child in sorted(path.iterdir()) if _candidate_file(child)]
            if not any(found):
                items.append(BatchItem(path.name or raw, raw, None, "no scenario files in this folder"))
        elif path.is_file():
            add(path, True)
        elif glob.has_magic(raw):
            matches = [Path(m) for m in sorted(glob.glob(raw, recursive=True))]
            found = [add(m, False) for m in matches if _candidate_file(m)]
            if not any(found):
                items.append(BatchItem(raw, raw, None, "no scenario file matches this pattern"))
        else:
            items.append(BatchItem(path.stem or raw, raw, None, "file not found"))
    return items


def _candidate_file(path: Path) -> bool:
    name = path.name.lower()
    return (path.is_file() and name.endswith(SCENARIO_SUFFIXES)
            and not name.endswith(NOT_SCENARIO_SUFFIXES) and name not in NOT_SCENARIO_NAMES
            and not name.startswith("."))


def _read_item(path: Path, explicit: bool) -> Optional[BatchItem]:
    """Read one file; None when a folder/glob file turns out to be another kind of document."""
    source = str(path)
    try:
        data = read_source(path, "scenario")
        fmt = data.get("format") if isinstance(data, dict) else None
        if not explicit and isinstance(fmt, str) and fmt != "scenario/1":
            return None
        scenario = scenario_from_data(data)
    except DocumentError as exc:
        return BatchItem(path.stem, source, None, describe_document_error(exc))
    return BatchItem(path.stem, source, scenario.to_document())


def describe_document_error(exc: DocumentError, shown: int = 3) -> str:
    """One line: the first few field-path problems, and how many more there are."""
    text = f"invalid {exc.document}: " + "; ".join(str(issue) for issue in exc.issues[:shown])
    more = len(exc.issues) - shown
    return text + (f" (and {more} more)" if more > 0 else "")


# --------------------------------------------------------------------------- result keys

def solve_settings(scenario: Scenario, time_limit_s: Optional[float], solver_workers: int) -> dict[str, Any]:
    """The settings that change a solve's answer, with the scenario's own defaults filled in."""
    effective = scenario.effective_settings
    limit = float(time_limit_s) if time_limit_s is not None else float(effective.time_limit_s)
    return {"time_limit_s": limit, "seed": int(effective.seed), "workers": int(solver_workers),
            "version": __version__}


def canonical_json(scenario: Scenario) -> str:
    """The scenario with every default filled in and keys sorted: equal meaning, equal text."""
    data = scenario.model_dump(mode="json", by_alias=True)
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def result_key(scenario: Scenario, settings: dict[str, Any]) -> str:
    text = canonical_json(scenario) + "\n" + json.dumps(settings, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------- the worker side

def solve_payload(payload: dict) -> dict:
    """Solve one scenario document and validate the roster (runs in a worker process).

    Never raises for a problem with this scenario: the outcome carries the
    error instead, so one scenario cannot stop the batch.  A crash of the
    process itself is caught by the executor.
    """
    started = time.monotonic()
    outcome: dict[str, Any] = {"roster": None, "violations": [], "error": None}
    try:
        from ..rules.validate import validate
        from ..solver.solve import SolveParams, solve_scenario

        scenario = load_scenario(payload["document"])
        # validated below, so that a violation is reported, not raised
        options = SolveParams(time_limit_s=payload["time_limit_s"], workers=payload["workers"],
                               seed=payload["seed"], validate=False, started_at=started)  # parsing counts
        roster = solve_scenario(scenario, options)
        outcome["roster"] = roster.to_document()
        outcome["violations"] = [str(v) for v in validate(scenario, roster)]
    except DocumentError as exc:
        outcome["error"] = describe_document_error(exc)
    except Exception as exc:  # noqa: BLE001 - reported in the summary row
        outcome["error"] = f"{type(exc).__name__}: {exc}"
    outcome["wall_seconds"] = round(time.monotonic() - started, 3)
    return outcome


# --------------------------------------------------------------------------- executors

TaskFn = Callable[[dict], dict]
DoneFn = Callable[[dict, Any], None]  # (payload, outcome dict or the exception that replaced it)


def _pool_context():
    """forkserver where there is one (cheap, clean children), spawn elsewhere; never plain fork,
    which would copy OR-Tools' threads and locks."""
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__, "creator_roster.solver.solve"])
        return ctx
    return multiprocessing.get_context("spawn")


def start_local_workers() -> None:
    """Start the fork server now, so that its imports (OR-Tools, the solver) overlap with reading the inputs
    instead of delaying the first solve; a no-op where there is no fork server."""
    ctx = _pool_context()
    if ctx.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


class WorkerCrashed(RuntimeError):
    pass


def _pool(size: int, ctx) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=size, mp_context=ctx, initializer=_watch_batch, initargs=(os.getpid(),))


def _watch_batch(batch_pid: int) -> None:
    """In each pool worker: end when the batch process is gone (killed with SIGKILL, say), so no solve
    runs on as an orphan.  The worker's parent is the fork server, not the batch, so the batch is watched."""
    import threading

    def watch() -> None:
        while True:
            time.sleep(1.0)
            try:
                os.kill(batch_pid, 0)
            except ProcessLookupError:
                os._exit(3)
            except PermissionError:  # the pid was reused by another user's process: the batch is gone
                os._exit(3)

    threading.Thread(target=watch, name="watch-batch", daemon=True).start()


def run_local(payloads: list[dict], workers: int, task_fn: TaskFn, on_done: DoneFn) -> None:
    """Run payloads on a local process pool, at most ``workers`` at a time.

    When a worker process dies, the pool breaks and every task in flight
    fails with it, the guilty one and the innocent.  Those tasks are run
    again, each in a pool of its own: one that breaks its own pool is
    recorded as crashed; the others just get solved.
    """
    ctx = _pool_context()
    queue = deque(payloads)
    isolate: deque[dict] = deque()
    shared: Optional[ProcessPoolExecutor] = None
    in_flight: dict = {}  # future -> (payload, executor, isolated)
    try:
        while queue or isolate or in_flight:
            while len(in_flight) < workers and (queue or isolate):
                if isolate:
                    payload = isolate.popleft()
                    executor = _pool(1, ctx)  # one task, alone
                    in_flight[executor.submit(task_fn, payload)] = (payload, executor, True)
                else:
                    if shared is None:
                        shared = _pool(workers, ctx)
                    payload = queue.popleft()
                    in_flight[shared.submit(task_fn, payload)] = (payload, shared, False)
            done, _ = wait(list(in_flight), return_when=FIRST_COMPLETED)
            for future in done:
                payload, executor, isolated = in_flight.pop(future)
                try:
                    outcome: Any = future.result()
                except BrokenProcessPool:
                    if not isolated:
                        if executor is shared:
                            shared = None
                            executor.shutdown(wait=False)
                        isolate.append(payload)
                        continue
                    outcome = WorkerCrashed("the worker process solving it died (crashed or was killed)")
                except Exception as exc:  # noqa: BLE001 - e.g. an unpicklable result
                    outcome = exc
                if isolated:
                    executor.shutdown(wait=False)
                on_done(payload, outcome)
        if shared is not None:
            shared.shutdown(wait=True)  # all done: let the worker processes exit cleanly
            shared = None
    finally:  # only reached with work left on an interrupt or an error: stop now, not after the solves
        for _, executor, _ in in_flight.values():
            _stop_now(executor)
        if shared is not None:
            _stop_now(shared)


def _stop_now(executor: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the worker processes that are solving.

    ``shutdown`` alone would let every running solve go on to its time limit
    (and the interpreter waits for them at exit); Python 3.11 has no public
    way to end them, hence the executor's own process table.
    """
    processes = list((getattr(executor, "_processes", None) or {}).values())
    executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()


SCHEDULER_SCHEMES = ("tcp", "tls")
SCHEDULER_PROBE_S = 3.0


def _check_scheduler(address: str) -> None:
    """Before any work: Dask is installed, and the address is one and answers."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise BatchError("--scheduler needs Dask distributed, an optional extra: "
                         "pip install 'creator-roster[dask]'") from None
    _probe_scheduler(address)


def _probe_scheduler(address: str) -> None:
    """Fail within seconds, in one line, on an address that is malformed or where no Dask scheduler answers.

    Dask's client would retry for its whole timeout and can then hang in
    ``close``, or read another service's answer as a frame of exabytes; one
    bounded "identity" request says at once what is there.
    """
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in SCHEDULER_SCHEMES or not parts.hostname or port is None or parts.path not in ("", "/"):
        raise BatchError(f"--scheduler {address!r} is not a scheduler address; write it like tcp://host:8786")
    try:
        socket.create_connection((parts.hostname, port), timeout=SCHEDULER_PROBE_S).close()
    except OSError as exc:
        reason = "no answer" if isinstance(exc, TimeoutError) else (exc.strerror or str(exc))
        raise BatchError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    try:
        identity = asyncio.run(asyncio.wait_for(_identity(parts.geturl()), SCHEDULER_PROBE_S * 2))
    except Exception:  # noqa: BLE001 - whatever answered, it is not a scheduler we can use
        identity = None
    if not isinstance(identity, dict) or identity.get("type") != "Scheduler":
        raise BatchError(f"something answers at {address}, but not a Dask scheduler")


async def _identity(address: str):
    from distributed.comm import connect

    comm = await connect(address, timeout=SCHEDULER_PROBE_S)
    try:
        await comm.write({"op": "identity", "reply": True})
        return await comm.read()
    finally:
        comm.abort()


def run_dask(payloads: list[dict], address: str, task_fn: TaskFn, on_done: DoneFn) -> None:
    """Run payloads on a Dask distributed cluster through its futures API."""
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise BatchError("--scheduler needs Dask distributed, an optional extra: "
                         "pip install 'creator-roster[dask]'") from None
    try:
        client = Client(address, timeout="10s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    with client:
        futures = {}
        for payload in payloads:
            key = f"roster-solve-{payload['name']}-{uuid.uuid4().hex[:8]}"
            futures[client.submit(task_fn, payload, key=key, pure=False)] = payload
        try:
            for future in as_completed(futures, loop=client.loop):
                try:
                    outcome: Any = future.result()
                except Exception as exc:  # noqa: BLE001 - e.g. KilledWorker after repeated crashes
                    outcome = exc
                on_done(futures[future], outcome)
        finally:
            client.cancel([f for f in futures if not f.done()])


# --------------------------------------------------------------------------- the batch

def run_batch(items: list[BatchItem], outdir: Path, *, workers: int = run_rules.BATCH_PROCESSES, scheduler: Optional[str] = None,
              time_limit_s: Optional[float] = None, progress: Optional[ProgressFn] = None,
              solver_workers: int = run_rules.BATCH_SOLVE_WORKERS, task_fn: TaskFn = solve_payload) -> list[BatchRow]:
    """Solve every item, write rosters and the summary to ``outdir``; rows in input order.

    ``scheduler`` is a Dask scheduler address (``tcp://host:8786``); None runs
    on a local pool of ``workers`` processes.  ``task_fn`` exists for tests
    (a worker that crashes); it must be a picklable module-level function.
    """
    if workers < 1:
        raise ValueError("workers must be at least 1")
    if scheduler is not None:
        _check_scheduler(scheduler)
    outdir = Path(outdir)
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"cannot use {outdir} as the output folder: {exc.strerror or exc}") from None
    summary = _Summary(outdir, items)
    total = len(items)
    rows: dict[int, BatchRow] = {}

    started = time.monotonic()

    def finish(position: int, row: BatchRow, write: bool = True) -> None:
        rows[position] = row
        summary.add(position, row, write=write)
        if progress is not None:
            progress(ProgressEvent(row.objective, None, time.monotonic() - started, phase=row.name,
                                   step=len(rows), steps=total, detail=row_detail(row)))

    payloads: list[dict] = []
    owners: dict[str, str] = {}
    for position, item in enumerate(items):
        clash = _name_problem(item, owners)
        row_or_payload = (BatchRow(item.source, item.name, "error", error=clash, labels=dict(item.labels)) if clash
                          else _prepare(item, outdir, time_limit_s, solver_workers))
        if isinstance(row_or_payload, BatchRow):
            finish(position, row_or_payload, write=False)  # written once below, not once per row
        else:
            row_or_payload["position"] = position
            payloads.append(row_or_payload)
    summary.write()

    def on_done(payload: dict, outcome: Any) -> None:
        item = items[payload["position"]]
        finish(payload["position"], _record(item, payload, outcome, outdir))

    if payloads:
        if scheduler:
            run_dask(payloads, scheduler, task_fn, on_done)
        else:
            run_local(payloads, workers, task_fn, on_done)
    return [rows[position] for position in sorted(rows)]


def batch_exit_code(rows: list[BatchRow]) -> int:
    """0 when every input was solved (optimal, feasible or infeasible), 1 otherwise."""
    return 0 if all(row.solved for row in rows) else 1


def roster_path(outdir: Path, name: str) -> Path:
    return Path(outdir) / f"{name}.roster.json"


def _name_problem(item: BatchItem, owners: dict[str, str]) -> Optional[str]:
    """Why this item's name cannot be its output file name (unsafe, or already taken), or None."""
    name = item.name
    if not name or name in (".", "..") or "/" in name or "\\" in name or name.startswith("."):
        return f"{name!r} cannot be an output file name"
    output = f"{name}.roster.json"
    if len(output.encode("utf-8", "surrogateescape")) > NAME_MAX:
        return (f"the output file name {output[:40]}... would be {len(output.encode('utf-8', 'surrogateescape'))} "
                f"bytes, more than a file system allows ({NAME_MAX}); rename the input")
    if name in owners and owners[name] != item.source:
        return f"another input has the same name ({owners[name]}); both would write {name}.roster.json"
    owners.setdefault(name, item.source)
    return None


def _prepare(item: BatchItem, outdir: Path, time_limit_s: Optional[float], solver_workers: int):
    """A finished row (bad input, or a result that is up to date) or the payload to solve."""
    if item.error is not None or item.document is None:
        return BatchRow(item.source, item.name, "error", error=item.error or "no scenario document",
                        labels=dict(item.labels))
    try:
        scenario = scenario_from_data(item.document)
    except DocumentError as exc:
        return BatchRow(item.source, item.name, "error", error=describe_document_error(exc),
                        labels=dict(item.labels))
    settings = solve_settings(scenario, time_limit_s, solver_workers)
    key = result_key(scenario, settings)
    cached = _cached_row(item, key, outdir)
    if cached is not None:
        return cached
    return {"name": item.name, "document": item.document, "key": key, "settings": settings,
            "time_limit_s": settings["time_limit_s"], "seed": settings["seed"], "workers": settings["workers"]}


def _cached_row(item: BatchItem, key: str, outdir: Path) -> Optional[BatchRow]:
    path = roster_path(outdir, item.name)
    if not path.is_file():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        load_roster(document)  # a well-formed roster/1, not just any JSON
    except (OSError, ValueError, DocumentError):
        return None
    mark = document.get("stats", {}).get("batch")
    if not isinstance(mark, dict) or mark.get("key") != key or not mark.get("valid"):
        return None
    if document.get("status") not in SOLVED_STATUSES:
        return None
    row = _row_from_roster(item, document, path)
    row.wall_seconds = mark.get("wall_seconds", row.wall_seconds)
    row.cached = True
    return row


def _record(item: BatchItem, payload: dict, outcome: Any, outdir: Path) -> BatchRow:
    """Write the roster a worker sent back and turn the outcome into a summary row."""
    if isinstance(outcome, BaseException):
        return BatchRow(item.source, item.name, "error", error=f"{type(outcome).__name__}: {outcome}",
                        labels=dict(item.labels))
    document = outcome.get("roster")
    if document is None:
        return BatchRow(item.source, item.name, "error", error=outcome.get("error") or "no roster returned",
                        wall_seconds=outcome.get("wall_seconds"), labels=dict(item.labels))
    violations = list(outcome.get("violations") or [])
    stats = document.setdefault("stats", {})
    stats["batch"] = {"key": payload["key"], "settings": payload["settings"], "valid": not violations,
                      "wall_seconds": outcome.get("wall_seconds")}
    path = roster_path(outdir, item.name)
    _write_text_atomic(path, dump_json(document))
    row = _row_from_roster(item, document, path)
    row.wall_seconds = outcome.get("wall_seconds")
    if violations:
        row.error = f"invalid roster ({len(violations)} violation(s)): " + "; ".join(violations[:3])
    elif row.status == "unknown":
        row.error = "no roster found within the time limit"
    return row


def _row_from_roster(item: BatchItem, document: dict, path: Path) -> BatchRow:
    objective, bound = document.get("objective"), document.get("bound")
    gap = None
    if objective is not None and bound is not None:
        gap = round((bound - objective) / bound, 6) if bound else 0.0
    campaigns = document.get("campaigns") or []
    fees = sum(a.get("fee", 0) for a in document.get("assignments") or [])
    return BatchRow(item.source, item.name, document.get("status", "unknown"), objective=objective, bound=bound,
                    gap=gap, fees=fees, staffed=sum(1 for c in campaigns if c.get("staffed")),
                    campaigns=len(campaigns), wall_seconds=(document.get("stats") or {}).get("wall_seconds"),
                    roster=str(path), labels=dict(item.labels))


# --------------------------------------------------------------------------- the summary

class _Summary:
    """summary.csv and summary.json, rewritten whole after every finished scenario."""

    def __init__(self, outdir: Path, items: list[BatchItem]):
        self.outdir = outdir
        self.rows: dict[int, BatchRow] = {}
        label_columns: list[str] = []
        for item in items:
            label_columns += [k for k in item.labels if k not in label_columns]
        self.columns = SUMMARY_COLUMNS + [c for c in label_columns if c not in SUMMARY_COLUMNS]

    def add(self, position: int, row: BatchRow, write: bool = True) -> None:
        self.rows[position] = row
        if write:
            self.write()

    def write(self) -> None:
        records = [self.rows[p].as_dict() for p in sorted(self.rows)]
        _write_text_atomic(self.outdir / "summary.json", dump_json(records))
        _write_text_atomic(self.outdir / "summary.csv", summary_csv(records, self.columns))


def summary_csv(records: list[dict], columns: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for record in records:
        writer.writerow([_csv_cell(record.get(column)) for column in columns])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    return dump_json(value, indent=None).strip()


def _write_text_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


__all__ = [
    "BatchError", "BatchItem", "BatchRow", "SUMMARY_COLUMNS", "batch_exit_code", "discover_inputs",
    "result_key", "roster_path", "run_batch", "solve_payload", "solve_settings",
]
