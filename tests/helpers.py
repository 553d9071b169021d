"""What the tests share that is not a fixture: paths, case files, the CLI's result, real servers."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from recognition_kg.graph.records import ActRecord, EntityRecord, to_graph
from recognition_kg.graph.remote_store import RemoteStore

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
W3C = Path(__file__).resolve().parents[2] / "shared" / "w3c-protocol"
KASEI = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
#: the prologue of the curated writes of the tests and benchmarks: the project's namespaces
PREFIXES = """PREFIX rkg: <https://w3id.org/recognition-kg/ontology#>
PREFIX state: <https://w3id.org/recognition-kg/id/state/>
PREFIX act: <https://w3id.org/recognition-kg/id/act/>
PREFIX src: <https://w3id.org/recognition-kg/id/source/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
"""
RKG = [sys.executable, "-m", "recognition_kg.api.cli"]


def asof_cases() -> list[dict[str, Any]]:
    """The as-of cases of the shared specification (a copy kept in tests/fixtures)."""
    return json.loads((FIXTURES / "asof-cases.json").read_text())["cases"]  # type: ignore[no-any-return]


def case_graph_file(case: dict[str, Any], folder: Path) -> Path:
    """Write one as-of case as a Turtle file, through the same record mapping as the importer."""
    entities, kinds = [], {}
    for code, spec in case["entities"].items():
        spec = {"kind": spec} if isinstance(spec, str) else spec
        kinds[code] = spec["kind"]
        entities.append(EntityRecord(code, kind=spec["kind"], governs=spec.get("of"), exists_from=spec.get("since")))
    acts = [
        ActRecord(a["id"], a["type"], a["by"], a["of"], a.get("dates") or [a["date"]],
                  [a["source"]] if "source" in a else [], disputed=a.get("disputed", False))
        for a in case["acts"]
    ]
    path = folder / "case.ttl"
    to_graph(entities, acts, kinds=kinds).serialize(path, format="turtle")
    return path


@dataclass
class Run:
    """What a CLI invocation gave."""

    code: int
    out: str
    err: str
    raw: bytes = b""  #: standard output as bytes, line ends as written

    def json(self) -> Any:
        return json.loads(self.out)


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """A running ``rkg serve``."""

    url: str
    process: subprocess.Popen[bytes]
    log: Path
    #: the store it serves
    store: Path | None = None

    @property
    def sparql(self) -> str:
        return self.url + "/sparql"

    def logs(self) -> str:
        return self.log.read_text(errors="replace")

    def request(self, method: str, path: str, *, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request over HTTP to ``path`` (``/api/...``)."""
        return http(method, self.url + path, body=body, headers=headers)


@dataclass
class InProcess:
    """The app under Flask's test client, answering :meth:`request` as :class:`Server` does."""

    client: FlaskClient

    def request(self, method: str, path: str, *, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
        """One request to ``path`` through the WSGI app, no socket."""
        response = self.client.open(path, method=method, data=body, headers=headers or {})
        return response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.get_data()


def start_server(store: Path | str, tmp: Path, *extra: str) -> Server:
    """Start a server on a free port and wait (with a deadline) until it answers /healthz: over
    an on-disk store (a path), or over a remote store (its query URL, a str)."""
    port = free_port()
    log = tmp / f"server-{port}.log"
    where = ["--remote", store] if isinstance(store, str) else ["--store", str(store)]
    cmd = [*RKG, *where, "serve", "--port", str(port), *extra]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as r:
                if r.status == 200:
                    return Server(url, process, log, store if isinstance(store, Path) else None)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    stop_server(Server(url, process, log))
    raise RuntimeError(f"the server did not answer within 60 s: {log.read_text()}")


#: the curators of the servers that take writes in the tests, and their tokens
TOKENS = {"alice": "alice-token-0123456789abcdef", "bob": "bob-token-0123456789abcdef"}


def bearer(curator: str, message: str | None = None) -> dict[str, str]:
    """The headers of a write by ``curator`` (with a ``Change-Message`` when given)."""
    headers = {"Authorization": f"Bearer {TOKENS[curator]}"}
    if message is not None:
        headers["Change-Message"] = message
    return headers


def start_curated(store: Path, tmp: Path, *extra: str) -> Server:
    """A server taking curated writes (``--allow-updates``) from :data:`TOKENS`'s curators."""
    tokens = tmp / "tokens"
    tokens.write_text("# the test curators\n" + "".join(f"{n}:{t}\n" for n, t in TOKENS.items()))
    return start_server(store, tmp, "--allow-updates", "--tokens", str(tokens), *extra)


def dump(server: Server) -> bytes:
    """Every quad the server holds, as sorted N-Quads lines: equal bytes, equal data."""
    status, _, body = server.request("GET", "/store", headers={"Accept": "application/n-quads"})
    assert status == 200, body
    return b"\n".join(sorted(body.splitlines()))


def _started(command: list[str], log: Path, probe: str, name: str, seconds: float,
             cwd: Path | None = None) -> subprocess.Popen[bytes]:
    """A server process started in a session of its own, once ``probe`` (a URL) answers, polled
    with a deadline; its output goes to ``log``, shown when it stops or never answers."""
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} stopped: {log.read_text()}")
        try:
            with urllib.request.urlopen(probe, timeout=2):
                return process
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.05)
    stop_process(process)
    raise RuntimeError(f"{name} did not answer within {seconds:.0f} s: {log.read_text()}")


def start_oxigraph(tmp: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """``oxigraph serve`` on a free port (in memory unless ``extra`` says ``--location``), waited
    for with a deadline: the process and its query URL."""
    binary = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    port = free_port()
    url = f"http://127.0.0.1:{port}/query"
    process = _started([binary, "serve", "--bind", f"127.0.0.1:{port}", *extra], tmp / f"oxigraph-{port}.log",
                       url + "?query=ASK%7B%7D", "oxigraph serve", 30)
    return process, url


#: the curator the Virtuoso fixture creates, with the SPARQL_UPDATE role (its update grant)
VIRTUOSO_CURATOR = ("rkg", "curator-secret-1")

_VIRTUOSO_INI = """[Database]
DatabaseFile = virtuoso.db
ErrorLogFile = virtuoso.log
LockFile = virtuoso.lck
TransactionFile = virtuoso.trx
xa_persistent_file = virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = virtuoso-temp.db
TransactionFile = virtuoso-temp.trx
[Parameters]
ServerPort = {sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = .
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = {http_port}
ServerRoot = .
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 60
"""


def remote_store(spec: str) -> RemoteStore:
    """A remote store of a test, with the curator's credentials for a Virtuoso server."""
    return RemoteStore(spec, auth=VIRTUOSO_CURATOR if "dialect=virtuoso" in spec else None)


def start_virtuoso(tmp: Path, *, max_rows: int = 1_000_000) -> tuple[subprocess.Popen[bytes], str]:
    """Virtuoso 7 (Debian ``virtuoso-opensource``) with a database of its own in ``tmp``, on free
    loopback ports, waited for with a deadline; its curator (:data:`VIRTUOSO_CURATOR`) is
    created with the SPARQL_UPDATE role, through Virtuoso's own SQL client. The process and
    its query URL (``/sparql``)."""
    http_port, sql_port = free_port(), free_port()
    (tmp / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(http_port=http_port, sql_port=sql_port, max_rows=max_rows))
    url = f"http://127.0.0.1:{http_port}/sparql"
    process = _started(["virtuoso-t", "+foreground", "+configfile", "virtuoso.ini"], tmp / "virtuoso.out",
                       url + "?query=ASK%7B%7D", "Virtuoso", 90, cwd=tmp)
    user, password = VIRTUOSO_CURATOR
    grant = subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba",
                            f"exec=DB.DBA.USER_CREATE ('{user}', '{password}'); GRANT SPARQL_UPDATE TO \"{user}\";"],
                           capture_output=True, timeout=60)
    if grant.returncode != 0:
        stop_process(process)
        raise RuntimeError(f"isql-vt could not create the curator: {grant.stdout!r} {grant.stderr!r}")
    return process, url


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """Stop a server process of a test (its whole session), killing it if it does not stop."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)


def stop_server(server: Server) -> None:
    """Stop a server started by :func:`start_server`, killing it if it does not stop in time."""
    if server.process.poll() is None:
        os.killpg(server.process.pid, signal.SIGTERM)
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.process.pid, signal.SIGKILL)
            server.process.wait(5)


def http(method: str, url: str, *, body: bytes | None = None, headers: dict[str, str] | None = None,
         timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request; any status comes back as a value, never as an exception."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def readme_sessions() -> list[tuple[str, str]]:
    """(command, expected output) for every example shown in full (no elided output)."""
    found = []
    for block in re.findall(r"```console\n(.*?)```", (ROOT / "README.md").read_text(), re.S):
        lines = block.splitlines()
        for i, line in enumerate(lines):
            if not line.startswith("$ rkg "):
                continue
            out = []
            for nxt in lines[i + 1:]:
                if nxt.startswith("$ "):
                    break
                out.append(nxt)
            command = line[2:]
            if not out or "..." in "\n".join(out) or any(t in command for t in ("|", " -o ", "#", "serve", "export")):
                continue
            found.append((command, "\n".join(out)))
    return found
