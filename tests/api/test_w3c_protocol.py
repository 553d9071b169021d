"""The W3C SPARQL 1.1 Protocol tests pass against the real server."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.helpers import W3C, Server

BAD_UPDATES = ["bad_update_get", "bad_multiple_updates", "bad_update_wrong_media_type",
               "bad_update_missing_form_type", "bad_update_non_utf8", "bad_update_syntax",
               "bad_update_dataset_conflict"]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    if not W3C.exists():
        pytest.skip("the W3C protocol tests are not beside this checkout")
    return subprocess.run([sys.executable, str(W3C / "run"), *args], capture_output=True, text=True, timeout=300)


def test_every_query_test_passes_on_the_default_server(server: Server) -> None:
    run = _run(server.sparql)
    assert run.returncode == 0, run.stdout
    assert run.stdout.strip().splitlines()[-1].startswith("14 passed, 0 failed")


def test_the_dataset_tests_pass_when_the_suite_graphs_are_stored(kasei_server: Server) -> None:
    run = _run(kasei_server.sparql)
    assert run.returncode == 0, run.stdout
    assert run.stdout.strip().splitlines()[-1].startswith("20 passed, 0 failed")


@pytest.mark.parametrize("name", BAD_UPDATES)
def test_every_bad_update_is_refused_with_a_4xx(server: Server, name: str) -> None:
    run = _run(server.sparql, "--update-url", server.sparql, "--only", name)
    assert run.stdout.strip().splitlines()[-1] == "1 passed, 0 failed, 0 skipped", run.stdout


def test_a_post_without_a_content_type_is_415_by_the_plain_check(server: Server) -> None:
    """Issue 12: the runner now sends no Content-Type at all, and the endpoint's own check answers."""
    run = _run(server.sparql, "--only", "bad_query_missing_form_type")
    assert run.stdout.strip().splitlines()[-1] == "1 passed, 0 failed, 0 skipped", run.stdout
