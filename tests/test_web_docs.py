"""/docs and /redoc work with no network: their assets come from the installed package (real Chromium)."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from creator_roster.api.app import create_app
from creator_roster.api.settings import ServerSettings

from . import browser
from .test_api_server import Server, free_port

ROSTER = str(Path(sys.executable).with_name("roster"))
KEY = "a-key-of-twenty-four-ch"


def test_the_docs_pages_name_only_assets_of_this_server(tmp_path):
    app = create_app(ServerSettings(database_url=f"sqlite:///{tmp_path / 'r.db'}", api_key=KEY + "x"))
    with TestClient(app, base_url="http://localhost") as c:
        for page in ("/docs", "/redoc"):
            html = c.get(page)
            assert html.status_code == 200  # open without the key, like /openapi.json
            assert re.findall(r"https?://", html.text) == [], html.text  # no CDN, no Google fonts
            for asset in re.findall(r'(?:src|href)="([^"]+)"', html.text):
                assert asset.startswith(("/docs-assets/", "/docs-redoc.js")) and c.get(asset).status_code == 200, asset
        assert b"cdn.redoc.ly" not in c.get("/docs-redoc.js").content
        assert c.get("/scenarios").status_code == 401  # the rest still needs the key


def start_server(folder: Path, env: dict | None = None) -> Server:
    """`roster serve` on a free loopback port, on a SQLite file in ``folder`` (test_api_server.Server)."""
    return Server(folder / "r.db", free_port(), env).start()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    missing = browser.why_not()
    if missing:
        pytest.skip(f"{missing}: {browser.HOW_TO_GET_IT}")
    running = start_server(tmp_path_factory.mktemp("web"))
    yield running.url
    running.stop()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=browser.chromium_path(), args=browser.CHROMIUM_FLAGS)
        yield instance
        instance.close()


def artifacts(tmp_path: Path) -> Path:
    """Where screenshots go: ROSTER_TEST_ARTIFACTS when set (CI keeps them), else the test's tmp folder."""
    folder = Path(os.environ.get("ROSTER_TEST_ARTIFACTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("page_path, ready, title", [
    ("/docs", ".swagger-ui .info .title", "creator-roster"),
    ("/redoc", "h1", "creator-roster"),
])
def test_the_api_docs_render_in_chromium_with_no_other_host(server, chromium, tmp_path, page_path, ready, title):
    page = chromium.new_page(viewport={"width": 1280, "height": 900})
    watched = browser.Watched(server)
    watched.attach(page)
    page.goto(server + page_path)
    page.wait_for_selector(ready, timeout=30_000)
    assert title in page.inner_text(ready)
    page.screenshot(path=str(artifacts(tmp_path) / f"docs{page_path.replace('/', '-')}.png"))
    watched.assert_clean()
    page.close()
