"""``make serve`` and ``rkg serve`` name every way the server runs (issue 15)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable

from recognition_kg.api.config import settings
from tests.helpers import ROOT, Run


def test_make_serve_honours_host_and_port() -> None:
    run = subprocess.run(["make", "-n", "serve", "HOST=0.0.0.0", "PORT=8080"], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    line = next(x for x in run.stdout.splitlines() if "rkg serve" in x)
    assert "--host 0.0.0.0" in line and "--port 8080" in line


def test_make_serve_without_them_keeps_the_defaults() -> None:
    run = subprocess.run(["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, check=True)
    line = next(x for x in run.stdout.splitlines() if "rkg serve" in x)
    assert "--host" not in line and "--port" not in line


def test_rkg_serve_help_documents_every_limit(rkg: Callable[..., Run]) -> None:
    text = " ".join(rkg("serve", "--help").out.split())
    for s in settings():
        assert s.option in text, s.option
    for limit in ("--request-timeout", "--queue", "--budget", "--max-body", "--query-timeout", "--max-rows",
                  "--cache-max-age"):
        assert limit in text
    assert "408" in text and "503" in text and "429" in text and "413" in text
