"""A real headless Chromium for the web tests: Debian's ``chromium``, driven by Playwright for Python.

Nothing downloads a browser: Playwright is pointed at the system executable.
Every page a test opens is watched: a request to any host but the app's, a
console error or an uncaught page error fails the test.  Without Chromium or
Playwright the tests skip, saying how to get them.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from typing import Optional
from urllib.parse import urlsplit

HOW_TO_GET_IT = ("needs Debian's chromium (apt-get install chromium) and Playwright for Python "
                 "(pip install -e '.[test]'); .ci/run installs both")

CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> Optional[str]:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def why_not() -> Optional[str]:
    if chromium_path() is None:
        return "no chromium executable on PATH"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed"
    return None


@dataclass
class Watched:
    """What a page did that a test must not allow."""

    origin: str
    foreign: list[str] = field(default_factory=list)  # requests to another host
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    expected_statuses: set[int] = field(default_factory=set)  # error answers the test provokes on purpose

    def attach(self, page) -> None:
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _console(self, msg) -> None:
        if msg.type != "error":
            return
        # Chromium logs every 4xx answer to fetch(); one the test asked for (a 422 for a bad upload) is fine.
        if any(f"status of {code} " in msg.text for code in self.expected_statuses):
            return
        self.errors.append(f"console: {msg.text}")

    def _request(self, request) -> None:
        url = request.url
        if url.startswith(("data:", "blob:", "about:")):
            return
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.origin:
            self.foreign.append(url)

    def assert_clean(self) -> None:
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        assert self.errors == [], f"errors in the page: {self.errors}"
