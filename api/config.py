"""How the server runs: :class:`ServerConfig`, every setting with its default and its help.

``rkg serve`` builds its options from it (:func:`settings`), so that the two never disagree.
Nothing heavy is imported here: the console script reads these options on every call.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

__all__ = ["ServerConfig", "Setting", "settings"]


def _setting(default: Any, help: str, *, minimum: float | None = None, maximum: float | None = None) -> Any:
    return field(default=default, metadata={"help": help, "min": minimum, "max": maximum})


@dataclass(frozen=True)
class ServerConfig:
    """How the server runs: each field is one ``rkg serve`` option, with its default and help."""

    store: str = field(default="", metadata={"help": "The on-disk store to serve (default: the bundled store, "
                                                     "built when new).", "min": None, "max": None})
    host: str = _setting("127.0.0.1", "Address to listen on.")
    port: int = _setting(5000, "Port to listen on.", minimum=0, maximum=65535)
    workers: int = _setting(2, "Web worker processes.", minimum=1, maximum=64)
    slots: int = _setting(4, "SPARQL queries each worker runs at once (threads and executor processes).",
                          minimum=1, maximum=64)
    query_timeout: float = _setting(10.0, "Seconds a SPARQL query may run before it is stopped with a 503.",
                                    minimum=0.1, maximum=3600)
    max_rows: int = _setting(100_000, "Results are cut after this many rows, with an X-Result-Truncated header.",
                             minimum=1)
    max_body: int = _setting(1 << 20, "Largest request body accepted, in bytes (413 beyond).", minimum=1)
    request_timeout: float = _setting(10.0, "Seconds a client has to send a whole request, headers and body (408 "
                                            "beyond): requests are read before a thread takes them, so slow "
                                            "clients hold no thread.", minimum=0.1, maximum=3600)
    queue: int = _setting(128, "Requests each worker takes at once, answering and waiting for a thread; a "
                               "request past them is answered 503 with Retry-After at once.", minimum=1)
    budget: float = _setting(0.0, "Seconds of SPARQL query time each client may use a minute (429 with "
                                  "Retry-After beyond; 0: no budget).", minimum=0)
    cache_max_age: int = _setting(60, "Seconds a client or proxy may reuse an answer without asking again "
                                      "(Cache-Control max-age); it then revalidates with the ETag (304).",
                                  minimum=0)
    allow_updates: bool = _setting(False, "Take curated writes (SPARQL Update at /update, Graph Store PUT/POST/DELETE "
                                          "at /store), each with a curator's bearer token from --tokens; without "
                                          "it every write is refused with 403.")
    tokens: str = _setting("", "A file of curators' tokens, one 'name:token' line each (# comments); tokens are "
                               "never given on the command line. Needed with --allow-updates.")
    write_timeout: float = _setting(120.0, "Seconds a write may take, waiting for the write lock included, before "
                                           "it is stopped with a 503 (committed whole or not at all).",
                                    minimum=1, maximum=3600)
    remote_recheck: float = _setting(5.0, "Over a remote store (rkg --remote URL serve): seconds between two "
                                          "questions of its data version, so that writes by other servers and "
                                          "tools are seen.", minimum=0, maximum=3600)
    preload_max_quads: int = _setting(2_000_000, "Answer the JSON API and SPARQL from in-memory copies of stores "
                                                 "up to this size (0: never).", minimum=0)


@dataclass(frozen=True)
class Setting:
    """One field of :class:`ServerConfig` as a command-line option sees it."""

    name: str
    type: type
    default: Any
    help: str
    minimum: float | None
    maximum: float | None

    @property
    def option(self) -> str:
        """The option's spelling: ``--query-timeout``."""
        return "--" + self.name.replace("_", "-")


def settings() -> list[Setting]:
    """The fields of :class:`ServerConfig`, in order, for building command-line options.

    >>> [s.option for s in settings()][:3]
    ['--store', '--host', '--port']
    """
    kinds = {"str": str, "int": int, "float": float, "bool": bool}
    return [Setting(f.name, kinds[str(f.type)], f.default, f.metadata["help"], f.metadata["min"], f.metadata["max"])
            for f in fields(ServerConfig)]
