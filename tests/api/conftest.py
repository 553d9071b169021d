"""Fixtures of the HTTP tests: the app under Flask's test client (fast, most tests), and real
``rkg serve`` processes on free loopback ports for what needs them (timeouts, clients, W3C suite)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from rdflib import URIRef

from recognition_kg.api import ServerConfig, create_app
from recognition_kg.graph.store import open_store
from tests.helpers import KASEI, W3C, InProcess, Server, start_curated, start_server, stop_server


@pytest.fixture(scope="session")
def app(bundled_store_dir: Path) -> Iterator[Flask]:
    """The app over the bundled data, as a worker of ``rkg serve`` runs it."""
    application = create_app(ServerConfig(store=str(bundled_store_dir), max_rows=10000, slots=2))
    yield application
    application.extensions["rkg"].close()


@pytest.fixture
def client(app: Flask) -> InProcess:
    """Flask's test client on the app: requests without sockets, answered as a server answers."""
    return InProcess(app.test_client())


@pytest.fixture(scope="session")
def server(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The default read-only server over the bundled data."""
    tmp = tmp_path_factory.mktemp("server")
    store = tmp / "store"
    shutil.copytree(bundled_store_dir, store)
    running = start_server(store, tmp, "--max-rows", "10000", "--slots", "2")
    yield running
    stop_server(running)


@pytest.fixture(scope="session")
def kasei_server(bundled_store_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose store also holds the W3C suite's three graphs under their kasei.us names."""
    if not W3C.exists():
        pytest.skip("the W3C protocol tests are not beside this checkout")
    tmp = tmp_path_factory.mktemp("kasei")
    store = tmp / "store"
    shutil.copytree(bundled_store_dir, store)
    with open_store(store) as handle:
        for i in (1, 2, 3):
            handle.load((W3C / f"data{i}.nt").read_bytes(), "nt", graph=URIRef(KASEI.format(i)))
    running = start_server(store, tmp, "--slots", "2")
    yield running
    stop_server(running)


@pytest.fixture
def curated(bundled_store_dir: Path, tmp_path: Path) -> Iterator[Server]:
    """A server taking curated writes, on its own copy of the bundled data (each test its own)."""
    store = tmp_path / "store"
    shutil.copytree(bundled_store_dir, store)
    running = start_curated(store, tmp_path, "--slots", "2")
    yield running
    stop_server(running)


# ------------------------------------------------------------------ the web page in a real browser

#: where the browser tests leave their screenshots (not committed)
SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (no browser download). Where there is none, the
    browser tests skip with the reason, except in CI (``RKG_REQUIRE_BROWSER=1``), where they fail."""
    import os

    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = "playwright is not installed (pip install -e '.[test]')"
    if executable is None:
        reason = reason or "no Chromium on this machine (Debian: apt-get install chromium)"
    if reason is not None:
        if os.environ.get("RKG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"RKG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Page:
    """A browser page on the server, with every URL it asked for."""

    page: Any
    base: str
    requested: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        """Open ``path`` and wait (with a deadline) until the page says it is ready."""
        self.page.goto(self.base + path)
        self.page.wait_for_selector("body[data-ready=true]", timeout=20_000)

    def elsewhere(self) -> list[str]:
        """The requests that left the app's origin."""
        return [u for u in self.requested if not (u.startswith(self.base + "/") or u.startswith("data:"))]


@pytest.fixture
def page(chromium: Any, server: Server) -> Iterator[Page]:
    """A fresh page at 1280x800 on the default server."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    opened = Page(context.new_page(), server.url)
    opened.page.on("request", lambda r: opened.requested.append(r.url))
    yield opened
    context.close()
