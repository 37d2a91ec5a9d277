"""/check latency and throughput against a scenario with 10,000 commitments, on loopback.

Generates the scenario (``scenarios.generate``), starts the real server
(``roster serve``) on a free 127.0.0.1 port with a temporary SQLite file,
stores the scenario, warms the enforcement index with one check, then loads
/check with ``wrk`` (a real HTTP load generator; Debian: ``apt-get install -y
wrk``) cycling through a few hundred varied deals, and prints the median and
p99 latency and the throughput.  ``--client httpx`` uses a bounded async
httpx client instead when wrk is not installed.

    .venv/bin/python bench/check_latency.py                 # 10 s, 4 connections
    .venv/bin/python bench/check_latency.py --duration 20 --connections 8

Bounded: loopback only, at most 60 s of load and 64 connections.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from creator_roster.scenarios.generate import generate

HOST = "127.0.0.1"
ROSTER = str(Path(sys.executable).with_name("roster"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def make_deals(scenario: dict, count: int, seed: int) -> list[dict]:
    """Deals for creators of the scenario: a brand and category its campaigns or commitments use, a few posts, a clause."""
    rng = random.Random(seed)
    start = time_day(scenario["horizon"]["start"])
    end = time_day(scenario["horizon"]["end"])
    span = (end - start).days
    pairs = sorted({(k["brand"], k["category"]) for k in scenario["campaigns"]} |
                   {(m["brand"], m["category"]) for m in scenario["commitments"]})
    busy = sorted({m["creator"] for m in scenario["commitments"]})
    deals = []
    for _ in range(count):
        creator = rng.choice(busy)
        brand, category = rng.choice(pairs)
        first = start + dt_days(rng.randrange(span - 20))
        posts = sorted({first + dt_days(rng.randrange(0, 15)) for _ in range(rng.randint(1, 3))})
        phases = [{"level": rng.choice(["full", "category", "competitors"]),
                   "start": str(posts[0] - dt_days(rng.randrange(0, 8))),
                   "end": str(posts[-1] + dt_days(rng.randrange(0, 45)))}]
        deals.append({"creator": creator, "brand": brand, "category": category,
                      "regions": rng.sample(scenario["regions"], k=min(2, len(scenario["regions"]))),
                      "platforms": scenario["platforms"][:2], "posts": [str(p) for p in posts],
                      "exclusivity": {"phases": phases}})
    return deals


def time_day(text: str):
    import datetime as dt

    return dt.date.fromisoformat(text)


def dt_days(n: int):
    import datetime as dt

    return dt.timedelta(days=n)


def start_server(db: Path, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "ROSTER_API_KEY"}
    proc = subprocess.Popen([ROSTER, "serve", "--host", HOST, "--port", str(port), "--db", f"sqlite:///{db}",
                             "--log-level", "warning"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {proc.stderr.read().decode()}")
        try:
            if httpx.get(f"http://{HOST}:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not start")


LUA = """
local bodies = {%s}
local i = 0
local errors = 0
request = function()
  i = i %% #bodies + 1
  return wrk.format("POST", "/check", {["Content-Type"] = "application/json"}, bodies[i])
end
response = function(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("NON200 %%d\\n", errors))
  io.write(string.format("P50US %%d\\nP99US %%d\\nMEANUS %%d\\n", latency:percentile(50), latency:percentile(99), latency.mean))
end
"""


def lua_string(text: str) -> str:
    return "[==[" + text + "]==]"


def run_wrk(url: str, bodies: list[str], duration: int, connections: int, workdir: Path) -> dict:
    script = workdir / "check.lua"
    script.write_text(LUA % ",\n".join(lua_string(b) for b in bodies))
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency", "-s", str(script), url],
                         capture_output=True, text=True, timeout=duration + 60).stdout
    found = {k: int(v) for k, v in re.findall(r"^(NON200|P50US|P99US|MEANUS) (\d+)$", out, re.M)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    total = int(re.search(r"(\d+) requests in", out).group(1))
    return {"median_ms": found["P50US"] / 1000, "p99_ms": found["P99US"] / 1000, "mean_ms": found["MEANUS"] / 1000,
            "requests": total, "requests_per_s": rps, "non_200": found["NON200"], "raw": out}


async def run_httpx(url: str, bodies: list[str], duration: int, connections: int) -> dict:
    latencies: list[float] = []
    bad = 0
    stop = time.monotonic() + duration

    async def client_loop(k: int, client: httpx.AsyncClient) -> None:
        nonlocal bad
        i = k
        while time.monotonic() < stop:
            t0 = time.perf_counter()
            r = await client.post(url, content=bodies[i % len(bodies)], headers={"Content-Type": "application/json"})
            latencies.append(time.perf_counter() - t0)
            bad += r.status_code != 200
            i += connections

    started = time.monotonic()
    async with httpx.AsyncClient(timeout=10, limits=httpx.Limits(max_connections=connections)) as client:
        await asyncio.gather(*(client_loop(k, client) for k in range(connections)))
    wall = time.monotonic() - started
    latencies.sort()
    return {"median_ms": statistics.median(latencies) * 1000,
            "p99_ms": latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] * 1000,
            "mean_ms": statistics.fmean(latencies) * 1000, "requests": len(latencies),
            "requests_per_s": len(latencies) / wall, "non_200": bad, "raw": ""}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commitments", type=int, default=10_000)
    parser.add_argument("--creators", type=int, default=1_000)
    parser.add_argument("--campaigns", type=int, default=40)
    parser.add_argument("--deals", type=int, default=300, help="distinct deal bodies cycled through")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load (at most 60)")
    parser.add_argument("--connections", type=int, default=4, help="concurrent connections (at most 64)")
    parser.add_argument("--client", choices=["wrk", "httpx"], default="wrk" if shutil.which("wrk") else "httpx")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    duration = max(1, min(args.duration, 60))
    connections = max(1, min(args.connections, 64))

    document = generate(creators=args.creators, campaigns=args.campaigns, days=180, seed=args.seed,
                        commitments=args.commitments)
    bodies_src = make_deals(document, args.deals, args.seed)
    with tempfile.TemporaryDirectory(prefix="roster-bench-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        server = start_server(workdir / "bench.db", port)
        try:
            base = f"http://{HOST}:{port}"
            t0 = time.perf_counter()
            r = httpx.post(f"{base}/scenarios", content=json.dumps(document), timeout=120)
            r.raise_for_status()
            sid = r.json()["id"]
            stored = time.perf_counter() - t0
            bodies = [json.dumps({"scenario": sid, "deal": d}) for d in bodies_src]
            answers = [httpx.post(f"{base}/check", content=b, headers={"Content-Type": "application/json"}, timeout=60).json() for b in bodies[:50]]
            if "allowed" not in answers[0]:
                raise SystemExit(f"/check failed: {answers[0]}")
            allowed = sum(a["allowed"] for a in answers)
            if args.client == "wrk":
                figures = run_wrk(f"{base}/check", bodies, duration, connections, workdir)
            else:
                figures = asyncio.run(run_httpx(f"{base}/check", bodies, duration, connections))
        finally:
            server.terminate()
            server.wait(timeout=30)
    figures.pop("raw", None)
    figures.update({"client": args.client, "connections": connections, "duration_s": duration,
                    "commitments": len(document["commitments"]), "creators": len(document["creators"]),
                    "store_seconds": round(stored, 2), "sample_allowed": f"{allowed}/{len(answers)}",
                    "cpus": os.cpu_count()})
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"/check against {figures['commitments']} commitments ({figures['creators']} creators), "
          f"{figures['client']}, {connections} connections, {duration} s on loopback, {figures['cpus']} CPUs")
    print(f"  median {figures['median_ms']:.2f} ms   p99 {figures['p99_ms']:.2f} ms   mean {figures['mean_ms']:.2f} ms")
    print(f"  throughput {figures['requests_per_s']:.0f} requests/s ({figures['requests']} requests, "
          f"{figures['non_200']} not 200)")
    print(f"  (scenario stored and indexed in {figures['store_seconds']} s; "
          f"{figures['sample_allowed']} sampled deals allowed)")


if __name__ == "__main__":
    main()
