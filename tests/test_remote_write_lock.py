"""One writer at a time over a remote store (RemoteStore.write_lock), as over the embedded one:
the lock is a claim in the store itself, on a real ``oxigraph serve`` and a real Virtuoso."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from recognition_kg.graph.errors import StoreError
from recognition_kg.graph.remote_store import LOCK, RemoteStore
from tests.helpers import FIXTURES, VIRTUOSO_CURATOR, Run, start_oxigraph, stop_process

EX = "http://example.org/"
COUNTER = (URIRef(EX + "counter"), URIRef(EX + "value"))
G = URIRef(EX + "g")


@pytest.fixture(params=["oxigraph", "virtuoso"])
def url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty store of each engine: its spec; the curator's credentials in the environment."""
    if request.param == "oxigraph":
        process, url = start_oxigraph(tmp_path)
        yield url
        stop_process(process)
        return
    spec = request.getfixturevalue("virtuoso_server")
    monkeypatch.setenv("RKG_REMOTE_AUTH", ":".join(VIRTUOSO_CURATOR))
    with RemoteStore(spec) as store:
        store.drop_all()
    yield spec


def _value(store: RemoteStore) -> int:
    rows = store.values("SELECT ?n WHERE { GRAPH ?g { ?c ?v ?n } }", {"g": G, "c": COUNTER[0], "v": COUNTER[1]})
    return int(rows[0]["n"]) if rows else 0


def _add_one(url: str, times: int) -> None:
    """Read the counter, then write it one higher: a lost update unless writers take turns."""
    with RemoteStore(url) as store:
        for _ in range(times):
            with store.write_lock():
                n = _value(store)
                store.commit([], [(*COUNTER, Literal(n), G)] if n else [], [(*COUNTER, Literal(n + 1), G)])


def test_writers_that_hold_the_lock_take_turns(url: str) -> None:
    writers = [threading.Thread(target=_add_one, args=(url, 8)) for _ in range(3)]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    with RemoteStore(url) as store:
        assert _value(store) == 24
        assert store.named_graphs() == [G]  # the lock's graph is gone with its last claim


def test_a_held_lock_makes_another_writer_wait_then_fail_naming_the_claim(url: str) -> None:
    with RemoteStore(url) as first, RemoteStore(url) as second:
        with first.write_lock():
            start = time.monotonic()
            with pytest.raises(StoreError, match="another writer holds the write lock") as e:
                with second.write_lock(timeout=0.5):
                    pass
            assert time.monotonic() - start >= 0.5 and url.partition("#")[0] in str(e.value)
            assert len(first) == 0  # the claims are not data: not counted, not listed
        with second.write_lock(timeout=0.5):  # free again once the first lets go
            pass


def test_the_claim_of_a_writer_killed_mid_write_is_taken_away_when_stale(url: str) -> None:
    with RemoteStore(url) as store:
        dead = Literal(f"{time.time() - 3600:.6f} 1 a-writer-that-was-killed")
        store.commit([], [], [(URIRef(LOCK), URIRef("https://w3id.org/recognition-kg/staging#claimedBy"), dead,
                               URIRef(LOCK))])
        with store.write_lock(timeout=0.5, stale_after=600):
            claims = [o for _, _, o, _ in store.quads(g=URIRef(LOCK))]
            assert len(claims) == 1 and claims != [dead]  # its own claim only


def test_rkg_load_over_a_remote_store_waits_for_the_lock(url: str, rkg: Callable[..., Run]) -> None:
    with RemoteStore(url) as store:
        held = threading.Event()
        release = threading.Event()

        def hold() -> None:
            with store.write_lock():
                held.set()
                release.wait(30)

        holder = threading.Thread(target=hold)
        holder.start()
        assert held.wait(30)
        threading.Timer(1.0, release.set).start()  # the load runs once the holder lets go
        run = rkg("--remote", url, "load", str(FIXTURES / "year-precision.ttl"))
        holder.join()
        assert run.code == 0, run.out + run.err
        assert [e["sequence"] for e in rkg("--remote", url, "log", "--format", "json").json()["results"]] == [0, 1]
