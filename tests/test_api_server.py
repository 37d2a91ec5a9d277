"""The real server: `roster serve` in a subprocess on a free loopback port, stopped and restarted under a job."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from creator_roster.models import load_roster, load_scenario
from creator_roster.rules.validate import validate

pytestmark = pytest.mark.slow  # real server processes on loopback ports: the whole lane, not the fast one

ROOT = Path(__file__).resolve().parents[1]
MEDIUM = ROOT / "scenarios" / "medium.json"  # takes a few seconds to solve: long enough to be interrupted
ROSTER = [str(Path(sys.executable).with_name("roster"))]  # the installed entry point


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path | str, port: int, env: dict | None = None, workdir: Path | None = None):
        """``db``: a SQLite file, or any database URL (a PostgreSQL one to share it between servers)."""
        self.db, self.port, self.env = db, port, env or {}
        self.db_url = db if isinstance(db, str) else f"sqlite:///{db}"
        self.workdir = workdir or (db.parent if isinstance(db, Path) else Path.cwd())
        self.proc: subprocess.Popen | None = None
        self.url = f"http://127.0.0.1:{port}"

    def start(self) -> "Server":
        env = {k: v for k, v in os.environ.items() if k != "ROSTER_API_KEY"}
        env.update(self.env)
        self.proc = subprocess.Popen([*ROSTER, "serve", "--port", str(self.port), "--db", self.db_url,
                                      "--log-level", "warning"], env=env, cwd=self.workdir,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited: {self.proc.stdout.read()}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise AssertionError("server did not come up")

    def stop(self, sig=signal.SIGTERM) -> str:
        if self.proc is None or self.proc.poll() is not None:
            return ""
        self.proc.send_signal(sig)
        try:
            out, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return out


@pytest.fixture
def servers():
    started: list[Server] = []
    yield started
    for server in started:
        server.stop(signal.SIGKILL)


def wait_for(client: httpx.Client, job_id: str, statuses: tuple[str, ...], timeout: float = 60) -> dict:
    """Poll until the job reaches one of ``statuses``; past the deadline, fail naming every status seen."""
    deadline = time.monotonic() + timeout
    seen: list[str] = []
    while time.monotonic() < deadline:
        job = client.get(f"/jobs/{job_id}").json()
        if not seen or seen[-1] != job["status"]:
            seen.append(job["status"])
        if job["status"] in statuses:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not reach {statuses} in {timeout:g} s; statuses seen: {seen}")


def test_jobs_survive_a_server_restart(tmp_path, servers):
    port = free_port()
    server = Server(tmp_path / "roster.db", port).start()
    servers.append(server)
    with httpx.Client(base_url=server.url, timeout=10) as c:
        sid = c.post("/scenarios", content=MEDIUM.read_bytes(), headers={"content-type": "application/json"}).json()["id"]
        job_id = c.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 4, "workers": 1}).json()["id"]
        wait_for(c, job_id, ("running",))
    server.stop()  # graceful stop: the worker is ended with the server, which gives the job back to the queue

    again = Server(tmp_path / "roster.db", port).start()
    servers.append(again)
    with httpx.Client(base_url=again.url, timeout=10) as c:
        job = wait_for(c, job_id, ("done", "failed", "cancelled"))
        assert job["status"] == "done", job
        assert job["attempts"] == 2 and "its server stopped" in job["note"], job
        roster = load_roster(c.get(f"/jobs/{job_id}/result").content)
        assert roster.status in ("optimal", "feasible")
        assert validate(load_scenario(MEDIUM), roster) == []
        assert c.get(f"/scenarios/{sid}").status_code == 200  # nothing stored is lost


def test_interrupted_jobs_are_explained_when_the_policy_is_fail(tmp_path, servers):
    port = free_port()
    env = {"ROSTER_RESTART_POLICY": "fail", "ROSTER_JOB_LEASE_S": "2"}
    server = Server(tmp_path / "roster.db", port, env).start()
    servers.append(server)
    with httpx.Client(base_url=server.url, timeout=10) as c:
        sid = c.post("/scenarios", content=MEDIUM.read_bytes(), headers={"content-type": "application/json"}).json()["id"]
        job_id = c.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 4, "workers": 1}).json()["id"]
        wait_for(c, job_id, ("running",))
    server.stop(signal.SIGKILL)  # no goodbye at all

    again = Server(tmp_path / "roster.db", port, env).start()
    servers.append(again)
    with httpx.Client(base_url=again.url, timeout=10) as c:
        job = wait_for(c, job_id, ("failed", "done", "cancelled"), timeout=30)  # once the dead server's lease is over
        assert job["status"] == "failed" and "server stopped" in job["error"], job
        assert c.get(f"/jobs/{job_id}/result").status_code == 409


def test_no_api_key_means_loopback_only(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ROSTER_API_KEY"}
    done = subprocess.run([*ROSTER, "serve", "--host", "0.0.0.0", "--port", str(free_port()),
                           "--db", f"sqlite:///{tmp_path / 'r.db'}"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "loopback" in done.stderr and "--allow-remote" in done.stderr


def test_progress_streams_live_as_server_sent_events(tmp_path, servers):
    server = Server(tmp_path / "roster.db", free_port()).start()
    servers.append(server)
    with httpx.Client(base_url=server.url, timeout=30) as c:
        sid = c.post("/scenarios", content=MEDIUM.read_bytes(), headers={"content-type": "application/json"}).json()["id"]
        job_id = c.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 3, "workers": 1}).json()["id"]
        events: list[tuple[str, dict]] = []
        with c.stream("GET", f"/jobs/{job_id}/events") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            name = None
            for line in stream.iter_lines():
                if line.startswith("event:"):
                    name = line.split(":", 1)[1].strip()
                elif line.startswith("data:") and name:
                    events.append((name, json.loads(line.split(":", 1)[1])))
                    if name == "end":
                        break
    statuses = [data["status"] for name, data in events if name == "status"]
    assert statuses[0] in ("queued", "running") and statuses[-1] == "done"
    progress = [data for name, data in events if name == "progress"]
    assert progress and all(p["objective"] is None or p["objective"] <= p["bound"] for p in progress if p["bound"])
    assert events[-1][1]["progress"]["objective"] == load_roster(
        httpx.get(f"{server.url}/jobs/{job_id}/result").content).objective


# --- several servers on one PostgreSQL database ------------------------------------------------

TINY = ROOT / "tests" / "data" / "examples" / "07-prior-commitments.json"


def post_scenario(c: httpx.Client, path: Path) -> str:
    return c.post("/scenarios", content=path.read_bytes(), headers={"content-type": "application/json"}).json()["id"]


def test_two_servers_share_one_queue_and_run_each_job_once(tmp_path, servers, postgres_url):
    a = Server(postgres_url, free_port(), workdir=tmp_path).start()
    b = Server(postgres_url, free_port(), workdir=tmp_path).start()
    servers.extend([a, b])
    with httpx.Client(base_url=a.url, timeout=10) as ca, httpx.Client(base_url=b.url, timeout=10) as cb:
        sid = post_scenario(ca, TINY)
        assert cb.get(f"/scenarios/{sid}").status_code == 200  # one database behind both
        ids = [(ca if i % 2 else cb).post(f"/scenarios/{sid}/solve", json={"time_limit_s": 2, "workers": 1}).json()["id"]
               for i in range(6)]
        jobs = [wait_for(ca, job_id, ("done", "failed", "cancelled")) for job_id in ids]
    assert [job["status"] for job in jobs] == ["done"] * 6, jobs
    assert [job["attempts"] for job in jobs] == [1] * 6  # claimed once each: never run twice
    assert len({job["server"] for job in jobs}) == 2  # both servers took jobs from the one queue


def test_a_dead_servers_job_is_taken_up_by_the_other_once_its_lease_is_over(tmp_path, servers, postgres_url):
    lease = {"ROSTER_JOB_LEASE_S": "2"}
    a = Server(postgres_url, free_port(), lease, workdir=tmp_path).start()
    servers.append(a)
    with httpx.Client(base_url=a.url, timeout=10) as ca:
        sid = post_scenario(ca, MEDIUM)
        job_id = ca.post(f"/scenarios/{sid}/solve", json={"time_limit_s": 4, "workers": 1}).json()["id"]
        first = wait_for(ca, job_id, ("running",))
    b = Server(postgres_url, free_port(), lease, workdir=tmp_path).start()
    servers.append(b)
    a.stop(signal.SIGKILL)  # no goodbye: its claim just stops being renewed
    with httpx.Client(base_url=b.url, timeout=10) as cb:
        job = wait_for(cb, job_id, ("done", "failed", "cancelled"), timeout=90)
    assert job["status"] == "done", job
    assert job["attempts"] == 2 and "stopped renewing" in job["note"], job
    assert job["server"] != first["server"]
    roster = load_roster(httpx.get(f"{b.url}/jobs/{job_id}/result", timeout=10).content)
    assert validate(load_scenario(MEDIUM), roster) == []


# --- bodies: parsed off the event loop, never buffered before the key, never waited on forever ----------------

def raw_request(port: int, head: str, body: bytes = b"", timeout: float = 10) -> str:
    """Send a request by hand (so a body can be withheld) and return what the server answers."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(head.encode("latin-1") + body)
        answer = b""
        try:
            while b"\r\n\r\n" not in answer:
                chunk = s.recv(65536)
                if not chunk:
                    break
                answer += chunk
        except socket.timeout:
            return f"(no answer in {timeout:g} s) {answer.decode('latin-1')}"
        return answer.decode("latin-1")


def test_health_answers_while_a_large_scenario_is_parsed(tmp_path, servers):
    import threading

    import yaml

    from creator_roster.scenarios.generate import generate

    body = yaml.safe_dump(generate(4000, 150, 365, seed=1, commitments=800)).encode()  # seconds of YAML parsing
    server = Server(tmp_path / "roster.db", free_port()).start()
    servers.append(server)
    upload: dict = {}

    def post() -> None:
        started = time.monotonic()
        upload["status"] = httpx.post(f"{server.url}/scenarios", content=body,
                                      headers={"content-type": "application/yaml"}, timeout=120).status_code
        upload["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=post)
    thread.start()
    waits = []
    with httpx.Client(base_url=server.url, timeout=30) as c:
        while thread.is_alive():
            started = time.monotonic()
            assert c.get("/health").status_code == 200
            waits.append(time.monotonic() - started)
            time.sleep(0.05)
    thread.join()
    assert upload["status"] == 201
    assert upload["seconds"] > 1.5, upload  # the parse was long enough to have blocked /health on the loop
    assert len(waits) > 5 and max(waits) < 1.0, (max(waits), upload)  # old code: /health waited for the whole parse


def test_without_the_key_a_body_is_refused_before_it_is_sent(tmp_path, servers):
    port = free_port()
    server = Server(tmp_path / "roster.db", port, {"ROSTER_API_KEY": "k" * 24}).start()
    servers.append(server)
    head = ("POST /scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 30000000\r\n\r\n")
    answer = raw_request(port, head, timeout=5)  # not one byte of the 30 MB body is sent
    assert answer.startswith("HTTP/1.1 401"), answer


def test_a_stalled_upload_times_out(tmp_path, servers):
    port = free_port()
    server = Server(tmp_path / "roster.db", port, {"ROSTER_BODY_STALL_S": "1"}).start()
    servers.append(server)
    head = ("POST /scenarios HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: 5000\r\n\r\n")
    started = time.monotonic()
    answer = raw_request(port, head, b'{"format": "scenario/1", ', timeout=15)  # ... and then nothing
    assert answer.startswith("HTTP/1.1 408"), answer
    assert time.monotonic() - started < 10
    assert httpx.get(f"{server.url}/health", timeout=5).status_code == 200
