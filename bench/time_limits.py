"""Is the time limit honoured, model building included?  Wall time of one solve by each front door.

For generated scenarios from S to XXL, a solve with ``--time-limit`` LIMIT is
timed through the CLI (``roster solve``, the whole process), a one-scenario
batch (``roster batch``), and the HTTP service (``roster serve``: from the
POST of the solve to the job's ``done``, worker start-up included).  Prints a
Markdown table for the README and writes bench/results/time_limits.json.

    .venv/bin/python bench/time_limits.py                   # all sizes, 10 s
    .venv/bin/python bench/time_limits.py --sizes S XXL --limit 5

Not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SIZES = {"S": (20, 5, 90), "M": (100, 20, 180), "L": (300, 40, 270), "XL": (1000, 100, 365),
         "XXL": (2000, 150, 365)}
BIN = Path(sys.executable).with_name("roster")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed(args: list[str]) -> float:
    started = time.monotonic()
    subprocess.run(args, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.monotonic() - started


def _http(path: Path, limit: float, workdir: Path) -> float:
    import httpx

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "ROSTER_API_KEY"}
    server = subprocess.Popen([str(BIN), "serve", "--port", str(port), "--db", f"sqlite:///{workdir / 'bench.db'}",
                               "--log-level", "warning"], env=env, cwd=workdir,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        with httpx.Client(base_url=url, timeout=60) as c:
            sid = c.post("/scenarios", content=path.read_bytes(), headers={"content-type": "application/json"}).json()["id"]
            started = time.monotonic()
            job_id = c.post(f"/scenarios/{sid}/solve", json={"time_limit_s": limit}).json()["id"]
            while c.get(f"/jobs/{job_id}").json()["status"] in ("queued", "running"):
                time.sleep(0.05)
            return time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", nargs="+", default=list(SIZES), choices=list(SIZES))
    parser.add_argument("--limit", type=float, default=10.0)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "time_limits.json")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in args.sizes:
            creators, campaigns, days = SIZES[size]
            path = work / f"{size}.json"
            subprocess.run([str(BIN), "generate", "--creators", str(creators), "--campaigns", str(campaigns),
                            "--days", str(days), "--seed", "5", "--commitments", str(creators // 10), "-o", str(path)],
                           check=True, capture_output=True)
            limit = str(args.limit)
            row = {"size": size, "creators": creators, "campaigns": campaigns, "days": days, "limit_s": args.limit,
                   "cli_s": round(_timed([str(BIN), "solve", str(path), "--time-limit", limit, "-q"]), 2),
                   "batch_s": round(_timed([str(BIN), "batch", str(path), "-o", str(work / f"out-{size}"),
                                            "--time-limit", limit]), 2),
                   "http_s": round(_http(path, args.limit, work), 2)}
            print(json.dumps(row), flush=True)
            rows.append(row)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n")
    print()
    print("| size (creators x campaigns x days) | limit | `roster solve` | `roster batch` (one scenario) | HTTP job |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['size']} {r['creators']}x{r['campaigns']}x{r['days']} | {r['limit_s']:g} s | {r['cli_s']} s | "
              f"{r['batch_s']} s | {r['http_s']} s |")


if __name__ == "__main__":
    main()
