"""A real PostgreSQL server for the tests: Debian's binaries, a throw-away cluster, one database per test.

The server is started once per test session from ``initdb`` and ``pg_ctl``
(found on PATH or under /usr/lib/postgresql/*/bin), listening on 127.0.0.1
at a free port, with fsync off (the data is thrown away).  As root, the
binaries run as the ``postgres`` user, since PostgreSQL refuses to run as
root.  Without the binaries or the psycopg driver the tests that need it
skip and say how to get them.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from typing import Optional

HOW_TO_GET_IT = ("needs a PostgreSQL server: install Debian's postgresql package (apt-get install postgresql) "
                 "and the driver (pip install -e '.[test]' brings psycopg); .ci/run does both")


def _binary(name: str) -> Optional[str]:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    """One throw-away cluster; ``new_database()`` gives each test its own empty database."""

    def __init__(self):
        self.initdb, self.pg_ctl = _binary("initdb"), _binary("pg_ctl")
        self.root: Optional[Path] = None
        self.port = _free_port()
        self.prefix: list[str] = []

    def why_not(self) -> Optional[str]:
        """None when a server can be started here; otherwise what is missing."""
        if not (self.initdb and self.pg_ctl):
            return "initdb/pg_ctl not found"
        try:
            import psycopg  # noqa: F401
        except ImportError:
            return "the psycopg driver is not installed"
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                return "running as root and there is no postgres user to run the server as"
            if not shutil.which("runuser"):
                return "running as root and runuser is not available"
        return None

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="roster-pg-"))
        if os.geteuid() == 0:
            self.prefix = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.root, user="postgres")
        data = self.root / "data"
        self._run(self.initdb, "-D", str(data), "-A", "trust", "-U", "roster", "-E", "UTF8", "--no-sync")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off " \
                  "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        self._run(self.pg_ctl, "-D", str(data), "-o", options, "-l", str(self.root / "log"), "-w", "-t", "60", "start")

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            self._run(self.pg_ctl, "-D", str(self.root / "data"), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://roster@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"postgresql://roster@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
