"""The engine over a remote SPARQL 1.1 store (graph/remote_store.py), on each engine it speaks:
``oxigraph serve`` (PyPI ``oxigraph``) and Virtuoso 7 (Debian ``virtuoso-opensource``), each on
free loopback ports: the same answers as the embedded store, writes that keep the rules, and a
clear error when the store stops answering.

The 22 shared as-of cases and the store tests run on both too, as the ``remote`` and
``virtuoso`` adapters of the ``empty_store`` fixture (tests/conftest.py)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from recognition_kg.graph import asof, changelog
from recognition_kg.graph.errors import StoreUnavailable
from recognition_kg.graph.export import records, render
from recognition_kg.graph.remote_store import RemoteStore
from recognition_kg.graph.status_index import StatusIndex
from recognition_kg.graph.store import Store, open_store
from tests.helpers import (
    FIXTURES,
    VIRTUOSO_CURATOR,
    Run,
    Server,
    free_port,
    start_oxigraph,
    start_virtuoso,
    stop_process,
)

DAYS = [dt.date(1998, 6, 1), dt.date(2008, 10, 31), dt.date(2025, 8, 1)]
ENTITIES = ["XKX", "AFG-IEA-2021", "PSE", "ESH", "CHN-ROC-1912"]


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(request: pytest.FixtureRequest, bundled_store: Store,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    """A server of each engine holding the bundled data, sent whole; the curator's credentials
    are in the environment, as ``rkg --remote`` reads them."""
    if request.param == "oxigraph":
        process, spec = start_oxigraph(tmp_path_factory.mktemp("remote"))
    else:
        request.getfixturevalue("virtuoso_server")  # skips (or fails in CI) without Virtuoso
        process, url = start_virtuoso(tmp_path_factory.mktemp("remote-virtuoso"))
        spec = url + "#dialect=virtuoso"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("RKG_REMOTE_AUTH", ":".join(VIRTUOSO_CURATOR))
        store = RemoteStore(spec)
        store.load(bundled_store.dump("nquads"), "nquads")
        yield store
        store.close()
    stop_process(process)


def _named(dump: bytes) -> list[bytes]:
    """A dump's lines without blank nodes (whose labels are the store's own), sorted."""
    return sorted(line for line in dump.splitlines() if b"_:" not in line)


def test_the_remote_store_holds_what_the_embedded_one_holds(remote: RemoteStore, bundled_store: Store) -> None:
    assert len(remote) == len(bundled_store)
    assert remote.named_graphs() == bundled_store.named_graphs()
    assert _named(remote.dump("nquads")) == _named(bundled_store.dump("nquads"))


@pytest.mark.parametrize("entity", ENTITIES)
def test_lookups_answer_the_same_from_the_remote_store(remote: RemoteStore, bundled_store: Store, entity: str) -> None:
    for day in DAYS:
        assert asof.recognisers(remote, entity, day) == asof.recognisers(bundled_store, entity, day)
        assert asof.count(remote, entity, day) == asof.count(bundled_store, entity, day)
    assert asof.timeline(remote, entity) == asof.timeline(bundled_store, entity)


def test_the_index_read_from_the_remote_store_answers_the_same(remote: RemoteStore, bundled_store: Store) -> None:
    ours, theirs = StatusIndex.read(bundled_store), StatusIndex.read(remote)
    assert theirs.intervals == ours.intervals
    for day in DAYS:
        assert asof.changes(remote, DAYS[0], day, index=theirs) == asof.changes(bundled_store, DAYS[0], day, index=ours)
        assert asof.recognised_by(remote, "RUS", day, index=theirs) == asof.recognised_by(bundled_store, "RUS", day)


def test_exports_are_the_same_from_the_remote_store(remote: RemoteStore, bundled_store: Store) -> None:
    for kwargs in ({"as_of": DAYS[1]}, {"start": DAYS[0], "end": DAYS[2]}):
        ours, theirs = records(bundled_store, **kwargs), records(remote, **kwargs)
        for fmt in ("json", "gexf", "graphml", "cytoscape", "dot", "csv"):  # every text format of the export
            assert render(theirs, fmt) == render(ours, fmt), fmt


def test_a_load_into_the_remote_store_that_does_not_conform_changes_nothing(
        remote: RemoteStore, rkg: Callable[..., Run]) -> None:
    before = sorted(remote.dump("nquads").splitlines())
    run = rkg("--remote", remote.spec, "load", str(FIXTURES / "withdrawal-before-recognition.ttl"))
    assert run.code == 1, run.out + run.err
    assert "is dated before any recognition" in run.out
    assert sorted(remote.dump("nquads").splitlines()) == before


def test_a_load_into_the_remote_store_is_validated_derived_and_logged(remote: RemoteStore,
                                                                      rkg: Callable[..., Run]) -> None:
    run = rkg("--remote", remote.spec, "load", str(FIXTURES / "year-precision.ttl"), "-m", "over the wire")
    assert run.code == 0, run.out + run.err
    status = rkg("--remote", remote.spec, "status", "QYA", "QYB", "--as-of", "1993-06-01", "--format", "json")
    assert status.json()["results"][0]["status"] == "recognised"
    log = rkg("--remote", remote.spec, "log", "--format", "json").json()["results"]
    assert log[-1]["message"] == "over the wire"


def test_a_store_that_does_not_answer_is_a_clear_error_with_its_url(rkg: Callable[..., Run]) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreUnavailable, match=url.replace("/query", "")):
        with open_store(url) as store:
            store.ask("ASK {}")
    run = rkg("--remote", url, "status", "RUS", "AFG", "--format", "json")
    assert run.code == 3 and url in run.err and "Traceback" not in run.err


@pytest.mark.parametrize("engine", ["oxigraph", "virtuoso"])
def test_a_store_that_stops_mid_run_is_a_clear_error(engine: str, tmp_path: Path,
                                                     request: pytest.FixtureRequest) -> None:
    if engine == "oxigraph":
        process, url = start_oxigraph(tmp_path)
        spec = url
    else:
        request.getfixturevalue("virtuoso_server")  # skips (or fails in CI) without Virtuoso
        process, url = start_virtuoso(tmp_path)
        spec = url + "#dialect=virtuoso"
    store = RemoteStore(spec)
    assert store.ask("ASK {}") is True
    stop_process(process)
    with pytest.raises(StoreUnavailable) as e:
        store.values("SELECT * WHERE { ?s ?p ?o }")
    assert url in str(e.value) and e.value.http_status == 503 and e.value.exit_code == 3


def test_two_servers_over_one_remote_store_answer_the_same_with_the_same_etags(
        remote: RemoteStore, tmp_path: Path) -> None:
    from tests.helpers import RKG, start_server, stop_server

    servers: list[Server] = []
    try:
        for _ in range(2):
            servers.append(start_server(remote.spec, tmp_path, "--workers", "1", "--slots", "1",
                                        "--remote-recheck", "1"))
        answers = [s.request("GET", "/api/recognisers?entity=XKX&as_of=2008-10-31") for s in servers]
        assert answers[0][0] == answers[1][0] == 200
        assert json.loads(answers[0][2]) == json.loads(answers[1][2])
        assert answers[0][1]["etag"] == answers[1][1]["etag"]
        # A write by another tool (here rkg load) is seen by both within --remote-recheck (1 s).
        made_up = tmp_path / "zedlands.ttl"
        made_up.write_text((FIXTURES / "year-precision.ttl").read_text().replace("QY", "QZ").replace("qy", "qz"))
        loaded = subprocess.run([*RKG, "--remote", remote.spec, "load", str(made_up)], capture_output=True)
        assert loaded.returncode == 0, loaded.stderr
        deadline = time.monotonic() + 30
        seen = [False, False]
        while not all(seen) and time.monotonic() < deadline:
            for i, s in enumerate(servers):
                seen[i] = s.request("GET", "/api/status?recogniser=QZA&recognised=QZB&as_of=1993-06-01")[0] == 200
            time.sleep(0.1)
        assert all(seen), "a server did not see the other tool's write"
        after = [s.request("GET", "/api/recognisers?entity=XKX&as_of=2008-10-31")[1]["etag"] for s in servers]
        assert after[0] == after[1] != answers[0][1]["etag"]
    finally:
        for s in servers:
            stop_server(s)


def test_the_endpoints_and_the_credentials_can_be_named_apart(remote: RemoteStore, rkg: Callable[..., Run],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    run = rkg("--remote", remote.url, "--remote-update", remote.update_url, "--remote-store", remote.store_url,
              "--remote-dialect", remote.dialect.name, "count", "XKX", "--as-of", "2008-10-31", "--format", "json")
    assert run.code == 0, run.err
    assert run.json()["results"][0]["certain"] > 0
    monkeypatch.setenv("RKG_REMOTE_AUTH", "no colon here")
    assert rkg("--remote", remote.spec, "count", "XKX").code == 3
    assert rkg("--remote", "ftp://example.org/query", "count", "XKX").code == 2


def test_the_bundled_data_fills_an_empty_remote_store_and_a_full_one_is_refused(
        rkg: Callable[..., Run], bundled_store: Store, tmp_path: Path) -> None:
    process, url = start_oxigraph(tmp_path)
    try:
        run = rkg("--remote", url, "load", "--bundled")
        assert run.code == 0, run.out + run.err
        with RemoteStore(url) as remote:
            # The same quads; only the base entry's time (the build) differs.
            data = [line for line in _named(bundled_store.dump("nquads")) if b"graph/log>" not in line]
            assert [line for line in _named(remote.dump("nquads")) if b"graph/log>" not in line] == data
            assert len(remote) == len(bundled_store)
            assert changelog.entries(remote)[0].base
        again = rkg("--remote", url, "load", "--bundled")
        assert again.code == 2 and "already" in again.err
        assert rkg("load", "--bundled").code == 2  # a local store builds itself
    finally:
        stop_process(process)


def test_a_server_over_the_remote_store_passes_the_w3c_protocol_query_tests(remote: RemoteStore,
                                                                            tmp_path: Path) -> None:
    """The SPARQL 1.1 Protocol's query tests (../shared/w3c-protocol), with their three graphs
    stored: what a user's own SPARQL client meets, whichever engine holds the data."""
    from tests.helpers import KASEI, W3C, start_server, stop_server

    if not W3C.exists():
        pytest.skip("the W3C protocol tests are not beside this checkout")
    graphs = [URIRef(KASEI.format(i)) for i in (1, 2, 3)]
    for i, g in enumerate(graphs, 1):
        remote.load((W3C / f"data{i}.nt").read_bytes(), "nt", graph=g)
    server = start_server(remote.spec, tmp_path, "--slots", "2")
    try:
        run = subprocess.run([sys.executable, str(W3C / "run"), server.sparql], capture_output=True, text=True,
                             timeout=300)
        assert run.returncode == 0, run.stdout
        assert run.stdout.strip().splitlines()[-1].startswith("20 passed, 0 failed"), run.stdout
    finally:
        stop_server(server)
        remote.commit(graphs, [], [])
