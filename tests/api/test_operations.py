"""Operations: liveness, Prometheus metrics, request ids, one log line per request, no 500s."""

from __future__ import annotations

import json
import logging
import re
import time

import pytest

from tests.helpers import InProcess, Server, http


def test_healthz_reports_the_store(client: InProcess) -> None:
    status, _, body = client.request("GET", "/healthz")
    answer = json.loads(body)
    assert status == 200 and answer["ok"] is True and answer["triples"] > 0 and answer["statuses"] > 0


def test_a_served_worker_reads_its_indexes_after_start_up(server: Server) -> None:
    """Each worker reads its status and act indexes in the background (graph/status_index.py) and
    says so on /healthz; until then it answers from the named queries."""
    deadline = time.monotonic() + 60
    seen = []
    while time.monotonic() < deadline:
        _, _, body = http("GET", server.url + "/healthz")
        seen.append(json.loads(body)["indexes"])
        if seen[-5:] == ["ready"] * 5:
            break
        time.sleep(0.2)
    assert seen[-5:] == ["ready"] * 5, seen


def test_every_response_carries_a_request_id_and_echoes_a_given_one(client: InProcess) -> None:
    _, headers, _ = client.request("GET", "/healthz")
    assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
    _, headers, _ = client.request("GET", "/healthz", headers={"X-Request-Id": "trace-42"})
    assert headers["x-request-id"] == "trace-42"


def test_each_request_is_logged_in_one_line(client: InProcess, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="rkg.http"):
        client.request("GET", "/api/entities?text=russia", headers={"X-Request-Id": "log-line-test"})
    lines = [r.getMessage() for r in caplog.records if "rid=log-line-test" in r.getMessage()]
    assert len(lines) == 1
    assert re.search(r"GET /api/entities\?text=russia 200 [0-9.]+ms rid=log-line-test", lines[0])


def test_metrics_count_requests_by_route_and_status(client: InProcess) -> None:
    client.request("GET", "/api/recognisers?entity=nowhere")
    _, headers, body = client.request("GET", "/metrics")
    text = body.decode()
    assert headers["content-type"].startswith("text/plain; version=0.0.4")
    assert 'rkg_http_requests_total{route="/api/recognisers",status="404"}' in text
    assert "rkg_sparql_query_seconds_count" in text


def test_an_unknown_route_is_404_and_a_wrong_method_405(client: InProcess) -> None:
    assert client.request("GET", "/nowhere")[0] == 404
    status, headers, _ = client.request("DELETE", "/sparql")
    assert status == 405 and "GET" in headers["allow"]
