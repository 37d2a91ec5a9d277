"""What the benchmarks share: a real `roster serve` on a free loopback port, and a scenario stored and solved.

    with roster_server(workdir) as url:
        sid, job, status = store_and_solve(url, path, limit=10)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

BIN = Path(sys.executable).with_name("roster")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def roster_server(workdir: Path, db_name: str = "bench.db") -> Iterator[str]:
    """`roster serve` without an API key on a SQLite file in ``workdir``; yields its URL once /health answers,
    and stops it after (killed if it does not stop in 30 s)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "ROSTER_API_KEY"}
    server = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--db", f"sqlite:///{workdir / db_name}",
                               "--log-level", "warning"], env=env, cwd=workdir,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("roster serve did not answer /health")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def store(url: str, path: Path) -> str:
    """Store the scenario file; its id."""
    answer = httpx.post(f"{url}/scenarios", content=path.read_bytes(), headers={"content-type": "application/json"},
                        timeout=60)
    answer.raise_for_status()
    return answer.json()["id"]


def solve(url: str, sid: str, limit: float) -> tuple[str, str]:
    """Solve a stored scenario and wait for the job to finish; (job id, its last status)."""
    with httpx.Client(base_url=url, timeout=60) as c:
        answer = c.post(f"/scenarios/{sid}/solve", json={"time_limit_s": limit})
        answer.raise_for_status()
        job_id = answer.json()["id"]
        deadline = time.monotonic() + limit + 120
        while (status := c.get(f"/jobs/{job_id}").json()["status"]) in ("queued", "running"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"job {job_id} still {status} after {limit + 120:g} s")
            time.sleep(0.05)
    return job_id, status


def store_and_solve(url: str, path: Path, limit: float) -> tuple[str, str, str]:
    sid = store(url, path)
    return (sid, *solve(url, sid, limit))
